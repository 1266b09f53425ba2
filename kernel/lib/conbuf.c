/* conbuf.c - the kernel console's output buffer: written at once, drained without waiting. */
#include "lib/conbuf.h"
#include "plat.h"

/*
 * Why: the kernel runs with interrupts masked, and a UART takes about 87 us per byte at
 * 115,200 baud. Written straight to the UART, a fault report (some 600 bytes) or a
 * task's log write (up to 252) kept interrupts off for tens of milliseconds on a real
 * board. Output goes into this ring instead; the way out of the kernel and the idle
 * loop hand it to the UART as far as its FIFO takes it (conbuf_drain()), never
 * waiting. Only a full ring waits for the UART, one byte at a time (conbuf_putc(); a
 * log write makes room between preemption points first: log.c), and a halt writes
 * out everything (conbuf_flush()). Newlines become CR LF here.
 */
static char ring[CONBUF_SIZE];
unsigned conbuf_head, conbuf_tail; /* free-running: head - tail bytes wait */

/**
 * conbuf_drain_one() - wait until the UART takes the oldest waiting byte (nothing
 * happens if none waits).
 */
void conbuf_drain_one(void)
{
	if (conbuf_pending())
		plat_console_putc(ring[conbuf_tail++ % CONBUF_SIZE]);
}

static void put_raw(char c)
{
	if (conbuf_head - conbuf_tail == CONBUF_SIZE)
		conbuf_drain_one();
	ring[conbuf_head++ % CONBUF_SIZE] = c;
}

/**
 * conbuf_putc() - queue @c for the console (a newline as CR LF). Waits for the UART
 * only when the ring is full.
 */
void conbuf_putc(char c)
{
	if (c == '\n')
		put_raw('\r');
	put_raw(c);
}

/**
 * conbuf_space() - bytes that can be queued now without waiting.
 */
unsigned conbuf_space(void)
{
	return CONBUF_SIZE - (conbuf_head - conbuf_tail);
}

/**
 * conbuf_drain() - give the UART up to @max waiting bytes, as many as it takes now.
 * Return: true if nothing waits any more.
 */
bool conbuf_drain(unsigned max)
{
	while (conbuf_pending() && max--) {
		if (!plat_console_try_putc(ring[conbuf_tail % CONBUF_SIZE]))
			return false;
		conbuf_tail++;
	}
	return !conbuf_pending();
}

/**
 * conbuf_flush() - write out everything, waiting for the UART (halt and panic).
 */
void conbuf_flush(void)
{
	while (conbuf_pending())
		conbuf_drain_one();
}
