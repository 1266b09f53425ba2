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

/**
 * irq_handle_pending() - acknowledge and handle interrupts until none is pending.
 * A line bound through the ICU is masked and delivered to its IRQ object; any
 * other interrupt is reported and masked, so it cannot storm. Long operations that
 * stopped for them may go on afterwards (preempt_clear()).
 */
void irq_handle_pending(void)
{
	preempt_clear();
	for (int irq = plat_irq_next(); irq >= 0; irq = plat_irq_next()) {
		if (plat_irq_is_timer(irq)) {
			arch_timer_rearm();
			sched_tick();
		} else if (!icu_handle((unsigned)irq)) {
			kprintf("keel: unexpected interrupt %d, masked\n", irq);
			plat_irq_mask((unsigned)irq);
		}
		plat_irq_done(irq);
	}
}
