/* generic_timer.h - the ARM generic timer (virtual timer): the clock and one-shot deadlines. */
#ifndef GENERIC_TIMER_H
#define GENERIC_TIMER_H

#include <stdint.h>

void generic_timer_init(uint32_t frequency_hz);
void generic_timer_set_deadline(uint64_t at_us);
void generic_timer_silence(void);
uint64_t generic_timer_now_us(void);
uint32_t generic_timer_frequency(void);

#endif
