/* generic_timer.c - periodic tick from the ARM generic timer's virtual timer. */
#include "generic_timer.h"
#include "cp15.h"

static uint32_t freq_hz;
static uint32_t tick_ticks;

/**
 * generic_timer_init() - start a periodic tick.
 * @frequency_hz: counter frequency (the device tree's, else CNTFRQ).
 */
void generic_timer_init(uint32_t frequency_hz, uint32_t tick_us)
{
	freq_hz = frequency_hz ? frequency_hz : read_cntfrq();
	if (freq_hz == 0)
		freq_hz = 62500000;
	tick_ticks = (uint32_t)((uint64_t)freq_hz * tick_us / 1000000u);
	write_cntv_tval(tick_ticks);
	write_cntv_ctl(1);
	isb();
}

void generic_timer_rearm(void)
{
	write_cntv_tval(tick_ticks);
	isb();
}

uint64_t generic_timer_now_us(void)
{
	uint64_t count = read_cntvct();
	return count / freq_hz * 1000000u + count % freq_hz * 1000000u / freq_hz;
}

uint32_t generic_timer_frequency(void)
{
	return freq_hz;
}
