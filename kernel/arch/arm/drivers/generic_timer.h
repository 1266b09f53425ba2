/* generic_timer.h - the ARM generic timer (virtual timer) as the kernel tick. */
#ifndef GENERIC_TIMER_H
#define GENERIC_TIMER_H

#include <stdint.h>

void generic_timer_init(uint32_t frequency_hz, uint32_t tick_us);
void generic_timer_rearm(void);
uint64_t generic_timer_now_us(void);
uint32_t generic_timer_frequency(void);

#endif
