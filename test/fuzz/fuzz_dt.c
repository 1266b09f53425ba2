/* fuzz_dt.c - libFuzzer harness: common/dt.c (the device-tree reader) and the root task's
 * device finder (roottask/devices.c) on any blob. */
#include "devices.h"
#include "dt.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES 4096 /* a walk longer than this is a loop */

/* Touch a string the reader returned (ASan checks it lies in the blob). */
static size_t touch(const char *s)
{
	return s ? strlen(s) : 0;
}

static void walk(const struct dt *dt)
{
	int depth = 0, count = 0, last = -1;
	for (int n = dt_next_node(dt, -1, &depth); n >= 0; n = dt_next_node(dt, n, &depth)) {
		assert(n > last); /* forward only: every walk ends */
		last = n;
		assert(++count <= MAX_NODES);
		touch(dt_node_name(dt, n));
		uint32_t len = 0, v;
		static const char *const props[] = {"compatible",  "reg",	  "device_type",
						    "status",	   "interrupts",  "#address-cells",
						    "#size-cells", "stdout-path", "bootargs"};
		for (unsigned p = 0; p < sizeof(props) / sizeof(props[0]); p++) {
			const uint8_t *val = dt_prop(dt, n, props[p], &len);
			if (val && len) {
				assert((const uint8_t *)val >= dt->blob &&
				       len <= dt->size - (uint32_t)(val - dt->blob));
				volatile uint8_t last_byte = val[len - 1];
				(void)last_byte;
			}
			dt_prop_u32(dt, n, props[p], &v);
		}
		dt_is_compatible(dt, n, "arm,pl011");
		int parent = dt_parent(dt, n);
		assert(parent < n);
		struct dt_range r;
		for (unsigned i = 0; i < 8 && dt_reg(dt, n, i, &r) == 0; i++)
			;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *blob = malloc(size ? size : 1); /* exact size: over-reads are caught */
	if (!blob)
		return 0;
	memcpy(blob, data, size);
	struct dt dt;
	if (dt_open(&dt, blob, size) == 0) {
		assert(dt.size <= size);
		walk(&dt);
		struct dt_range mem[4];
		int n = dt_memory(&dt, mem, 4);
		assert(n <= 4);
		/* What the kernel reads of a boot loader's tree (kernel/boot/main.c). */
		for (unsigned i = 0; dt_memreserve(&dt, i, &mem[0]) == 0; i++)
			assert(i < dt.size / 16);
		assert(dt_reserved_memory(&dt, mem, 4) <= 4);
		uint64_t cells;
		dt_prop_cells(&dt, dt_find_path(&dt, "/chosen"), "linux,initrd-start", &cells);
		int out = dt_stdout_node(&dt);
		if (out >= 0)
			touch(dt_node_name(&dt, out));
		static const char *const paths[] = {
		    "/", "/chosen", "/memory", "/pl011@9000000", "/a/b/c", "//", ""};
		for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
			dt_find_path(&dt, paths[i]);
		int after = -1, count = 0;
		while ((after = dt_find_compatible(&dt, after, "arm,pl011")) >= 0)
			assert(++count <= MAX_NODES);
		struct devices_dev dev;
		const char *why = NULL;
		if (devices_console_uart(&dt, &dev, &why) == 0)
			assert((dev.base & 0xfff) == 0 && dev.irq >= 16 && dev.irq < 1020);
		else
			assert(why != NULL);
	}
	if (size >= 8)
		dt_total_size(blob); /* reads the first two header words */
	free(blob);
	return 0;
}
