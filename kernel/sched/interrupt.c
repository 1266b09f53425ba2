/* interrupt.c - handle every pending interrupt: the timer drives the scheduler, the ICU the rest.
 */
#include "sched/interrupt.h"
#include "arch.h"
#include "plat.h"
#include "object/icu.h"
#include "lib/printk.h"
#include "sched/preempt.h"
#include "sched/sched.h"

/**
 * irq_wakeup_possible() - could an interrupt make a thread ready? Only an unmasked
 * line bound to an IRQ object that is bound to a thread: the timer only expires
 * timeouts, which the scheduler counts itself.
 */
bool irq_wakeup_possible(void)
{
	return icu_wakeup_possible();
}

/* Acknowledge and handle one interrupt. A line bound through the ICU is masked and
 * delivered to its IRQ object (looked at first: a device's latency counts, the
 * kernel's timer is never bound there); any other interrupt is reported and masked,
 * so it cannot storm. Return: false if none was pending. */
static bool handle_one(void)
{
	int irq = plat_irq_next();
	if (irq < 0)
		return false;
	if (icu_handle((unsigned)irq)) {
		/* delivered */
	} else if (plat_irq_is_timer(irq)) {
		arch_timer_rearm();
		sched_tick();
	} else {
		kprintf("keel: unexpected interrupt %d, masked\n", irq);
		plat_irq_mask((unsigned)irq);
	}
	plat_irq_done(irq);
	return true;
}

/**
 * irq_handle_pending() - acknowledge and handle interrupts until none is pending.
 * Long operations that stopped for them may go on afterwards (preempt_clear()).
 */
void irq_handle_pending(void)
{
	preempt_clear();
	while (handle_one())
		;
}

/**
 * irq_handle_one() - the interrupt that interrupted user mode: only the one the
 * interrupt controller names now. Another one pending interrupts the thread again as
 * soon as it runs, which costs an entry only when there is one, where asking the
 * controller again cost every interrupt a second acknowledge.
 */
void irq_handle_one(void)
{
	preempt_clear();
	handle_one();
}
