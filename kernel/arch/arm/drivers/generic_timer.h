/* generic_timer.h - the ARM generic timer (virtual timer): the platform starts it. */
#ifndef GENERIC_TIMER_H
#define GENERIC_TIMER_H

#include <stdint.h>

/* Its clock and deadlines are the arch_timer_*() functions of arch.h. */
void generic_timer_init(uint32_t frequency_hz);

#endif
