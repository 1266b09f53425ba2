/* pl011.h - the kernel's polled PL011 UART output. */
#ifndef PL011_H
#define PL011_H

#include <stdbool.h>
#include <stdint.h>

void pl011_init(volatile void *base);
void pl011_putc(char c);
bool pl011_try_putc(char c);

#endif
