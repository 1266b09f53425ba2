/* plat_common.c - what the ARM boards share (plat_common.h): registers from the device tree, a
 * PL011 console. */
#include "plat/plat_common.h"
#include "arch.h"
#include "plat.h"
#include "drivers/pl011.h"
#include "plat_config.h"

const char *plat_name(void)
{
	return PLAT_NAME;
}

/**
 * plat_map_reg() - map entry @index of @node's "reg" into the kernel's device window.
 * Return: its kernel address, or NULL if there is no such entry (or it is empty or
 * above 4 GiB), or the window is full.
 */
void *plat_map_reg(const struct dt *dt, int node, unsigned index)
{
	struct dt_range r;
	if (node < 0 || dt_reg(dt, node, index, &r) != 0 || r.base >> 32 || r.size == 0)
		return NULL;
	return arch_map_device((paddr_t)r.base, (size_t)r.size);
}

/**
 * plat_pl011_console_init() - the kernel's console: the PL011 /chosen/stdout-path
 * names, else the first one in the tree, else PLAT_EARLY_UART (so that even a
 * missing or broken tree can be reported).
 * Return: 0, or -1 if the tree names no console.
 */
int plat_pl011_console_init(const struct dt *dt)
{
	int node = dt ? dt_stdout_node(dt) : -1;
	if (node < 0 && dt)
		node = dt_find_compatible(dt, -1, "arm,pl011");
	void *uart = dt ? plat_map_reg(dt, node, 0) : NULL;
	if (!uart)
		uart = arch_map_device(PLAT_EARLY_UART, 0x1000);
	pl011_init(uart); /* output only: its receive interrupt is left to user space */
	return node >= 0 ? 0 : -1;
}

/**
 * plat_ranges_touch() - does [@pa, @pa + @size) touch one of the @n @ranges (empty
 * ones never)? What plat_device_reserved() asks of a board's kernel-owned registers.
 */
bool plat_ranges_touch(const struct dt_range *ranges, unsigned n, paddr_t pa, size_t size)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t b = ranges[i].base, e = b + ranges[i].size;
		if (ranges[i].size && pa < e && pa + (uint64_t)size > b)
			return true;
	}
	return false;
}

void plat_console_putc(char c)
{
	pl011_putc(c);
}

bool plat_console_try_putc(char c)
{
	return pl011_try_putc(c);
}
