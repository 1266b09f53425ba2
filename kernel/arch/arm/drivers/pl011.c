/* pl011.c - polled output on an ARM PL011 UART, for kernel messages. */
#include "pl011.h"

#define UART_DR	     0x00
#define UART_FR	     0x18
#define UART_FR_TXFF (1u << 5)

static volatile uint32_t *uart;

void pl011_init(volatile void *base)
{
	uart = base;
}

void pl011_putc(char c)
{
	if (!uart)
		return;
	if (c == '\n')
		pl011_putc('\r');
	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (uint8_t)c;
}
