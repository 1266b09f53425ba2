/* pl190_vic.h - ARM PL190 vectored interrupt controller (VIC), used without its vectors. */
#ifndef PL190_VIC_H
#define PL190_VIC_H

#include <stdbool.h>
#include <stdint.h>

/* One VIC has 32 interrupt lines, numbered 0-31 (the bits of its registers). */
#define VIC_LINES 32

void vic_init(volatile void *base);
void vic_enable(unsigned irq);
void vic_disable(unsigned irq);
/* The lowest-numbered pending line, or -1 (see pl190_vic.c for what it clears). */
int vic_next(void);
/* Is a line pending that vic_next() would return? */
bool vic_pending(void);
void vic_set_pending(unsigned irq, bool pending);

#endif
