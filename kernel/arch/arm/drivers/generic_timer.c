/* generic_timer.c - arch_timer_*: the clock and one-shot deadlines on the virtual timer. */
#include "generic_timer.h"
#include "arch.h"
#include "cp15.h"

#define US_PER_S 1000000u

static uint32_t freq_hz;

/*
 * The clock in microseconds is floor(count * US_PER_S / freq_hz). Two 64-bit divisions
 * per reading cost hundreds of instructions, and the kernel reads the clock at every
 * thread switch, so the last reading is kept: with us_num / us_den = US_PER_S / freq_hz
 * in lowest terms, last_count * us_num == last_us * us_den + last_rem (last_rem <
 * us_den), and a reading shortly after the last one needs one 32-bit division. The
 * result is exactly the same as from the full formula.
 */
static uint32_t us_num, us_den;
static uint64_t last_count, last_us;
static uint32_t last_rem;
static uint32_t max_delta; /* delta * us_num + last_rem fits 32 bits up to this */

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t r = a % b;
		a = b;
		b = r;
	}
	return a;
}

/**
 * generic_timer_init() - enable the virtual timer with no deadline yet.
 * @frequency_hz: counter frequency (the device tree's, else CNTFRQ).
 */
void generic_timer_init(uint32_t frequency_hz)
{
	freq_hz = frequency_hz ? frequency_hz : read_cntfrq();
	if (freq_hz == 0)
		freq_hz = 62500000;
	uint32_t g = gcd(US_PER_S, freq_hz);
	us_num = US_PER_S / g;
	us_den = freq_hz / g;
	last_count = last_us = 0;
	last_rem = 0;
	max_delta = (UINT32_MAX - us_den) / us_num;
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
 * arch_timer_set_deadline() - interrupt once the time is @at_us (microseconds
 * since the counter started; at once if that has passed; UINT64_MAX: never).
 */
void arch_timer_set_deadline(uint64_t at_us)
{
	write_cntv_cval(ticks_at(at_us));
	isb();
}

/**
 * arch_timer_rearm() - no interrupt until the next deadline is set (the
 * interrupt is level-triggered: it stays asserted while the deadline is past).
 */
void arch_timer_rearm(void)
{
	write_cntv_cval(UINT64_MAX);
	isb();
}

/**
 * arch_timer_now_us() - the time in microseconds since the counter started.
 */
uint64_t arch_timer_now_us(void)
{
	uint64_t count = read_cntvct();
	uint64_t delta = count - last_count;
	if (count >= last_count && delta <= max_delta) {
		/* Shortly after the last reading: delta * us_num + last_rem fits 32 bits. */
		uint32_t x = (uint32_t)delta * us_num + last_rem;
		last_us += x / us_den;
		last_rem = x % us_den;
	} else {
		uint64_t part = count % freq_hz * US_PER_S;
		last_us = count / freq_hz * US_PER_S + part / freq_hz;
		/* count * US_PER_S - last_us * freq_hz, a multiple of the gcd. */
		last_rem = (uint32_t)(part % freq_hz / (freq_hz / us_den));
	}
	last_count = count;
	return last_us;
}

/**
 * arch_timer_frequency() - the counter's frequency in Hz (for the KIP).
 */
uint32_t arch_timer_frequency(void)
{
	return freq_hz;
}
