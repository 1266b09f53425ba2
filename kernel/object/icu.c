/* icu.c - the ICU: binds hardware interrupt lines (GIC SPIs) to IRQ objects. */
#include "object/icu.h"
#include <l4/sys/abi/task.h>
#include "plat.h"
#include "ipc/ipc.h"
#include "object/irq.h"
#include "ipc/syscall.h"
#include "debug/test_hooks.h"
#include <l4/sys/err.h>
#include <l4/sys/abi/irq.h>

#define ICU_MAX_LINES 1020

struct kobj kernel_icu = {.type = KOBJ_ICU, .id = L4_KEEL_OBJ_ID_ICU, .permanent = true};

static struct irq_object *lines[ICU_MAX_LINES]; /* bound IRQ object per line */
static bool enabled[ICU_MAX_LINES];		/* unmasked at the controller */
static unsigned enabled_count;

/* Is @n a line users may bind? 0, -L4_EPERM (the kernel's own) or -L4_EINVAL. */
static long check_line(unsigned long n)
{
	if (n >= plat_irq_count() || n >= ICU_MAX_LINES)
		return -L4_EINVAL;
	if (plat_irq_kernel_owned(n))
		return -L4_EPERM;
	if (n < plat_irq_first_device())
		return -L4_EINVAL;
	return 0;
}

static void set_enabled(unsigned n, bool on)
{
	if (enabled[n] == on)
		return;
	enabled[n] = on;
	if (on) {
		enabled_count++;
		plat_irq_unmask(n);
	} else {
		enabled_count--;
		plat_irq_mask(n);
	}
}

/* The IRQ object named by the message's first item; it needs W, as on Fiasco: (un)binding
 * changes what the IRQ delivers. Return: 0, -L4_EINVAL or -L4_EPERM. */
static long item_irq(struct thread *caller, struct irq_object **irq)
{
	struct kobj *o;
	long err = syscall_arg(caller, 0, KOBJ_IRQ, CAP_ARG_IRQ, &o);
	*irq = err ? NULL : (struct irq_object *)o;
	return err;
}

/* BIND: mr1 line, item: IRQ object. The line starts masked (the first EOI unmasks). */
static long bind(struct thread *caller, unsigned long n)
{
	struct irq_object *irq;
	long err = item_irq(caller, &irq);
	if (err)
		return err;
	if (lines[n] == irq)
		return 0;
	if (lines[n] || irq->hw_irq)
		return -L4_EBUSY;
	set_enabled(n, false);
	plat_irq_set_pending(n, false);
	lines[n] = irq;
	irq->hw_irq = n;
	return 0;
}

/* UNBIND: mr1 line, item: the IRQ object bound to it. */
static long unbind(struct thread *caller, unsigned long n)
{
	struct irq_object *irq;
	long err = item_irq(caller, &irq);
	if (err)
		return err;
	if (lines[n] != irq)
		return -L4_EINVAL;
	icu_release(irq);
	return 0;
}

/**
 * icu_release() - @irq no longer receives its hardware line (unbind or deletion):
 * the line is masked, a pending interrupt of it is dropped, and it is free again.
 */
void icu_release(struct irq_object *irq)
{
	unsigned n = irq->hw_irq;
	if (!n)
		return;
	set_enabled(n, false);
	plat_irq_set_pending(n, false);
	lines[n] = NULL;
	irq->hw_irq = 0;
}

/**
 * icu_unmask() - the handler acknowledged @irq (EOI): unmask its line, if bound.
 */
void icu_unmask(struct irq_object *irq)
{
	if (irq->hw_irq)
		set_enabled(irq->hw_irq, true);
}

/**
 * icu_handle() - hardware interrupt @irq arrived (acknowledged at the controller):
 * mask it until the handler's EOI and deliver it through its IRQ object.
 * Return: false if no IRQ object is bound to it.
 */
bool icu_handle(unsigned irq)
{
	if (irq >= ICU_MAX_LINES || !lines[irq])
		return false;
	set_enabled(irq, false);
	irq_object_trigger(lines[irq]);
	return true;
}

/**
 * icu_wakeup_possible() - could a device interrupt still wake a thread: a bound line
 * that is unmasked and whose IRQ object delivers to a thread? (A line whose IRQ
 * outlived its driver, kept by the root task for the driver's restart, wakes nobody.)
 */
bool icu_wakeup_possible(void)
{
	if (enabled_count == 0)
		return false;
	for (unsigned n = plat_irq_first_device(); n < ICU_MAX_LINES; n++)
		if (enabled[n] && lines[n] && lines[n]->ep.thread)
			return true;
	return false;
}

/* INFO: features, number of interrupt IDs, number of MSIs. */
static long info(struct thread *caller)
{
	caller->utcb->mr[0] = 0;
	caller->utcb->mr[1] = plat_irq_count();
	caller->utcb->mr[2] = 0;
	return 3;
}

/* SET_MODE: the GIC knows rising edge and active-high level for SPIs. */
static long set_mode(unsigned long n, l4_umword_t mode)
{
	if (mode & ~(l4_umword_t)(L4_IRQ_F_LEVEL | L4_IRQ_F_POS_EDGE))
		return -L4_EINVAL;
	plat_irq_set_mode(n, mode & L4_IRQ_F_LEVEL);
	return 0;
}

/* An operation on line mr1 (after the rights check). */
static long line_op(struct thread *caller, l4_umword_t op)
{
	unsigned words = syscall_words(caller);
	if (words < 2 || (op == L4_ICU_OP_SET_MODE && words < 3))
		return -L4_EMSGTOOSHORT;
	unsigned long n = caller->utcb->mr[1];
	long err = check_line(n);
	if (err)
		return err;
	switch (op) {
	case L4_ICU_OP_BIND:
		return bind(caller, n);
	case L4_ICU_OP_UNBIND:
		return unbind(caller, n);
	case L4_ICU_OP_UNMASK:
	case L4_ICU_OP_MASK:
		if (!lines[n])
			return -L4_EINVAL;
		set_enabled(n, op == L4_ICU_OP_UNMASK);
		return 0;
	case L4_ICU_OP_SET_MODE:
		return set_mode(n, caller->utcb->mr[2]);
	case L4_ICU_OP_KEEL_TEST_PEND:
		return test_hooks_irq_pend(n);
	default:
		return -L4_ENOSYS;
	}
}

static bool is_line_op(l4_umword_t op)
{
	return op == L4_ICU_OP_BIND || op == L4_ICU_OP_UNBIND || op == L4_ICU_OP_UNMASK ||
	       op == L4_ICU_OP_MASK || op == L4_ICU_OP_SET_MODE || op == L4_ICU_OP_KEEL_TEST_PEND;
}

/**
 * icu_invoke() - protocol IRQ: INFO (no right needed), BIND, UNBIND, MASK, UNMASK,
 * SET_MODE (need W). MASK/UNMASK sent with an open wait (l4_icu_unmask with a label)
 * wait for the next message afterwards instead of replying.
 */
void icu_invoke(struct thread *caller, struct cap *cap)
{
	long result;
	l4_umword_t op = caller->utcb->mr[0];
	if (syscall_label(caller) != L4_PROTO_IRQ)
		result = -L4_EBADPROTO;
	else if (syscall_words(caller) < 1)
		result = -L4_EMSGTOOSHORT;
	else if (op == L4_ICU_OP_INFO) {
		syscall_reply_words(caller, 0, (unsigned)info(caller));
		return;
	} else if (op == L4_ICU_OP_KEEL_TEST_SELF_CHECK) {
		result = test_hooks_self_check(caller);
	} else if (!is_line_op(op))
		result = -L4_ENOSYS;
	else if (!(cap->rights & CAP_RIGHT_W))
		result = -L4_EPERM;
	else
		result = line_op(caller, op);
	uint32_t flags = syscall_flags(caller);
	if (result == 0 && (op == L4_ICU_OP_UNMASK || op == L4_ICU_OP_MASK) &&
	    (flags & L4_SYSF_OPEN_WAIT) && (flags & L4_SYSF_RECV)) {
		ipc_invoke(caller, NULL, NULL, 0, L4_SYSF_RECV | L4_SYSF_OPEN_WAIT,
			   arch_ctx_syscall_timeout(&caller->ctx));
		return;
	}
	syscall_reply(caller, result);
}
