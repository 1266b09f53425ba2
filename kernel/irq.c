/* irq.c - handle every pending interrupt: the timer drives the scheduler. */
#include "irq.h"
#include "arch.h"
#include "printk.h"
#include "sched.h"

/**
 * irq_wakeup_possible() - could an interrupt make a thread ready? Not until
 * hardware interrupts can be bound to threads (the ICU): the timer only expires
 * timeouts, which the scheduler counts itself.
 */
bool irq_wakeup_possible(void)
{
	return false;
}

/**
 * irq_handle_pending() - acknowledge and handle interrupts until none is pending.
 * Interrupts nobody handles yet are reported once and stay acknowledged.
 */
void irq_handle_pending(void)
{
	for (int irq = arch_irq_next(); irq >= 0; irq = arch_irq_next()) {
		if (arch_irq_is_timer(irq)) {
			arch_timer_rearm();
			sched_tick();
		} else {
			kprintf("keel: unexpected interrupt %d\n", irq);
		}
		arch_irq_done(irq);
	}
}
