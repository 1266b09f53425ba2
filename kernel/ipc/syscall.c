/* syscall.c - the single system call: invoke_object on a capability index. */
#include "ipc/syscall.h"
#include "object/debugger.h"
#include "object/factory.h"
#include "ipc/fault.h"
#include "object/icu.h"
#include "ipc/ipc.h"
#include "object/ipc_gate.h"
#include "object/irq.h"
#include "object/log.h"
#include "object/platform_ctl.h"
#include "object/scheduler.h"
#include "object/semaphore.h"
#include "object/task.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>

/**
 * syscall_arg() - the object named by typed item @index of the message: an argument
 * capability in the caller's table, of @type and with @rights (cap_lookup_arg()).
 * Return: 0 and the object in *@obj; -L4_EINVAL without such an item, for another
 * flexpage type, an empty slot or another type; -L4_EPERM when a right is missing.
 */
long syscall_arg(struct thread *t, unsigned index, enum kobj_type type, uint32_t rights,
		 struct kobj **obj)
{
	unsigned words = syscall_words(t);
	if (index >= syscall_items(t) || words + 2 * index + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return -L4_EINVAL;
	l4_fpage_t fp = {t->utcb->mr[words + 2 * index + 1]};
	if (l4_fpage_type(fp) != L4_FPAGE_OBJ)
		return -L4_EINVAL;
	return cap_lookup_arg(t->task, l4_fpage_obj(fp) >> L4_CAP_SHIFT, type, rights, obj);
}

/**
 * syscall_reply() - finish an object invocation: the result is the reply's label
 * (a non-negative value or a negative error code), with no words.
 */
void syscall_reply(struct thread *t, long result)
{
	arch_ctx_set_syscall_result(&t->ctx, (uint32_t)l4_msgtag(result, 0, 0, 0).raw, 0);
}

/* A reply carrying @words message registers the operation wrote. */
void syscall_reply_words(struct thread *t, long label, unsigned words)
{
	arch_ctx_set_syscall_result(&t->ctx, (uint32_t)l4_msgtag(label, words, 0, 0).raw, 0);
}

/*
 * Do the tag's words and items (two words each) fit the message registers? The one
 * check of a message's size: every user message that is sent, replied or handed to a
 * kernel object passes it in syscall_entry() before the IPC engine or the object sees
 * it, so transfer() and the objects may trust the tag. The fast paths take only words
 * (at most 63: always fits); the kernel's own calls (fault.c) make tags that fit.
 */
static bool message_fits(l4_msgtag_t tag)
{
	return l4_msgtag_words(tag) + 2 * l4_msgtag_items(tag) <= L4_UTCB_GENERIC_DATA_SIZE;
}

/* Kernel objects answer calls; a message in any other protocol is IPC. */
static void invoke_object(struct thread *t, struct cap *cap, uint32_t flags)
{
	long label = syscall_label(t);
	uint32_t timeouts = arch_ctx_syscall_timeout(&t->ctx);
	switch (cap->obj->type) {
	case KOBJ_THREAD:
		if (label == L4_PROTO_THREAD && (flags & L4_SYSF_SEND))
			thread_invoke(t, cap);
		else
			ipc_invoke_cap(t, cap, flags, timeouts);
		return;
	case KOBJ_GATE:
		if (label == L4_PROTO_KOBJECT && (flags & L4_SYSF_SEND))
			ipc_gate_invoke(t, cap);
		else
			ipc_invoke_cap(t, cap, flags, timeouts);
		return;
	default:
		break;
	}
	if (!(flags & L4_SYSF_SEND)) {
		ipc_fail(t, L4_IPC_ENOT_EXISTENT);
		return;
	}
	switch (cap->obj->type) {
	case KOBJ_TASK:
		task_invoke(t, cap);
		break;
	case KOBJ_FACTORY:
		factory_invoke(t, cap);
		break;
	case KOBJ_IRQ:
		irq_object_invoke(t, cap);
		break;
	case KOBJ_SCHEDULER:
		scheduler_invoke(t, cap);
		break;
	case KOBJ_LOG:
		log_invoke(t, cap);
		break;
	case KOBJ_ICU:
		icu_invoke(t, cap);
		break;
	case KOBJ_SEMAPHORE:
		semaphore_invoke(t, cap);
		break;
	case KOBJ_DEBUGGER:
		debugger_invoke(t, cap);
		break;
	case KOBJ_PLATFORM_CTL:
		platform_ctl_invoke(t, cap);
		break;
	default:
		ipc_fail(t, L4_IPC_ENOT_EXISTENT);
		break;
	}
}

/**
 * syscall_entry() - decode the system call number and the capability with its flags.
 * Anything but invoke is an exception, as on Fiasco. The invalid capability
 * means: reply (with the reply flag), open wait, or sleep (receive from nobody).
 */
void syscall_entry(struct thread *t)
{
	if (t->alien && !t->alien_syscall_allowed) {
		/* An alien's system calls go to its exception handler, registers intact. */
		if (!fault_fastpath_svc(t))
			fault_exception(t, EXC_CLASS_SVC, 0, 0);
		return;
	}
	t->alien_syscall_allowed = false;
	t->syscall_ip = arch_ctx_ip(&t->ctx);
	if (arch_ctx_syscall_nr(&t->ctx) != L4_SYSCALL_INVOKE) {
		fault_exception(t, EXC_CLASS_SVC, arch_ctx_syscall_nr(&t->ctx),
				arch_ctx_ip(&t->ctx));
		return;
	}
	if (t->alien)
		t->kipc = KIPC_ALIEN_AFTER; /* the handler sees the results (fault.c) */
	uint32_t capword = arch_ctx_syscall_cap(&t->ctx);
	uint32_t flags = capword & L4_SYSF_FLAGS_MASK;
	if (!(capword & L4_INVALID_CAP_BIT)) {
		struct cap *cap = cap_lookup(t->task, capword >> L4_CAP_SHIFT);
		if (!cap) {
			ipc_fail(t, L4_IPC_ENOT_EXISTENT);
			return;
		}
		syscall_invoke(t, cap);
		return;
	}
	if ((flags & L4_SYSF_SEND) && !(flags & L4_SYSF_REPLY)) {
		ipc_fail(t, L4_IPC_ENOT_EXISTENT); /* a send to nobody */
		return;
	}
	syscall_invoke(t, NULL);
}

/**
 * syscall_invoke() - the invoke system call of @t, decoded so far: not an alien's
 * (or one its handler allowed), syscall_ip set, its capability index naming @cap
 * (syscall_entry() looked it up, or the fast path's entry did, which ends here when
 * no fast path takes the call), or NULL for the invalid capability (a reply, a wait,
 * a sleep): the message-size check, then the object's operation or IPC.
 */
void syscall_invoke(struct thread *t, struct cap *cap)
{
	uint32_t flags = arch_ctx_syscall_cap(&t->ctx) & L4_SYSF_FLAGS_MASK;
	t->utcb->tcr.error = 0;
	/* Before anything is delivered. A reply sends too, with or without SEND. */
	if ((flags & (L4_SYSF_SEND | L4_SYSF_REPLY)) && !message_fits(syscall_tag(t))) {
		ipc_fail(t, L4_IPC_SEMSGCUT);
		return;
	}
	if (cap)
		invoke_object(t, cap, flags);
	else
		ipc_invoke(t, NULL, NULL, 0, flags, arch_ctx_syscall_timeout(&t->ctx));
}
