/* sp804.h - the ARM SP804 dual timer as the kernel's clock and deadline timer: the platform starts
 * it. */
#ifndef SP804_H
#define SP804_H

#include <stdbool.h>
#include <stdint.h>

/* An SP804's second timer starts this far after its first. */
#define SP804_TIMER2 0x20

/* Its clock and deadlines are the arch_timer_*() functions of arch.h. */
void sp804_init(volatile void *clock_timer, volatile void *deadline_timer, uint32_t frequency_hz);
/* The deadline timer's interrupt line is asserted: is it for the deadline (see sp804.c)? */
bool sp804_deadline_reached(void);

#endif
