/* conbuf.h - the kernel console's output buffer: written at once, drained without waiting. */
#ifndef KEEL_CONBUF_H
#define KEEL_CONBUF_H

#include "types.h"

/* Bytes the buffer holds (a power of two). */
#define CONBUF_SIZE 8192u
/* Bytes one kernel exit writes to the UART at most. */
#define CONBUF_EXIT_BUDGET 256u

void conbuf_putc(char c);
bool conbuf_drain(unsigned max);
void conbuf_drain_one(void);
void conbuf_flush(void);
unsigned conbuf_space(void);

/* Set while bytes wait (one flag, not head != tail: asked on every way out of the
 * kernel, where two loads cost the null invoke 8 instructions). */
extern bool conbuf_waiting;

/**
 * conbuf_pending() - is output waiting for the UART?
 */
static inline bool conbuf_pending(void)
{
	return conbuf_waiting;
}

#endif
