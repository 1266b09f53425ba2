/* conbuf.h - the kernel console's output buffer: written at once, drained without waiting. */
#ifndef KEEL_CONBUF_H
#define KEEL_CONBUF_H

#include "types.h"

/* Bytes the buffer holds (a power of two). */
#define CONBUF_SIZE 8192u
/* Bytes one kernel exit writes to the UART at most. */
#define CONBUF_EXIT_BUDGET 1024u

void conbuf_putc(char c);
bool conbuf_drain(unsigned max);
void conbuf_drain_one(void);
void conbuf_flush(void);
unsigned conbuf_space(void);

extern unsigned conbuf_head, conbuf_tail;

/**
 * conbuf_pending() - is output waiting for the UART? Inline: asked on every way out of
 * the kernel.
 */
static inline bool conbuf_pending(void)
{
	return conbuf_head != conbuf_tail;
}

#endif
