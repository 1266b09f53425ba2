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
static unsigned head, tail; /* free-running: head - tail bytes wait */
bool conbuf_waiting;

/**
 * conbuf_drain_one() - wait until the UART takes the oldest waiting byte (nothing
 * happens if none waits).
 */
void conbuf_drain_one(void)
{
	if (head != tail)
		plat_console_putc(ring[tail++ % CONBUF_SIZE]);
	conbuf_waiting = head != tail;
}

static void put_raw(char c)
{
	if (head - tail == CONBUF_SIZE)
		conbuf_drain_one();
	ring[head++ % CONBUF_SIZE] = c;
	conbuf_waiting = true;
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
	return CONBUF_SIZE - (head - tail);
}

/**
 * conbuf_drain() - give the UART up to @max waiting bytes, as many as it takes now.
 * Return: true if nothing waits any more.
 */
bool conbuf_drain(unsigned max)
{
	while (head != tail && max--) {
		if (!plat_console_try_putc(ring[tail % CONBUF_SIZE]))
			return false;
		tail++;
	}
	conbuf_waiting = head != tail;
	return !conbuf_waiting;
}

/**
 * conbuf_flush() - write out everything, waiting for the UART (halt and panic).
 */
void conbuf_flush(void)
{
	while (head != tail)
		conbuf_drain_one();
}
