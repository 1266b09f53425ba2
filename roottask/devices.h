/* devices.h - the board's devices from the device tree, for the components that drive them. */
#ifndef ROOTTASK_DEVICES_H
#define ROOTTASK_DEVICES_H

#include <stdint.h>

struct dt;

/* A device as its driver needs it: registers and one interrupt. */
struct devices_dev {
	uint64_t base; /* its registers: the node's first reg range, page aligned */
	uint64_t size;
	unsigned irq;	   /* its interrupt: the ICU's line (GIC interrupt ID, VIC line) */
	unsigned irq_mode; /* L4_IRQ_F_LEVEL_HIGH or L4_IRQ_F_POS_EDGE */
};

/**
 * devices_console_uart() - the console's UART: the node /chosen stdout-path names,
 * else the first compatible "arm,pl011"; it must be a PL011 whose first reg range is
 * page aligned and below 4 GiB, and whose first interrupt is either an SPI of the
 * GIC the kernel drives (#interrupt-cells 3, level-high or rising-edge; a PPI is
 * refused) or a line 1-31 of the VIC it drives (#interrupt-cells 1; level-high).
 * Return: 0 with the device in *@out, or -1 with *@why saying what was not
 * understood.
 */
int devices_console_uart(const struct dt *dt, struct devices_dev *out, const char **why);

#endif
