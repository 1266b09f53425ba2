/* pl011.c - the console's PL011 UART driver: transmit, receive, receive interrupts. */
#include "pl011.h"

#define UART_DR	     0x00
#define UART_FR	     0x18
#define UART_IMSC    0x38
#define UART_ICR     0x44
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART_RXIM    (1u << 4)
#define UART_RTIM    (1u << 6)
#define UART_ICR_ALL 0x7ffu
#define UART_DR_DATA 0xffu

static uint32_t reg_read(const struct pl011 *u, unsigned off)
{
	return u->regs[off / 4];
}

static void reg_write(struct pl011 *u, unsigned off, uint32_t v)
{
	u->regs[off / 4] = v;
}

void pl011_init(struct pl011 *u, volatile void *regs)
{
	u->regs = regs;
	reg_write(u, UART_ICR, UART_ICR_ALL);
	reg_write(u, UART_IMSC, reg_read(u, UART_IMSC) | UART_RXIM | UART_RTIM);
}

void pl011_putc(struct pl011 *u, char c)
{
	while (reg_read(u, UART_FR) & UART_FR_TXFF)
		;
	reg_write(u, UART_DR, (uint8_t)c);
}

bool pl011_getc(struct pl011 *u, char *c)
{
	if (reg_read(u, UART_FR) & UART_FR_RXFE)
		return false;
	*c = (char)(reg_read(u, UART_DR) & UART_DR_DATA);
	return true;
}

void pl011_clear_rx_irq(struct pl011 *u)
{
	reg_write(u, UART_ICR, UART_RXIM | UART_RTIM);
}
