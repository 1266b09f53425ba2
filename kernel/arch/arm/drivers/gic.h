/* gic.h - ARM Generic Interrupt Controller v2. */
#ifndef GIC_H
#define GIC_H

#include <stdbool.h>
#include <stdint.h>

void gic_init(volatile void *dist, volatile void *cpu);
void gic_enable(unsigned irq);
void gic_disable(unsigned irq);
/* Acknowledge the highest pending interrupt; returns its number or -1. */
int gic_ack(void);
/* Is an interrupt pending that gic_ack() would return (without acknowledging it)? */
bool gic_pending(void);
void gic_eoi(unsigned irq);
unsigned gic_line_count(void);
void gic_set_pending(unsigned irq, bool pending);
void gic_set_edge(unsigned irq, bool edge);

#endif
