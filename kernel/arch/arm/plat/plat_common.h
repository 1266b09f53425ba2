/* plat_common.h - what the ARM boards' platform.c files share: device-tree registers, the PL011
 * console, kernel-owned ranges. */
#ifndef PLAT_COMMON_H
#define PLAT_COMMON_H

#include "dt.h"
#include "types.h"

void *plat_map_reg(const struct dt *dt, int node, unsigned index);
int plat_pl011_console_init(const struct dt *dt);
bool plat_ranges_touch(const struct dt_range *ranges, unsigned n, paddr_t pa, size_t size);

#endif
