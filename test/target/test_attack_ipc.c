/*
 * test_attack_ipc.c - issue 12 findings 1 and 2 tried as an attacker would: message tags
 * that do not fit the UTCB under every flag combination, the other lengths, counts and
 * indices of the IPC path (items, buffers, absolute timeouts, factory arguments, log
 * writes), a chain of threads that call each other with send-and-wait, nested factories
 * freed at once; and the same overlong reply from a loaded program (attack_ipc_child).
 */
#include "ktest_util.h"
#include "loader.h"
#include <l4/re/env.h>
#include <stdio.h>
#include <string.h>

#define TASK	    L4_BASE_TASK_CAP
#define HELPER_PRIO (KT_MAIN_PRIO + 1)

static long ipc_err(l4_msgtag_t tag)
{
	return l4_ipc_error(tag, l4_utcb());
}

/* One invocation with any flags and tag, both timeouts zero (nothing may block). */
static l4_msgtag_t invoke(l4_cap_idx_t cap, unsigned flags, l4_msgtag_t tag)
{
	return l4_ipc_invoke(cap | flags, tag, L4_IPC_BOTH_TIMEOUT_0, NULL);
}

/* ---- finding 1: the tag of a reply without the send flag ---- */

/* A caller that calls the main thread again and again and counts the replies. */
static volatile int replies;

static void caller_fn(void *arg)
{
	(void)arg;
	for (;;) {
		l4_msgtag_t tag = l4_ipc_call(L4_BASE_THREAD_CAP, l4_utcb(),
					      l4_msgtag(0x11, 0, 0, 0), L4_IPC_NEVER);
		if (!l4_msgtag_has_error(tag))
			replies++;
	}
}

#define CANARY(i) (0xc0de0000u + (i))

static void fill_canary(l4_addr_t utcb)
{
	for (unsigned i = 0; i < L4_UTCB_OFFSET / sizeof(l4_umword_t); i++)
		((volatile l4_umword_t *)utcb)[i] = CANARY(i);
}

/* The number of words of the UTCB at @utcb that no longer hold their canary. */
static unsigned canary_damage(l4_addr_t utcb)
{
	unsigned bad = 0;
	for (unsigned i = 0; i < L4_UTCB_OFFSET / sizeof(l4_umword_t); i++)
		if (((volatile l4_umword_t *)utcb)[i] != CANARY(i))
			bad++;
	return bad;
}

/*
 * The main thread holds the reply capability of a caller whose UTCB is followed by a
 * UTCB nobody uses (filled with a canary). Every way of replying with a tag whose words
 * and items do not fit (words + 2 * items > 63) fails with SEMSGCUT before anything is
 * written: the caller gets no reply, the next UTCB stays untouched. Before the fix, the
 * flags REPLY without SEND skipped the check and transfer() wrote up to 126 words past
 * the caller's UTCB (here: zeroed most of the canary).
 */
KTEST(reply_with_overlong_tag_is_refused_for_every_flag_combination)
{
	KT_SCOPE();
	static const unsigned flags[] = {
	    L4_SYSF_REPLY,
	    L4_SYSF_REPLY | L4_SYSF_RECV,
	    L4_SYSF_REPLY | L4_SYSF_RECV | L4_SYSF_OPEN_WAIT,
	    L4_SYSF_REPLY | L4_SYSF_SEND,
	    L4_SYSF_REPLY | L4_SYSF_SEND | L4_SYSF_RECV | L4_SYSF_OPEN_WAIT,
	    L4_SYSF_REPLY | L4_SYSF_OPEN_WAIT,
	};
	static const unsigned sizes[][2] = {{63, 63}, {0, 32}, {2, 31}, {5, 30}, {62, 1}};
	l4_cap_idx_t caller;
	replies = 0;
	KT_EQ(kt_thread_new(&caller, TASK), 0);
	l4_addr_t next = kt_utcb_reserve();
	KT_EQ(next, kt_thread_utcb(caller) + L4_UTCB_OFFSET);
	fill_canary(next);
	KT_EQ(kt_thread_set_entry(caller, caller_fn, NULL), 0);
	KT_EQ(kt_thread_run(caller, HELPER_PRIO), 0); /* it calls at once and waits */
	l4_umword_t label;
	KT_EQ(ipc_err(l4_ipc_wait(l4_utcb(), &label, kt_safety_timeout())), 0);
	for (unsigned f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			l4_msgtag_t tag = l4_msgtag(0, sizes[s][0], sizes[s][1], 0);
			/* Through the invalid capability and through a thread capability. */
			KT_EQ(ipc_err(invoke(L4_INVALID_CAP, flags[f], tag)), L4_IPC_SEMSGCUT);
			KT_EQ(ipc_err(invoke(caller, flags[f], tag)), L4_IPC_SEMSGCUT);
			KT_EQ(canary_damage(next), 0);
			KT_EQ(replies, 0);
		}
	}
	/* The reply capability is still there: the largest message that fits is delivered. */
	l4_msgtag_t fits = l4_msgtag(0, 1, 31, 0);
	memset(l4_utcb_mr()->mr, 0, sizeof(l4_utcb_mr()->mr)); /* items without the map bit */
	KT_EQ(ipc_err(invoke(L4_INVALID_CAP, L4_SYSF_REPLY | L4_SYSF_SEND, fits)), 0);
	KT_EQ(replies, 1);
	KT_EQ(canary_damage(next), 0);
}

/* A send (and so an object invocation) with a tag that does not fit fails the same way,
 * whatever the object: the tag is checked before the object sees the message. */
KTEST(object_invocation_with_overlong_tag_is_refused)
{
	KT_SCOPE();
	l4_cap_idx_t slot = kt_cap_alloc();
	l4_utcb_mr()->mr[0] = L4_PROTO_THREAD;
	l4_utcb_br()->br[0] = slot | L4_RCV_ITEM_SINGLE_CAP;
	l4_msgtag_t tag = l4_msgtag(L4_PROTO_FACTORY, 3, 31, 0);
	KT_EQ(ipc_err(invoke(L4_BASE_FACTORY_CAP, L4_SYSF_CALL, tag)), L4_IPC_SEMSGCUT);
	KT_EQ(kt_valid(TASK, slot), 0);
	tag = l4_msgtag(L4_PROTO_LOG, 63, 1, 0);
	KT_EQ(ipc_err(invoke(L4_BASE_LOG_CAP, L4_SYSF_CALL, tag)), L4_IPC_SEMSGCUT);
	tag = l4_msgtag(L4_PROTO_THREAD, 6, 29, 0);
	KT_EQ(ipc_err(invoke(L4_BASE_THREAD_CAP, L4_SYSF_CALL, tag)), L4_IPC_SEMSGCUT);
}

/* ---- the same attack from a loaded program ---- */

/*
 * attack_ipc_child holds only what a loaded program holds. It makes a thread on the
 * last UTCB of its 4 KiB UTCB area (so that what lies after it is kernel memory) call
 * its main thread, and replies with overlong tags and the flags REPLY without SEND.
 * Before the fix this wrote into the kernel page after the UTCB area. Its exit status
 * is the number of attacks that were not refused (plus 1 if the proper reply failed).
 */
KTEST(loaded_program_overlong_reply)
{
	KT_SCOPE();
	KT_EQ(loader_init(), 0);
	const char *why = NULL;
	struct loader_program *p =
	    loader_start("attack_ipc_child", KT_MAIN_PRIO - 10, 64 * 1024, &why);
	KT_ASSERT(p != NULL);
	int status = -1;
	long err =
	    loader_wait(p, &status, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1000, 10)));
	loader_kill(p);
	KT_EQ(err, 0);
	KT_EQ(status, 0);
}
