/* fault.c - user faults: page-fault IPC to the pager, exception IPC to the handler. */
#include "ipc/fault.h"
#include "ipc/ipc.h"
#include "object/ipc_gate.h"
#include "lib/printk.h"
#include "sched/sched.h"
#include "ipc/syscall.h"
#include "object/task.h"
#include <l4/sys/types.h>

static const char *const fault_names[] = {
    [FAULT_UNDEFINED] = "undefined instruction", [FAULT_PREFETCH_ABORT] = "prefetch abort",
    [FAULT_DATA_ABORT] = "data abort",		 [FAULT_BAD_SYSCALL] = "invalid system call",
    [FAULT_UNEXPECTED] = "unexpected exception",
};

/**
 * fault_user() - a fault nobody handles: print the task, thread, fault address,
 * status and registers, then stop the thread.
 */
void fault_user(struct thread *t, enum fault_kind kind, uintptr_t addr, uint32_t status)
{
	kprintf("keel: user fault: task %u (%s) thread %u%s%s%s: %s at address %08lx, status %08x "
		"(%s), pc %08x\n",
		t->task->id, t->task->obj.name, t->id, t->obj.name[0] ? " (" : "", t->obj.name,
		t->obj.name[0] ? ")" : "", fault_names[kind], (unsigned long)addr, (unsigned)status,
		arch_fault_status_name(kind, status), (unsigned)arch_ctx_ip(&t->ctx));
	arch_ctx_dump(&t->ctx);
	sched_block(t);
	t->state = THREAD_STOPPED;
	kprintf("keel: thread %u stopped\n", t->id);
}

/* Keep what a kernel-made call overwrites: the result registers (tag and label), the
 * first @words MRs (its message; the reply may write no more: fault_saved_words()),
 * the first buffer and the error register. */
static void save_utcb(struct thread *t, unsigned words)
{
	t->kipc_saved.words = words;
	for (unsigned i = 0; i < words; i++)
		t->kipc_saved.mr[i] = t->utcb->mr[i];
	t->kipc_saved.bdr = t->utcb->buf.bdr;
	t->kipc_saved.br0 = t->utcb->buf.br[0];
	t->kipc_saved.error = t->utcb->tcr.error;
}

static void save(struct thread *t, unsigned words)
{
	t->kipc_saved.msg_info = arch_ctx_msg_info(&t->ctx);
	t->kipc_saved.label = arch_ctx_label(&t->ctx);
	save_utcb(t, words);
}

/* The receive window of a page fault's reply: the whole address space. */
static void page_fault_window(struct thread *t)
{
	t->utcb->buf.bdr = 0;
	t->utcb->buf.br[0] = l4_fpage_all().raw | L4_ITEM_MAP;
}

static void restore(struct thread *t)
{
	arch_ctx_set_syscall_result(&t->ctx, t->kipc_saved.msg_info, t->kipc_saved.label);
	if (t->kipc_unsaved) { /* the fast path's call: the UTCB was never written */
		t->kipc_unsaved = false;
		return;
	}
	for (unsigned i = 0; i < t->kipc_saved.words; i++)
		t->utcb->mr[i] = t->kipc_saved.mr[i];
	t->utcb->buf.bdr = t->kipc_saved.bdr;
	t->utcb->buf.br[0] = t->kipc_saved.br0;
	t->utcb->tcr.error = t->kipc_saved.error;
}

/* Does @slot of t's task hold something a kernel-made call can go to? */
static struct cap *call_target(struct thread *t, unsigned long slot)
{
	struct cap *c = cap_lookup(t->task, slot);
	return c && (c->obj->type == KOBJ_THREAD || c->obj->type == KOBJ_GATE) ? c : NULL;
}

/*
 * Call the thread or gate @c (see call_target) on t's behalf, with the message
 * already in t's UTCB.
 */
static void kernel_call(struct thread *t, struct cap *c, uint32_t tag)
{
	arch_ctx_set_msg_info(&t->ctx, tag);
	ipc_invoke_cap(t, c, L4_SYSF_CALL, 0);
}

/**
 * fault_exception() - call the exception handler with the thread's registers (the
 * architecture's l4_exc_regs_t). Without a handler the fault is reported and the
 * thread stops.
 */
void fault_exception(struct thread *t, unsigned exc_class, uint32_t iss, uintptr_t pfa)
{
	struct cap *handler = call_target(t, t->exc_handler_slot);
	if (!handler) {
		enum fault_kind kind = exc_class == EXC_CLASS_DATA_ABORT ? FAULT_DATA_ABORT
				       : exc_class == EXC_CLASS_PREFETCH_ABORT
					   ? FAULT_PREFETCH_ABORT
				       : exc_class == EXC_CLASS_SVC ? FAULT_BAD_SYSCALL
								    : FAULT_UNDEFINED;
		fault_user(t, kind, kind == FAULT_UNDEFINED ? arch_ctx_ip(&t->ctx) : pfa, iss);
		return;
	}
	save(t, EXC_REGS_WORDS);
	uint32_t err = (exc_class << 26) | (iss & 0x03ffffff);
	arch_exc_regs_to_msg(&t->ctx, t->utcb->mr, pfa, err);
	t->kipc = KIPC_EXCEPTION;
	t->fault_addr = pfa;
	t->fault_err = err;
	kernel_call(t, handler, (uint32_t)l4_msgtag(L4_PROTO_EXCEPTION, EXC_REGS_WORDS, 0, 0).raw);
}

/* The thread behind @c (call_target()) if it waits in an open receive, so that a
 * kernel-made call can go to it on the fast path (its label in *@label); else NULL. */
static ALWAYS_INLINE struct thread *fast_call_receiver(struct cap *c, uint32_t *label)
{
	struct ipc_gate *gate;
	struct thread *dest = c ? ipc_cap_receiver(c, &gate, label) : NULL;
	return ipc_fastpath_receiver(dest) ? dest : NULL;
}

/* @t's kernel-made call of @kind to @dest, whose message (@tag's words) is in dest's
 * UTCB already: only the result registers are saved, @t's UTCB is not touched
 * (kipc_unsaved: fault_save_unsaved() saves it when something is about to write it). */
static ALWAYS_INLINE void fast_call(struct thread *t, struct thread *dest, uint32_t label, int kind,
				    l4_msgtag_t tag)
{
	t->kipc_saved.msg_info = arch_ctx_msg_info(&t->ctx);
	t->kipc_saved.label = arch_ctx_label(&t->ctx);
	t->kipc_unsaved = true;
	t->kipc = kind;
	ipc_fastpath_kernel_call(t, dest, label, tag);
}

bool fault_fastpath_svc(struct thread *t)
{
	uint32_t label;
	struct thread *dest = fast_call_receiver(call_target(t, t->exc_handler_slot), &label);
	if (!dest)
		return false;
	uint32_t err = (uint32_t)EXC_CLASS_SVC << 26;
	arch_exc_regs_to_msg(&t->ctx, dest->utcb->mr, 0, err);
	t->fault_addr = 0;
	t->fault_err = err;
	fast_call(t, dest, label, KIPC_EXCEPTION,
		  l4_msgtag(L4_PROTO_EXCEPTION, EXC_REGS_WORDS, 0, 0));
	return true;
}

void fault_save_unsaved(struct thread *t)
{
	t->kipc_unsaved = false;
	if (t->kipc == KIPC_PAGE_FAULT) {
		save_utcb(t, PF_MSG_WORDS);
		page_fault_window(t);
	} else {
		save_utcb(t, EXC_REGS_WORDS);
	}
}

/*
 * A page fault whose pager's thread waits in an open receive: the message goes
 * straight into the pager's UTCB (fast_call(); fault_save_unsaved() also sets the
 * receive window when the thread's UTCB is about to be written), and the pager runs at
 * once if it can. Return: false if the pager does not wait so (nothing changed).
 */
static bool fastpath_page(struct thread *t, struct cap *pager, l4_umword_t msg0)
{
	uint32_t label;
	struct thread *dest = fast_call_receiver(pager, &label);
	if (!dest)
		return false;
	dest->utcb->mr[0] = msg0;
	dest->utcb->mr[1] = arch_ctx_ip(&t->ctx);
	fast_call(t, dest, label, KIPC_PAGE_FAULT,
		  l4_msgtag(L4_PROTO_PAGE_FAULT, PF_MSG_WORDS, 0, 0));
	return true;
}

/**
 * fault_reply_page_fits() - is @tag, sent to @t, the usual answer to its page fault:
 * no words, one item, not refused, and no exception asked for meanwhile?
 */
bool fault_reply_page_fits(const struct thread *t, l4_msgtag_t tag)
{
	return t->kipc == KIPC_PAGE_FAULT && !t->exc_triggered && l4_msgtag_words(tag) == 0 &&
	       l4_msgtag_items(tag) == 1 && l4_msgtag_label(tag) >= 0;
}

/**
 * fault_reply_page() - the fast path's answer to @t's page fault from @pager: the map
 * item in @mr (one 4 KiB page, into the whole-space window a page fault has) is mapped
 * into @t's task (ipc_map_page_item()) and the page-fault call ends, as resume_call()
 * ends it after the general path's transfer. Anything else (another item, a larger
 * flexpage, a failed map) returns false with nothing changed that the general path
 * would not do again.
 */
bool fault_reply_page(struct thread *pager, struct thread *t, const l4_umword_t *mr)
{
	l4_umword_t ret[2];
	if (!ipc_map_page_item(pager, t, l4_fpage_all().raw | L4_ITEM_MAP, mr[0], mr[1], ret))
		return false;
	restore(t);
	t->kipc = KIPC_NONE;
	return true;
}

/**
 * fault_reply_direct_fits() - does the words-only reply @tag end @t's kernel-made call
 * the ordinary way, so that the fast path can end it at once (fault_reply_direct())?
 * A page fault's answer that maps nothing here (the pager mapped the page by other
 * means: the access is retried), or an exception's reply with all registers (not
 * refused, not "allow the system call") to a call the fast path made.
 */
bool fault_reply_direct_fits(const struct thread *t, l4_msgtag_t tag)
{
	if (t->exc_triggered || l4_msgtag_label(tag) < 0)
		return false;
	if (t->kipc == KIPC_PAGE_FAULT)
		return true;
	return t->kipc == KIPC_EXCEPTION && t->kipc_unsaved &&
	       l4_msgtag_words(tag) >= EXC_REGS_WORDS &&
	       l4_msgtag_label(tag) != L4_PROTO_ALLOW_SYSCALL;
}

/**
 * fault_reply_direct() - end @t's kernel-made call as resume_call() would when the
 * thread runs next: a page fault's thread retries the access with its registers and
 * UTCB as they were (the reply's words are not its business); an exception's thread
 * gets the handler's registers from @mr, result registers included, its UTCB never
 * written.
 */
void fault_reply_direct(struct thread *t, const l4_umword_t *mr)
{
	if (t->kipc == KIPC_PAGE_FAULT) {
		restore(t);
	} else {
		arch_exc_regs_from_msg(&t->ctx, mr);
		t->kipc_unsaved = false;
	}
	t->kipc = KIPC_NONE;
}

/**
 * fault_alien_after() - an alien's system call that its handler allowed is done, on
 * t's way back to user mode: the handler gets the registers, results included, as an
 * svc exception with EXC_ALIEN_AFTER_SYSCALL in err, pc after the svc; its
 * reply resumes the thread as any exception's does (never runs the call again).
 * Return: false if it has no handler any more (the thread just goes on).
 */
bool fault_alien_after(struct thread *t)
{
	if (!call_target(t, t->exc_handler_slot))
		return false;
	fault_exception(t, EXC_CLASS_SVC, EXC_ALIEN_AFTER_SYSCALL, 0);
	return true;
}

bool fault_trigger(struct thread *t)
{
	if (!call_target(t, t->exc_handler_slot))
		return false;
	fault_exception(t, EXC_CLASS_TRIGGERED, 0, 0);
	return true;
}

/**
 * fault_page() - a translation fault in the task's UTCB area brings that page (it is
 * allocated on first use); any other fault calls the pager: mr0 = address & ~7 |
 * 1 (translation fault) | 2 (write) | 4 (instruction fetch), mr1 = pc. The reply may
 * carry mappings into the whole address space. No pager, or a negative reply: an
 * exception.
 */
void fault_page(struct thread *t, uintptr_t addr, uint32_t status, bool write, bool exec,
		bool translation)
{
	unsigned exc_class = exec ? EXC_CLASS_PREFETCH_ABORT : EXC_CLASS_DATA_ABORT;
	if (translation && task_utcb_fault(t->task, addr))
		return; /* the first touch of a UTCB page: it is there now, retry */
	t->fault_addr = addr;
	t->fault_err = (exc_class << 26) | (status & 0x03ffffff);
	struct cap *pager = call_target(t, t->pager_slot);
	if (addr >= USER_SPACE_END || !pager) {
		fault_exception(t, exc_class, status, addr);
		return;
	}
	l4_umword_t msg0 = (addr & ~7u) | (translation ? 1 : 0) | (write ? 2 : 0) | (exec ? 4 : 0);
	if (fastpath_page(t, pager, msg0))
		return;
	save(t, PF_MSG_WORDS);
	t->utcb->mr[0] = msg0;
	t->utcb->mr[1] = arch_ctx_ip(&t->ctx);
	page_fault_window(t);
	t->kipc = KIPC_PAGE_FAULT;
	kernel_call(t, pager, (uint32_t)l4_msgtag(L4_PROTO_PAGE_FAULT, PF_MSG_WORDS, 0, 0).raw);
}

/* The reply to @t's kernel-made call (fault_resume()). */
static void resume_call(struct thread *t)
{
	l4_msgtag_t res = {(l4_mword_t)arch_ctx_msg_info(&t->ctx)};
	bool failed = l4_msgtag_has_error(res) || l4_msgtag_label(res) < 0;
	int kind = t->kipc;
	t->kipc = KIPC_NONE;
	if (kind == KIPC_PAGE_FAULT) {
		restore(t);
		if (failed)
			fault_exception(t, t->fault_err >> 26, t->fault_err & 0x03ffffff,
					t->fault_addr);
		return; /* otherwise retry the access */
	}
	if (failed) {
		restore(t);
		kprintf("keel: exception handler of thread %u refused, thread stopped\n", t->id);
		sched_block(t);
		t->state = THREAD_STOPPED;
		return;
	}
	bool allow = l4_msgtag_label(res) == L4_PROTO_ALLOW_SYSCALL &&
		     (t->fault_err >> 26) == EXC_CLASS_SVC &&
		     !(t->fault_err & EXC_ALIEN_AFTER_SYSCALL);
	/* The handler's registers, result registers included, win over the saved ones. */
	if (l4_msgtag_words(res) >= EXC_REGS_WORDS)
		arch_exc_regs_from_msg(&t->ctx, t->utcb->mr);
	l4_umword_t tag = arch_ctx_msg_info(&t->ctx), label = arch_ctx_label(&t->ctx);
	restore(t);
	if (l4_msgtag_words(res) >= EXC_REGS_WORDS)
		arch_ctx_set_syscall_result(&t->ctx, tag, label);
	if (allow) {
		t->alien_syscall_allowed = true;
		syscall_entry(t);
	}
}

/**
 * fault_resume() - the kernel-made call of @t ended (it is ready again): act on
 * the reply. Called by the scheduler before @t returns to user mode. An exception
 * ex_regs asked for meanwhile is made next.
 */
void fault_resume(struct thread *t)
{
	resume_call(t);
	if (t->exc_triggered && t->kipc == KIPC_NONE && t->state == THREAD_READY)
		t->kipc = KIPC_TRIGGER;
	t->exc_triggered = false;
}
