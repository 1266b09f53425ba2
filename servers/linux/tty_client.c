/* tty_client.c - the Linux server's side of its terminal: calls to the terminal task (tty_proto.h).
 */
#include "tty.h"
#include "process.h"
#include "tty_proto.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/utcb.h>
#include <string.h>

enum { EFAULT = 14, EIO = 5, ENOTTY = 25 };

static l4_cap_idx_t gate = L4_INVALID_CAP;
static uint32_t session, foreground; /* as told to the task, and as TIOCSPGRP set it */

/* Call the terminal task with @words words of operation in the UTCB. Return: the
 * reply's label (the result), -EIO if the task is not there. */
static long call(unsigned words)
{
	l4_msgtag_t tag =
	    l4_ipc_call(gate, l4_utcb(), l4_msgtag(LX_TTY_PROTO, words, 0, 0), L4_IPC_NEVER);
	return l4_ipc_error(tag, l4_utcb()) ? -EIO : l4_msgtag_label(tag);
}

int lx_tty_init(l4_cap_idx_t tty, l4_cap_idx_t thread, l4_umword_t label)
{
	l4_cap_idx_t irq = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(tty) ||
	    l4_error(l4_factory_create_irq(l4re_env()->factory, irq)) < 0 ||
	    l4_error(l4_rcv_ep_bind_thread(irq, thread, label)) < 0 ||
	    l4_error(l4_icu_bind(tty, 0, irq)) < 0)
		return -1;
	gate = tty;
	return 0;
}

bool lx_tty_present(void)
{
	return l4_is_valid_cap(gate);
}

void lx_tty_set_session(uint32_t sid, uint32_t pgrp)
{
	if (!lx_tty_present())
		return;
	session = sid;
	foreground = pgrp;
	l4_utcb_mr()->mr[0] = LX_TTY_SESSION;
	l4_utcb_mr()->mr[1] = sid;
	l4_utcb_mr()->mr[2] = pgrp;
	call(3);
}

uint32_t lx_tty_session(void)
{
	return session;
}

uint32_t lx_tty_foreground(void)
{
	return foreground;
}

uint32_t lx_tty_input(int *sig)
{
	l4_utcb_mr()->mr[0] = LX_TTY_EVENT;
	*sig = 0;
	if (call(1) != 0)
		return 0;
	*sig = (int)l4_utcb_mr()->mr[0];
	return *sig ? (uint32_t)l4_utcb_mr()->mr[1] : 0;
}

long lx_tty_read(uint8_t *buf, size_t n)
{
	l4_utcb_mr()->mr[0] = LX_TTY_READ;
	l4_utcb_mr()->mr[1] = n < LX_TTY_MSG_BYTES ? n : LX_TTY_MSG_BYTES;
	long r = call(2);
	if (r > 0)
		memcpy(buf, &l4_utcb_mr()->mr[0], (size_t)r);
	return r;
}

long lx_tty_write(const uint8_t *buf, size_t n)
{
	for (size_t done = 0; done < n;) {
		size_t chunk = n - done < LX_TTY_MSG_BYTES ? n - done : LX_TTY_MSG_BYTES;
		l4_utcb_mr()->mr[0] = LX_TTY_WRITE;
		l4_utcb_mr()->mr[1] = chunk;
		memcpy(&l4_utcb_mr()->mr[2], buf + done, chunk);
		long r = call(2 + (unsigned)(chunk + 3) / 4);
		if (r < 0)
			return done ? (long)done : r;
		done += chunk;
	}
	return (long)n;
}

unsigned lx_tty_poll(void)
{
	l4_utcb_mr()->mr[0] = LX_TTY_POLL;
	long r = call(1);
	return r < 0 ? 0x8 /* POLLERR */ : (unsigned)r;
}

long lx_tty_ioctl(struct lx_process *p, uint32_t cmd, uint32_t arg)
{
	bool in;
	unsigned size = lx_tty_ioctl_size(cmd, &in);
	uint8_t data[LX_TTY_TERMIOS_BYTES];
	l4_umword_t *mr = l4_utcb_mr()->mr;
	if (in && lx_copy_from(p, data, arg, size))
		return -EFAULT;
	mr[0] = LX_TTY_IOCTL;
	mr[1] = cmd;
	mr[2] = arg;
	mr[3] = p->group->sid;
	if (in)
		memcpy(&mr[4], data, size);
	long r = call(4 + (in ? (size + 3) / 4 : 0));
	if (r < 0)
		return r;
	if (cmd == 0x5410) /* TIOCSPGRP took: the new foreground group */
		memcpy(&foreground, data, 4);
	if (!in && size) {
		memcpy(data, &l4_utcb_mr()->mr[0], size);
		if (lx_copy_to(p, arg, data, size))
			return -EFAULT;
	}
	return r;
}
