/* syscall.c - the single system call: invoke_object on a capability index. */
#include "syscall.h"
#include "fault.h"
#include "log.h"
#include "sched.h"
#include "task.h"
#include "timeout.h"
#include <l4/sys/types.h>

long syscall_label(const struct thread *t)
{
	l4_msgtag_t tag = {(l4_mword_t)ctx_syscall_tag(&t->ctx)};
	return l4_msgtag_label(tag);
}

unsigned syscall_words(const struct thread *t)
{
	l4_msgtag_t tag = {(l4_mword_t)ctx_syscall_tag(&t->ctx)};
	return l4_msgtag_words(tag);
}

/**
 * syscall_reply() - finish an object invocation: the result is the reply's label
 * (0 or a negative error code), with no words.
 */
void syscall_reply(struct thread *t, long result)
{
	ctx_set_syscall_result(&t->ctx, (uint32_t)l4_msgtag(result, 0, 0, 0).raw, 0);
}

/**
 * syscall_ipc_error() - fail the IPC with an error code in the UTCB's error word
 * and the error flag in the returned tag.
 */
void syscall_ipc_error(struct thread *t, unsigned error)
{
	t->utcb->tcr.error = error;
	ctx_set_syscall_result(&t->ctx, L4_MSGTAG_ERROR, 0);
}

/*
 * A receive on the invalid capability is a sleep: it ends with a receive timeout
 * (l4_ipc_sleep). Nothing can send to it yet.
 */
static void sleep_on_nothing(struct thread *t, uint32_t flags, uint32_t timeouts)
{
	if (!(flags & L4_SYSF_RECV)) {
		syscall_ipc_error(t, L4_IPC_ENOT_EXISTENT);
		return;
	}
	time_us_t wait;
	int kind = timeout_decode_relative((uint16_t)timeouts, &wait);
	if (kind == TIMEOUT_INVALID) {
		syscall_ipc_error(t, L4_IPC_RETIMEOUT);
		return;
	}
	syscall_ipc_error(t, L4_IPC_RETIMEOUT);
	if (kind == TIMEOUT_ZERO)
		return;
	sched_sleep(t, kind == TIMEOUT_NEVER ? 0 : wait);
}

/**
 * syscall_entry() - decode r5 (system call number) and r2 (capability | flags).
 * Anything but invoke is an exception, as on Fiasco.
 */
void syscall_entry(struct thread *t)
{
	if (ctx_syscall_nr(&t->ctx) != L4_SYSCALL_INVOKE) {
		fault_user(t, FAULT_BAD_SYSCALL, ctx_pc(&t->ctx), ctx_syscall_nr(&t->ctx));
		return;
	}
	uint32_t capword = ctx_syscall_cap(&t->ctx);
	uint32_t flags = capword & L4_SYSF_FLAGS_MASK;
	t->utcb->tcr.error = 0;
	if (capword & L4_INVALID_CAP_BIT) {
		sleep_on_nothing(t, flags, ctx_syscall_timeout(&t->ctx));
		return;
	}
	struct cap *cap = task_cap_lookup(t->task, capword >> L4_CAP_SHIFT);
	if (!cap || !(flags & L4_SYSF_SEND)) {
		syscall_ipc_error(t, L4_IPC_ENOT_EXISTENT);
		return;
	}
	switch (cap->obj->type) {
	case KOBJ_LOG:
		log_invoke(t, cap);
		break;
	case KOBJ_THREAD:
		thread_invoke(t, cap);
		break;
	default:
		syscall_ipc_error(t, L4_IPC_ENOT_EXISTENT);
		break;
	}
}
