/* pl011.h - the console's PL011 UART driver: registers through a mapped window, no policy. */
#ifndef CONSOLE_PL011_H
#define CONSOLE_PL011_H

#include <stdbool.h>
#include <stdint.h>

/* One PL011 (its registers mapped at @regs). */
struct pl011 {
	volatile uint32_t *regs;
};

/**
 * pl011_init() - drive the PL011 whose registers are mapped at @regs: every pending
 * interrupt cleared, the receive and receive-timeout interrupts enabled. What is in
 * the receive FIFO stays there (it was typed for us).
 */
void pl011_init(struct pl011 *u, volatile void *regs);

/**
 * pl011_putc() - send @c as it is, once the transmit FIFO has room.
 */
void pl011_putc(struct pl011 *u, char c);

/**
 * pl011_getc() - take one received byte into *@c.
 * Return: false if the receive FIFO is empty.
 */
bool pl011_getc(struct pl011 *u, char *c);

/**
 * pl011_clear_rx_irq() - clear the receive interrupts: a byte arriving afterwards
 * raises the line again, so clear before draining the FIFO.
 */
void pl011_clear_rx_irq(struct pl011 *u);

#endif
