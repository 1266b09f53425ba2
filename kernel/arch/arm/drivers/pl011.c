/* pl011.c - output on an ARM PL011 UART, for kernel messages: waiting, or only if it has room. */
#include "pl011.h"

#define UART_DR	     0x00
#define UART_FR	     0x18
#define UART_FR_TXFF (1u << 5)

static volatile uint32_t *uart;

void pl011_init(volatile void *base)
{
	uart = base;
}

/* Output a byte as it is, waiting while the transmit FIFO is full. */
void pl011_putc(char c)
{
	if (!uart)
		return;
	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (uint8_t)c;
}

/* Output a byte if the transmit FIFO has room now. Return: false if it had none
 * (without a UART, every byte is taken and lost). */
bool pl011_try_putc(char c)
{
	if (!uart)
		return true;
	if (uart[UART_FR / 4] & UART_FR_TXFF)
		return false;
	uart[UART_DR / 4] = (uint8_t)c;
	return true;
}
