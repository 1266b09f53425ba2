/* sp804.c - arch_timer_*: the clock and one-shot deadlines on an ARM SP804 dual timer. */
#include "sp804.h"
#include "arch.h"

/* The registers of one timer of the pair. */
#define TIMER_LOAD    0x00
#define TIMER_VALUE   0x04
#define TIMER_CONTROL 0x08
#define TIMER_INTCLR  0x0c
#define TIMER_MIS     0x14

#define CTRL_ONESHOT  (1u << 0)
#define CTRL_32BIT    (1u << 1)
#define CTRL_IE	      (1u << 5)
#define CTRL_PERIODIC (1u << 6)
#define CTRL_ENABLE   (1u << 7)

/* The deadline timer: one-shot, 32 bits, interrupt enabled (ENABLE starts it). */
#define DEADLINE_CTRL (CTRL_ONESHOT | CTRL_32BIT | CTRL_IE)

#define US_PER_S 1000000u
/*
 * The longest one-shot, in ticks: half the clock's period. The clock is a 32-bit
 * counter, extended to 64 bits by noticing where it wrapped around since the last
 * reading, which is right only if readings are less than a period (2^32 ticks) apart.
 * Every one-shot is started with a reading, and none lasts longer than this, so even
 * with no deadline at all the clock is read twice per period.
 */
#define MAX_STEP_TICKS (1u << 31)

static volatile uint32_t *clock_regs, *deadline_regs;
static uint32_t freq_hz;
/* The clock: its last reading (it counts down), and that as microseconds since it
 * started (now_us) plus a remainder (rem / freq_hz microseconds, rem < freq_hz).
 * The hardware reloads 0xffffffff after 0, a period of 2^32 ticks; QEMU's periods are
 * one tick shorter, so there the clock gains a tick per period (71 minutes at 1 MHz). */
static uint32_t last_value;
static uint64_t now_us;
static uint32_t rem;
/* The deadline the kernel asked for (UINT64_MAX: none). */
static uint64_t deadline_us = UINT64_MAX;

static void reg_write(volatile uint32_t *timer, unsigned off, uint32_t v)
{
	timer[off / 4] = v;
}

static uint32_t reg_read(volatile uint32_t *timer, unsigned off)
{
	return timer[off / 4];
}

/* Ticks until @us microseconds have passed, rounded up (the last step does not end
 * before the deadline), and between 1 and MAX_STEP_TICKS (a longer wait takes several
 * steps; so does one of more than 2^32 - 1 microseconds, at any frequency). */
static uint32_t step_ticks(uint64_t us)
{
	if (us > UINT32_MAX)
		us = UINT32_MAX;
	uint64_t ticks = us;
	if (freq_hz != US_PER_S)
		ticks = (us * freq_hz + US_PER_S - 1) / US_PER_S;
	if (ticks > MAX_STEP_TICKS)
		return MAX_STEP_TICKS;
	return ticks ? (uint32_t)ticks : 1;
}

/* Start the one-shot for the next step toward deadline_us: all the way, or
 * MAX_STEP_TICKS if the deadline is further (or none); any old interrupt is cleared. */
static void start_step(void)
{
	uint64_t now = arch_timer_now_us();
	uint64_t us = deadline_us > now ? deadline_us - now : 0;
	reg_write(deadline_regs, TIMER_CONTROL, DEADLINE_CTRL);
	reg_write(deadline_regs, TIMER_INTCLR, 1);
	reg_write(deadline_regs, TIMER_LOAD, step_ticks(us));
	reg_write(deadline_regs, TIMER_CONTROL, DEADLINE_CTRL | CTRL_ENABLE);
}

/**
 * sp804_init() - start the clock at 0 and the deadline timer with no deadline yet.
 * @clock_timer: registers of the timer that runs free as the clock (no interrupt).
 * @deadline_timer: registers of the timer for deadlines (one-shot, interrupting).
 * @frequency_hz: their clock (TIMCLK); 0: 1 MHz.
 *
 * The two are normally the pair of one SP804 (at +0 and +SP804_TIMER2): both run on
 * the same TIMCLK, so a deadline that fires has been reached by the clock as well.
 */
void sp804_init(volatile void *clock_timer, volatile void *deadline_timer, uint32_t frequency_hz)
{
	clock_regs = clock_timer;
	deadline_regs = deadline_timer;
	freq_hz = frequency_hz ? frequency_hz : US_PER_S;
	reg_write(clock_regs, TIMER_CONTROL, 0);
	reg_write(clock_regs, TIMER_INTCLR, 1);
	reg_write(clock_regs, TIMER_LOAD, UINT32_MAX);
	reg_write(clock_regs, TIMER_CONTROL, CTRL_ENABLE | CTRL_PERIODIC | CTRL_32BIT);
	last_value = reg_read(clock_regs, TIMER_VALUE);
	now_us = 0;
	rem = 0;
	arch_timer_rearm();
}

/**
 * sp804_deadline_reached() - the deadline timer's interrupt line is asserted: is it
 * the deadline? If the one-shot only ended a step toward a deadline further away than
 * MAX_STEP_TICKS (or toward none), its interrupt is cleared, the next step started,
 * and the kernel never sees it. The platform asks this before it reports the line.
 * Return: true if the kernel must see the interrupt: the deadline has been reached
 * (the interrupt stays asserted until arch_timer_rearm()), or the line was not raised
 * by the one-shot (a test hook made it pending).
 */
bool sp804_deadline_reached(void)
{
	if (!deadline_regs || !reg_read(deadline_regs, TIMER_MIS))
		return true;
	if (arch_timer_now_us() >= deadline_us)
		return true;
	start_step();
	return false;
}

/**
 * arch_timer_set_deadline() - interrupt once the time is @at_us (microseconds since
 * the clock started; at once if that has passed; UINT64_MAX: never).
 */
void arch_timer_set_deadline(uint64_t at_us)
{
	deadline_us = at_us;
	if (deadline_regs)
		start_step();
}

/**
 * arch_timer_rearm() - no interrupt until the next deadline is set. The one-shot goes
 * on in steps of at most MAX_STEP_TICKS, which only keep the clock right
 * (sp804_deadline_reached() takes them).
 */
void arch_timer_rearm(void)
{
	arch_timer_set_deadline(UINT64_MAX);
}

/**
 * arch_timer_now_us() - the time in microseconds since the clock started (0 before
 * sp804_init()).
 */
uint64_t arch_timer_now_us(void)
{
	if (!clock_regs)
		return 0;
	uint32_t value = reg_read(clock_regs, TIMER_VALUE);
	uint32_t ticks = last_value - value; /* it counts down; modulo 2^32 across a wrap */
	last_value = value;
	if (freq_hz == US_PER_S) {
		now_us += ticks;
	} else {
		uint64_t x = (uint64_t)ticks * US_PER_S + rem;
		now_us += x / freq_hz;
		rem = (uint32_t)(x % freq_hz);
	}
	return now_us;
}

/**
 * arch_timer_frequency() - the timers' clock in Hz (for the KIP).
 */
uint32_t arch_timer_frequency(void)
{
	return freq_hz;
}
