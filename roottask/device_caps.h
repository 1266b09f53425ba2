/* device_caps.h - the board's devices as capabilities, for the components that drive them. */
#ifndef ROOTTASK_DEVICE_CAPS_H
#define ROOTTASK_DEVICE_CAPS_H

#include "loader.h"

/* How many named capabilities a console's UART is. */
#define DEVICE_CAPS_UART 2

/**
 * device_caps_console() - the console's UART (devices_console_uart(), from the
 * device tree in the boot info) as capabilities, least privilege, for a driver
 * that needs neither the ICU nor device access through its allocator:
 * @caps[0] "uart", an MMIO dataspace of exactly its register pages (rights RW: the
 * driver maps it, cannot release it); @caps[1] "uart_irq", an IRQ object the root
 * has bound to its line through the root's ICU, with the device tree's trigger mode
 * (rights RW: the driver binds it to its thread, cannot delete it).
 * They are made once and kept, so that a restarted driver gets the same ones.
 * Return: 0, or a negative error with *@why saying what failed.
 */
int device_caps_console(struct loader_cap caps[DEVICE_CAPS_UART], const char **why);

/* Which of the console UART's capabilities device_caps_console_cap() gives. */
enum device_caps_uart {
	DEVICE_CAPS_UART_REGS = 0, /* "uart": the MMIO dataspace */
	DEVICE_CAPS_UART_IRQ = 1,  /* "uart_irq": the bound IRQ */
};

/**
 * device_caps_console_cap() - one of the console UART's capabilities (as
 * device_caps_console() makes them, once) in *@cap.
 * Return: 0, or a negative error with *@why saying what failed.
 */
int device_caps_console_cap(enum device_caps_uart which, l4_cap_idx_t *cap, const char **why);

#endif
