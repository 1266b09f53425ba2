/* fault.h - user faults: page faults to the pager, exceptions to the exception handler. */
#ifndef KEEL_FAULT_H
#define KEEL_FAULT_H

#include "object/thread.h"

enum fault_kind {
	FAULT_UNDEFINED,
	FAULT_PREFETCH_ABORT,
	FAULT_DATA_ABORT,
	FAULT_BAD_SYSCALL,
	FAULT_UNEXPECTED,
};

/* Exception classes in l4_exc_regs_t.err >> 26: l4/sys/utcb.h. */
enum fault_exception_class {
	EXC_CLASS_UNKNOWN = L4_EXC_CLASS_UNKNOWN,
	EXC_CLASS_SVC = L4_EXC_CLASS_SVC,
	EXC_CLASS_PREFETCH_ABORT = L4_EXC_CLASS_PREFETCH_ABORT,
	EXC_CLASS_DATA_ABORT = L4_EXC_CLASS_DATA_ABORT,
	EXC_CLASS_TRIGGERED = L4_EXC_CLASS_TRIGGERED,
};
/* In an svc exception's err: an alien's after its allowed system call. */
#define EXC_ALIEN_AFTER_SYSCALL L4_EXC_ALIEN_AFTER_SYSCALL

#define EXC_REGS_WORDS (sizeof(l4_exc_regs_t) / sizeof(l4_umword_t))
/* The page-fault message: address and pc. */
#define PF_MSG_WORDS 2

/**
 * fault_saved_words() - how many of @t's message registers an IPC may write: all,
 * or during a kernel-made call the ones the kernel saved before it wrote its message
 * there (restored when the call ends), so that a long reply leaves the rest alone.
 */
static inline unsigned fault_saved_words(const struct thread *t)
{
	if (t->kipc == KIPC_PAGE_FAULT)
		return PF_MSG_WORDS;
	if (t->kipc == KIPC_EXCEPTION)
		return EXC_REGS_WORDS;
	return L4_UTCB_GENERIC_DATA_SIZE;
}

void fault_page(struct thread *t, uintptr_t addr, uint32_t status, bool write, bool exec,
		bool translation);
void fault_exception(struct thread *t, unsigned exc_class, uint32_t iss, uintptr_t pfa);
/**
 * fault_trigger() - the exception ex_regs asked for (TRIGGER_EXCEPTION), on @t's way
 * back to user mode: its handler gets its registers with class EXC_CLASS_TRIGGERED.
 * Return: false if it has no handler (the request is dropped).
 */
bool fault_trigger(struct thread *t);
bool fault_alien_after(struct thread *t);
void fault_resume(struct thread *t);
/**
 * fault_fastpath_svc() - an alien's system call as exception IPC, when its handler's
 * thread waits in an open receive: the registers go straight into the handler's
 * UTCB, the thread's own UTCB is not touched (kipc_unsaved). Return: false if the
 * conditions do not hold (nothing changed: fault_exception() does it).
 */
bool fault_fastpath_svc(struct thread *t);
/* @t's UTCB is about to be written during its fast-path exception or page-fault call:
 * save what the call would have saved (fault_fastpath_svc(), fault_page()), as the
 * general path did at its start, and set a page fault's receive window. */
void fault_save_unsaved(struct thread *t);
bool fault_reply_page_fits(const struct thread *t, l4_msgtag_t tag);
bool fault_reply_page(struct thread *pager, struct thread *t, const l4_umword_t *mr);
/* The fast path's end of a kernel-made call by a words-only reply (fault.c). */
bool fault_reply_direct_fits(const struct thread *t, l4_msgtag_t tag);
void fault_reply_direct(struct thread *t, const l4_umword_t *mr);
void fault_user(struct thread *t, enum fault_kind kind, uintptr_t addr, uint32_t status);
const char *arch_fault_status_name(enum fault_kind kind, uint32_t status);

#endif
