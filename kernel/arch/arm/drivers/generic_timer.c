/* generic_timer.c - one-shot deadlines on the ARM generic timer's virtual timer. */
#include "generic_timer.h"
#include "cp15.h"

#define US_PER_S 1000000u

static uint32_t freq_hz;

/**
 * generic_timer_init() - enable the virtual timer with no deadline yet.
 * @frequency_hz: counter frequency (the device tree's, else CNTFRQ).
 */
void generic_timer_init(uint32_t frequency_hz)
{
	freq_hz = frequency_hz ? frequency_hz : read_cntfrq();
	if (freq_hz == 0)
		freq_hz = 62500000;
	write_cntv_cval(UINT64_MAX);
	write_cntv_ctl(1);
	isb();
}

/* The first counter value at which the time in microseconds is >= us (saturating). */
static uint64_t ticks_at(uint64_t us)
{
	uint64_t s = us / US_PER_S;
	if (s > (UINT64_MAX - 2 * (uint64_t)freq_hz) / freq_hz)
		return UINT64_MAX;
	return s * freq_hz + ((us % US_PER_S) * freq_hz + US_PER_S - 1) / US_PER_S;
}

/**
 * generic_timer_set_deadline() - interrupt once the time is @at_us (microseconds
 * since the counter started; at once if that has passed; UINT64_MAX: never).
 */
void generic_timer_set_deadline(uint64_t at_us)
{
	write_cntv_cval(ticks_at(at_us));
	isb();
}

/**
 * generic_timer_silence() - no interrupt until the next deadline is set (the
 * interrupt is level-triggered: it stays asserted while the deadline is past).
 */
void generic_timer_silence(void)
{
	write_cntv_cval(UINT64_MAX);
	isb();
}

uint64_t generic_timer_now_us(void)
{
	uint64_t count = read_cntvct();
	return count / freq_hz * US_PER_S + count % freq_hz * US_PER_S / freq_hz;
}

uint32_t generic_timer_frequency(void)
{
	return freq_hz;
}
