/* tty_server.c - the Linux terminal task: the console session as the Linux processes' terminal,
 * served to the Linux server. */
#include "tty_discipline.h"
#include "tty_proto.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/utcb.h>
#include <stdio.h>
#include <string.h>

/*
 * A task of its own (docs/linux.md, "The terminal"): it holds the console session
 * (its log capability, without a tag) and nothing of the Linux processes; the Linux
 * server reaches it through the gate it serves ("srv" here, "tty" there). It holds the
 * line discipline's state; the Linux server copies what processes read, write and
 * pass to ioctls between their memory and the messages.
 */

#define LABEL_INPUT 4  /* the console session's IRQ: something was typed */
#define LABEL_SRV   16 /* the Linux server's calls */

static l4_cap_idx_t notify = L4_INVALID_CAP; /* the Linux server's IRQ */
static int event_sig;
static uint32_t event_pgrp;

/* ICU BIND of line 0 to the IRQ the message carries (in the receive slot). */
static long bind_notify(const l4_msg_regs_t *mr, l4_msgtag_t tag, l4_cap_idx_t *slot)
{
	if (l4_msgtag_words(tag) < 2 || mr->mr[0] != L4_ICU_OP_BIND || mr->mr[1] != 0 ||
	    l4_msgtag_items(tag) < 1)
		return -22;
	if (l4_is_valid_cap(notify))
		l4re_util_cap_free_um(notify);
	notify = *slot;
	*slot = l4re_util_cap_alloc();
	return 0;
}

static l4_msgtag_t serve(l4_msgtag_t tag, l4_cap_idx_t *slot)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	unsigned words = l4_msgtag_words(tag);
	uint8_t data[LX_TTY_MSG_BYTES];
	if (l4_msgtag_label(tag) == L4_PROTO_IRQ)
		return l4_msgtag(bind_notify(mr, tag, slot), 0, 0, 0);
	if (l4_msgtag_label(tag) != LX_TTY_PROTO || words < 1)
		return l4_msgtag(-38, 0, 0, 0);
	switch (mr->mr[0]) {
	case LX_TTY_READ: {
		unsigned long n = words > 1 ? mr->mr[1] : 0;
		long r = tty_read(data, n < sizeof(data) ? n : sizeof(data));
		if (r > 0)
			memcpy(&mr->mr[0], data, (size_t)r);
		return l4_msgtag(r, r > 0 ? ((unsigned)r + 3) / 4 : 0, 0, 0);
	}
	case LX_TTY_WRITE: {
		unsigned long n = words > 1 ? mr->mr[1] : 0;
		if (n > LX_TTY_MSG_BYTES || words < 2 + (n + 3) / 4)
			return l4_msgtag(-22, 0, 0, 0);
		return l4_msgtag(tty_write((const uint8_t *)&mr->mr[2], n), 0, 0, 0);
	}
	case LX_TTY_POLL:
		return l4_msgtag((long)tty_poll(), 0, 0, 0);
	case LX_TTY_IOCTL: {
		bool in;
		if (words < 4)
			return l4_msgtag(-22, 0, 0, 0);
		unsigned size = lx_tty_ioctl_size(mr->mr[1], &in);
		if (in && words < 4 + (size + 3) / 4)
			return l4_msgtag(-22, 0, 0, 0);
		memset(data, 0, sizeof(data));
		if (in)
			memcpy(data, &mr->mr[4], size);
		long r = tty_ioctl(mr->mr[1], mr->mr[2], data, mr->mr[3]);
		if (in || r < 0)
			return l4_msgtag(r, 0, 0, 0);
		memcpy(&mr->mr[0], data, size);
		return l4_msgtag(r, (size + 3) / 4, 0, 0);
	}
	case LX_TTY_SESSION:
		if (words < 3)
			return l4_msgtag(-22, 0, 0, 0);
		tty_set_session(mr->mr[1], mr->mr[2]);
		return l4_msgtag(0, 0, 0, 0);
	case LX_TTY_EVENT:
		mr->mr[0] = (l4_umword_t)event_sig;
		mr->mr[1] = event_pgrp;
		event_sig = 0;
		event_pgrp = 0;
		return l4_msgtag(0, 2, 0, 0);
	default:
		return l4_msgtag(-38, 0, 0, 0);
	}
}

int main(void)
{
	l4re_env_t *e = l4re_env();
	l4_cap_idx_t srv = l4re_env_get_cap("srv");
	if (l4_is_invalid_cap(srv) ||
	    l4_error(l4_rcv_ep_bind_thread(srv, e->main_thread, LABEL_SRV)) < 0 ||
	    tty_init(e->log, e->main_thread, LABEL_INPUT) != 0) {
		printf("linux-tty: no gate to serve or no console session\n");
		return 1;
	}
	l4_cap_idx_t slot = l4re_util_cap_alloc(); /* where an IRQ to bind arrives */
	l4_umword_t label;
	l4_msgtag_t reply = l4_msgtag(0, 0, 0, 0), tag;
	bool answer = false;
	for (;;) {
		l4_utcb_br()->bdr = 0;
		l4_utcb_br()->br[0] = slot | L4_RCV_ITEM_SINGLE_CAP;
		tag = answer ? l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER)
			     : l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
		answer = false;
		if (l4_ipc_error(tag, l4_utcb()))
			continue;
		if (label == LABEL_INPUT) { /* typed: the Linux server looks (LX_TTY_EVENT) */
			int sig;
			uint32_t pgrp = tty_input(&sig);
			if (sig) {
				event_sig = sig;
				event_pgrp = pgrp;
			}
			if (l4_is_valid_cap(notify))
				l4_irq_trigger(notify);
			continue;
		}
		if ((label & ~3ul) == LABEL_SRV) {
			reply = serve(tag, &slot);
			answer = true;
		}
	}
}
