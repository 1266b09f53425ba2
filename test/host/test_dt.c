/* test_dt.c - host tests of the device tree reader (kernel/dt.c) on built and QEMU DTBs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dt.h"
#include "types.h"

#include "fdt_builder.h"

/* A copy of the first size bytes of blob in a buffer of exactly that size. */
static uint8_t *dup_exact(const uint8_t *blob, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	assert_non_null(copy);
	memcpy(copy, blob, size);
	return copy;
}

/* The tree the tests share: shaped like QEMU's virt machine. */
static struct {
	uint8_t *blob;
	size_t size;
	struct dt dt;
	int root, memory, uart, uart2, intc, v2m, chosen, timer;
} t;

static const char bootargs[] = "console=ttyAMA0 idle=exit";

static int build_virt_like(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	t.root = fb_begin(&b, "");
	FB_CELLS(&b, "#address-cells", 2);
	FB_CELLS(&b, "#size-cells", 2);
	fb_prop_str(&b, "compatible", "linux,dummy-virt");
	fb_prop_str(&b, "model", "linux,dummy-virt");

	t.memory = fb_begin(&b, "memory@40000000");
	fb_prop_str(&b, "device_type", "memory");
	fb_nop(&b);
	FB_CELLS(&b, "reg", 0, 0x40000000, 0, 0x10000000);
	fb_end(&b);

	t.uart = fb_begin(&b, "pl011@9000000");
	fb_prop(&b, "compatible", "arm,pl011\0arm,primecell", sizeof("arm,pl011\0arm,primecell"));
	FB_CELLS(&b, "reg", 0, 0x09000000, 0, 0x1000);
	FB_CELLS(&b, "interrupts", 0, 1, 4);
	fb_end(&b);

	t.intc = fb_begin(&b, "intc@8000000");
	fb_prop_str(&b, "compatible", "arm,cortex-a15-gic");
	FB_CELLS(&b, "reg", 0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000);
	FB_CELLS(&b, "#address-cells", 1);
	FB_CELLS(&b, "#size-cells", 1);
	fb_prop(&b, "interrupt-controller", NULL, 0);
	t.v2m = fb_begin(&b, "v2m@8020000");
	fb_prop_str(&b, "compatible", "arm,gic-v2m-frame");
	FB_CELLS(&b, "reg", 0x08020000, 0x1000);
	fb_end(&b);
	fb_end(&b);

	t.uart2 = fb_begin(&b, "pl011@9040000");
	fb_prop(&b, "compatible", "arm,pl011\0arm,primecell", sizeof("arm,pl011\0arm,primecell"));
	FB_CELLS(&b, "reg", 0, 0x09040000, 0, 0x1000);
	fb_end(&b);

	t.timer = fb_begin(&b, "timer");
	fb_prop(&b, "compatible", "arm,armv8-timer\0arm,armv7-timer",
		sizeof("arm,armv8-timer\0arm,armv7-timer"));
	fb_end(&b);

	t.chosen = fb_begin(&b, "chosen");
	fb_prop_str(&b, "bootargs", bootargs);
	fb_prop_str(&b, "stdout-path", "/pl011@9000000");
	fb_end(&b);
	fb_end(&b);

	t.blob = fb_finish(&b, &t.size);
	assert_int_equal(dt_open(&t.dt, t.blob, t.size), 0);
	return 0;
}

static int free_virt_like(void **state)
{
	(void)state;
	free(t.blob);
	return 0;
}

/*
 * Call every lookup on a (possibly corrupt) tree. The results do not matter, only
 * that nothing reads outside the blob (ASan) and that everything terminates.
 */
static void exercise(const struct dt *dt)
{
	struct dt_range r[4];
	uint32_t len, v;
	int depth = 0, count = 0;
	for (int n = dt_next_node(dt, -1, &depth); n >= 0 && count < 1000;
	     n = dt_next_node(dt, n, &depth), count++) {
		const char *name = dt_node_name(dt, n);
		if (name)
			(void)strlen(name);
		(void)dt_prop(dt, n, "reg", &len);
		(void)dt_prop_u32(dt, n, "#address-cells", &v);
		(void)dt_is_compatible(dt, n, "arm,pl011");
		(void)dt_parent(dt, n);
		for (unsigned i = 0; i < 3; i++)
			(void)dt_reg(dt, n, i, &r[0]);
	}
	(void)dt_find_path(dt, "/intc/v2m");
	(void)dt_find_path(dt, "/chosen");
	(void)dt_find_compatible(dt, -1, "arm,primecell");
	(void)dt_memory(dt, r, 4);
	(void)dt_stdout_node(dt);
}

/* ---- header ---- */

static void test_be32(void **state)
{
	(void)state;
	static const uint8_t raw[] = {0xd0, 0x0d, 0xfe, 0xed, 0x80, 0x00, 0x00, 0x01};
	assert_int_equal(dt_be32(raw), 0xd00dfeedu);
	assert_int_equal(dt_be32(raw + 4), 0x80000001u);
	assert_int_equal(dt_be32(raw + 1), 0x0dfeed80u);
}

static void test_open_valid(void **state)
{
	(void)state;
	struct dt dt;
	assert_int_equal(dt_total_size(t.blob), (int)t.size);
	assert_int_equal(dt_open(&dt, t.blob, t.size), 0);
	assert_ptr_equal(dt.blob, t.blob);
	assert_int_equal(dt.size, t.size);
	assert_int_equal(dt.struct_off, STRUCT_START);
	assert_int_equal(dt.strings_off, dt_be32(t.blob + H_OFF_STRINGS));
	assert_int_equal(dt.struct_size, dt_be32(t.blob + H_SIZE_STRUCT));
	assert_int_equal(dt.strings_size, dt_be32(t.blob + H_SIZE_STRINGS));
	/* More room than the blob claims is fine; it is limited to totalsize. */
	uint8_t *big = calloc(1, t.size + 100);
	assert_non_null(big);
	memcpy(big, t.blob, t.size);
	assert_int_equal(dt_open(&dt, big, t.size + 100), 0);
	assert_int_equal(dt.size, t.size);
	free(big);
}

/* Open a copy of the shared blob with one header field replaced. */
static int open_patched(unsigned field, uint32_t value, size_t max_size)
{
	uint8_t *copy = dup_exact(t.blob, t.size);
	put_be32(copy + field, value);
	struct dt dt;
	int r = dt_open(&dt, copy, max_size);
	free(copy);
	return r;
}

static void test_open_bad_header(void **state)
{
	(void)state;
	struct dt dt;
	uint32_t st_off = STRUCT_START, st_size = t.dt.struct_size;
	uint32_t str_off = t.dt.strings_off, str_size = t.dt.strings_size;

	assert_int_equal(dt_open(&dt, NULL, t.size), -1);
	assert_int_equal(dt_total_size(NULL), -1);
	assert_int_equal(open_patched(H_MAGIC, 0xedfe0dd0u, t.size), -1);
	assert_int_equal(open_patched(H_MAGIC, 0, t.size), -1);

	/* The caller's limit is below the header or below totalsize. */
	assert_int_equal(open_patched(H_MAGIC, 0xd00dfeedu, 39), -1);
	assert_int_equal(open_patched(H_MAGIC, 0xd00dfeedu, t.size - 1), -1);
	assert_int_equal(open_patched(H_TOTALSIZE, (uint32_t)t.size + 1, t.size), -1);
	assert_int_equal(open_patched(H_TOTALSIZE, 39, t.size), -1);
	assert_int_equal(open_patched(H_TOTALSIZE, 0xffffffffu, t.size), -1);

	/* Versions: 16 and 17 are read; older layouts and incompatible newer ones not. */
	assert_int_equal(open_patched(H_VERSION, 16, t.size), 0);
	assert_int_equal(open_patched(H_VERSION, 15, t.size), -1);
	assert_int_equal(open_patched(H_VERSION, 1, t.size), -1);
	assert_int_equal(open_patched(H_LAST_COMP, 17, t.size), 0);
	assert_int_equal(open_patched(H_LAST_COMP, 18, t.size), -1);

	/* Blocks that start or end beyond the blob. */
	assert_int_equal(open_patched(H_OFF_STRUCT, (uint32_t)t.size + 4, t.size), -1);
	assert_int_equal(open_patched(H_OFF_STRUCT, 0xfffffffcu, t.size), -1);
	assert_int_equal(open_patched(H_SIZE_STRUCT, (uint32_t)t.size - st_off + 4, t.size), -1);
	assert_int_equal(open_patched(H_SIZE_STRUCT, 0xfffffffcu, t.size), -1);
	assert_int_equal(open_patched(H_OFF_STRINGS, (uint32_t)t.size + 1, t.size), -1);
	assert_int_equal(open_patched(H_OFF_STRINGS, 0xffffffffu, t.size), -1);
	assert_int_equal(open_patched(H_SIZE_STRINGS, (uint32_t)t.size - str_off + 1, t.size), -1);
	assert_int_equal(open_patched(H_SIZE_STRINGS, 0xffffffffu, t.size), -1);
	/* Exactly up to the end is fine. */
	assert_int_equal(open_patched(H_SIZE_STRINGS, (uint32_t)t.size - str_off, t.size), 0);
	assert_int_equal(str_off + str_size, t.size);

	/* The structure block must be 4-byte aligned in offset and size. */
	assert_int_equal(open_patched(H_OFF_STRUCT, st_off + 2, t.size), -1);
	assert_int_equal(open_patched(H_SIZE_STRUCT, st_size - 2, t.size), -1);
}

static void test_total_size(void **state)
{
	(void)state;
	uint8_t hdr[8] = {0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x10, 0x00};
	assert_int_equal(dt_total_size(hdr), 0x1000);
	hdr[4] = 0x80; /* does not fit an int */
	assert_int_equal(dt_total_size(hdr), -1);
	hdr[0] = 0xd1;
	hdr[4] = 0;
	assert_int_equal(dt_total_size(hdr), -1);
}

/* ---- walking and lookup ---- */

static void test_walk(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int depth;
	} want[] = {
	    {"", 0},
	    {"memory@40000000", 1},
	    {"pl011@9000000", 1},
	    {"intc@8000000", 1},
	    {"v2m@8020000", 2},
	    {"pl011@9040000", 1},
	    {"timer", 1},
	    {"chosen", 1},
	};
	int depth = 42, n = -1;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		n = dt_next_node(&t.dt, n, &depth);
		assert_true(n >= 0);
		assert_string_equal(dt_node_name(&t.dt, n), want[i].name);
		assert_int_equal(depth, want[i].depth);
	}
	assert_int_equal(n, t.chosen);
	assert_int_equal(dt_next_node(&t.dt, n, &depth), -1);
	/* depth may be NULL. */
	assert_int_equal(dt_next_node(&t.dt, -1, NULL), t.root);
	assert_int_equal(dt_next_node(&t.dt, t.intc, NULL), t.v2m);
	/* Starting from something that is not a node fails. */
	assert_int_equal(dt_next_node(&t.dt, t.root + 4, &depth), -1);
	assert_int_equal(dt_next_node(&t.dt, (int)t.dt.struct_size, &depth), -1);
	assert_int_equal(dt_next_node(&t.dt, 0x7ffffff0, &depth), -1);
	assert_null(dt_node_name(&t.dt, -1));
	assert_null(dt_node_name(&t.dt, (int)t.dt.struct_size));
	assert_null(dt_node_name(&t.dt, 0x7ffffff0));
}

static void test_find_path(void **state)
{
	(void)state;
	assert_int_equal(dt_find_path(&t.dt, "/"), t.root);
	assert_int_equal(dt_find_path(&t.dt, "/chosen"), t.chosen);
	assert_int_equal(dt_find_path(&t.dt, "/chosen/"), t.chosen);
	assert_int_equal(dt_find_path(&t.dt, "/memory@40000000"), t.memory);
	/* Without a unit address the first node of that name matches. */
	assert_int_equal(dt_find_path(&t.dt, "/memory"), t.memory);
	assert_int_equal(dt_find_path(&t.dt, "/pl011"), t.uart);
	assert_int_equal(dt_find_path(&t.dt, "/pl011@9040000"), t.uart2);
	assert_int_equal(dt_find_path(&t.dt, "/intc/v2m"), t.v2m);
	assert_int_equal(dt_find_path(&t.dt, "/intc@8000000/v2m@8020000"), t.v2m);

	assert_int_equal(dt_find_path(&t.dt, "chosen"), -1);
	assert_int_equal(dt_find_path(&t.dt, ""), -1);
	assert_int_equal(dt_find_path(&t.dt, "/nothere"), -1);
	assert_int_equal(dt_find_path(&t.dt, "/chose"), -1);
	assert_int_equal(dt_find_path(&t.dt, "/chosenx"), -1);
	assert_int_equal(dt_find_path(&t.dt, "/mem"), -1);
	assert_int_equal(dt_find_path(&t.dt, "/memory@4"), -1);
	assert_int_equal(dt_find_path(&t.dt, "/memory@"), -1);
	assert_int_equal(dt_find_path(&t.dt, "/pl011@9000001"), -1);
	/* v2m is a grandchild of the root, not a child. */
	assert_int_equal(dt_find_path(&t.dt, "/v2m@8020000"), -1);
	assert_int_equal(dt_find_path(&t.dt, "/chosen/v2m"), -1);
	assert_int_equal(dt_find_path(&t.dt, "/intc/v2m/deeper"), -1);
}

static void test_prop(void **state)
{
	(void)state;
	uint32_t len = 0, v = 0;
	const char *s = dt_prop(&t.dt, t.chosen, "bootargs", &len);
	assert_non_null(s);
	assert_int_equal(len, sizeof(bootargs));
	assert_string_equal(s, bootargs);
	assert_non_null(dt_prop(&t.dt, t.chosen, "bootargs", NULL));

	const uint8_t *reg = dt_prop(&t.dt, t.memory, "reg", &len);
	assert_non_null(reg);
	assert_int_equal(len, 16);
	assert_int_equal(dt_be32(reg + 4), 0x40000000);
	assert_int_equal(dt_be32(reg + 12), 0x10000000);

	/* An empty property is found, with length 0. */
	len = 99;
	assert_non_null(dt_prop(&t.dt, t.intc, "interrupt-controller", &len));
	assert_int_equal(len, 0);

	assert_true(dt_prop_u32(&t.dt, t.root, "#address-cells", &v));
	assert_int_equal(v, 2);
	assert_true(dt_prop_u32(&t.dt, t.intc, "#size-cells", &v));
	assert_int_equal(v, 1);
	/* Only 4-byte properties are u32s. */
	v = 77;
	assert_false(dt_prop_u32(&t.dt, t.memory, "reg", &v));
	assert_false(dt_prop_u32(&t.dt, t.intc, "interrupt-controller", &v));
	assert_false(dt_prop_u32(&t.dt, t.memory, "#size-cells", &v));
	assert_int_equal(v, 77);

	/* Absent properties; names must match exactly. */
	assert_null(dt_prop(&t.dt, t.chosen, "bootarg", &len));
	assert_null(dt_prop(&t.dt, t.chosen, "bootargsx", &len));
	assert_null(dt_prop(&t.dt, t.timer, "reg", &len));
	/* A node's properties do not include its children's. */
	assert_null(dt_prop(&t.dt, t.root, "device_type", &len));
	assert_null(dt_prop(&t.dt, t.intc, "interrupts", &len));
	/* Not a node. */
	assert_null(dt_prop(&t.dt, -1, "reg", &len));
	assert_null(dt_prop(&t.dt, t.memory + 4, "reg", &len));
	assert_null(dt_prop(&t.dt, 0x7ffffff0, "reg", &len));
}

static void test_compatible(void **state)
{
	(void)state;
	assert_true(dt_is_compatible(&t.dt, t.uart, "arm,pl011"));
	assert_true(dt_is_compatible(&t.dt, t.uart, "arm,primecell"));
	assert_true(dt_is_compatible(&t.dt, t.timer, "arm,armv7-timer"));
	assert_false(dt_is_compatible(&t.dt, t.uart, "arm,pl01"));
	assert_false(dt_is_compatible(&t.dt, t.uart, "arm,pl0111"));
	assert_false(dt_is_compatible(&t.dt, t.uart, "arm"));
	assert_false(dt_is_compatible(&t.dt, t.uart, ""));
	assert_false(dt_is_compatible(&t.dt, t.memory, "memory"));
	assert_false(dt_is_compatible(&t.dt, -1, "arm,pl011"));

	assert_int_equal(dt_find_compatible(&t.dt, -1, "arm,pl011"), t.uart);
	assert_int_equal(dt_find_compatible(&t.dt, t.uart, "arm,pl011"), t.uart2);
	assert_int_equal(dt_find_compatible(&t.dt, t.uart2, "arm,pl011"), -1);
	assert_int_equal(dt_find_compatible(&t.dt, -1, "arm,primecell"), t.uart);
	assert_int_equal(dt_find_compatible(&t.dt, -1, "arm,gic-v2m-frame"), t.v2m);
	assert_int_equal(dt_find_compatible(&t.dt, -1, "linux,dummy-virt"), t.root);
	assert_int_equal(dt_find_compatible(&t.dt, -1, "arm,cortex-a9-gic"), -1);
	assert_int_equal(dt_find_compatible(&t.dt, t.root + 4, "arm,pl011"), -1);
}

static void test_parent(void **state)
{
	(void)state;
	assert_int_equal(dt_parent(&t.dt, t.root), -1);
	assert_int_equal(dt_parent(&t.dt, t.memory), t.root);
	assert_int_equal(dt_parent(&t.dt, t.intc), t.root);
	assert_int_equal(dt_parent(&t.dt, t.v2m), t.intc);
	assert_int_equal(dt_parent(&t.dt, t.uart2), t.root);
	assert_int_equal(dt_parent(&t.dt, t.chosen), t.root);
	assert_int_equal(dt_parent(&t.dt, t.v2m + 4), -1);
	assert_int_equal(dt_parent(&t.dt, -1), -1);
}

static void test_reg(void **state)
{
	(void)state;
	struct dt_range r = {0, 0};
	assert_int_equal(dt_reg(&t.dt, t.memory, 0, &r), 0);
	assert_int_equal(r.base, 0x40000000);
	assert_int_equal(r.size, 0x10000000);
	assert_int_equal(dt_reg(&t.dt, t.memory, 1, &r), -1);

	assert_int_equal(dt_reg(&t.dt, t.intc, 0, &r), 0);
	assert_int_equal(r.base, 0x08000000);
	assert_int_equal(r.size, 0x10000);
	assert_int_equal(dt_reg(&t.dt, t.intc, 1, &r), 0);
	assert_int_equal(r.base, 0x08010000);
	assert_int_equal(r.size, 0x10000);
	assert_int_equal(dt_reg(&t.dt, t.intc, 2, &r), -1);
	assert_int_equal(dt_reg(&t.dt, t.intc, 0xffffffffu, &r), -1);

	/* The parent's #address-cells/#size-cells (1/1) size the entries. */
	assert_int_equal(dt_reg(&t.dt, t.v2m, 0, &r), 0);
	assert_int_equal(r.base, 0x08020000);
	assert_int_equal(r.size, 0x1000);
	assert_int_equal(dt_reg(&t.dt, t.v2m, 1, &r), -1);

	/* No reg at all. */
	assert_int_equal(dt_reg(&t.dt, t.timer, 0, &r), -1);
	assert_int_equal(dt_reg(&t.dt, t.root, 0, &r), -1);
	assert_int_equal(dt_reg(&t.dt, -1, 0, &r), -1);
}

static void test_memory_and_stdout(void **state)
{
	(void)state;
	struct dt_range r[4];
	memset(r, 0, sizeof(r));
	assert_int_equal(dt_memory(&t.dt, r, 4), 1);
	assert_int_equal(r[0].base, 0x40000000);
	assert_int_equal(r[0].size, 0x10000000);
	assert_int_equal(r[1].size, 0);
	assert_int_equal(dt_memory(&t.dt, r, 0), 0);
	assert_int_equal(dt_stdout_node(&t.dt), t.uart);
}

/* ---- variations of the tree ---- */

static uint8_t *finish_open(struct fb *b, struct dt *dt, size_t *size)
{
	uint8_t *blob = fb_finish(b, size);
	assert_int_equal(dt_open(dt, blob, *size), 0);
	return blob;
}

/* Several banks, a zero-sized one, default cells, more banks than room. */
static void test_memory_banks(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	FB_CELLS(&b, "#address-cells", 1);
	FB_CELLS(&b, "#size-cells", 1);
	fb_begin(&b, "memory@80000000");
	fb_prop_str(&b, "device_type", "memory");
	FB_CELLS(&b, "reg", 0x80000000, 0x1000000, 0x90000000, 0, 0xa0000000, 0x2000000);
	fb_end(&b);
	fb_begin(&b, "notmemory");
	fb_prop_str(&b, "device_type", "memoryx");
	FB_CELLS(&b, "reg", 0x1000, 0x1000);
	fb_end(&b);
	fb_begin(&b, "memory@c0000000");
	fb_prop_str(&b, "device_type", "memory");
	FB_CELLS(&b, "reg", 0xc0000000, 0x400000);
	fb_end(&b);
	fb_end(&b);
	size_t size;
	struct dt dt;
	uint8_t *blob = finish_open(&b, &dt, &size);

	struct dt_range r[4];
	assert_int_equal(dt_memory(&dt, r, 4), 3);
	assert_int_equal(r[0].base, 0x80000000);
	assert_int_equal(r[0].size, 0x1000000);
	assert_int_equal(r[1].base, 0xa0000000);
	assert_int_equal(r[1].size, 0x2000000);
	assert_int_equal(r[2].base, 0xc0000000);
	assert_int_equal(r[2].size, 0x400000);
	struct dt_range two[2];
	assert_int_equal(dt_memory(&dt, two, 2), 2);
	assert_int_equal(two[1].base, 0xa0000000);
	/* No /chosen: no stdout node. */
	assert_int_equal(dt_stdout_node(&dt), -1);
	free(blob);
}

/* Cell counts the reader cannot handle, and the defaults of a parent without them. */
static void test_reg_cells(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	int plain = fb_begin(&b, "plain");
	int child = fb_begin(&b, "child");
	FB_CELLS(&b, "reg", 0x1, 0x2000, 0x3000);
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "wide");
	FB_CELLS(&b, "#address-cells", 3);
	int c3 = fb_begin(&b, "c");
	FB_CELLS(&b, "reg", 1, 2, 3, 4);
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "nosize");
	FB_CELLS(&b, "#address-cells", 1);
	FB_CELLS(&b, "#size-cells", 0);
	int c0 = fb_begin(&b, "cpu@1");
	FB_CELLS(&b, "reg", 1, 2);
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "zeroaddr");
	FB_CELLS(&b, "#address-cells", 0);
	int cz = fb_begin(&b, "z");
	FB_CELLS(&b, "reg", 1);
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "bigsize");
	FB_CELLS(&b, "#size-cells", 3);
	int cb = fb_begin(&b, "b");
	FB_CELLS(&b, "reg", 1, 2, 3, 4, 5);
	fb_end(&b);
	fb_end(&b);
	fb_end(&b);
	size_t size;
	struct dt dt;
	uint8_t *blob = finish_open(&b, &dt, &size);
	struct dt_range r;

	/* "plain" has no cell properties: the defaults are 2 address and 1 size cell. */
	assert_int_equal(dt_parent(&dt, child), plain);
	assert_int_equal(dt_reg(&dt, child, 0, &r), 0);
	assert_int_equal(r.base, 0x100002000ull);
	assert_int_equal(r.size, 0x3000);
	assert_int_equal(dt_reg(&dt, c3, 0, &r), -1);
	assert_int_equal(dt_reg(&dt, cz, 0, &r), -1);
	assert_int_equal(dt_reg(&dt, cb, 0, &r), -1);
	/* Size cells 0: entries are addresses only. */
	assert_int_equal(dt_reg(&dt, c0, 0, &r), 0);
	assert_int_equal(r.base, 1);
	assert_int_equal(r.size, 0);
	assert_int_equal(dt_reg(&dt, c0, 1, &r), 0);
	assert_int_equal(r.base, 2);
	assert_int_equal(dt_reg(&dt, c0, 2, &r), -1);
	free(blob);
}

/*
 * A tree with the given stdout-path (len bytes, NUL included by the caller).
 * Return: 1 if dt_stdout_node() found the UART, -1 if it found nothing, 0 otherwise.
 */
static int stdout_with(const char *path, uint32_t len)
{
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	int uart = fb_begin(&b, "pl011@9000000");
	fb_end(&b);
	fb_begin(&b, "chosen");
	fb_prop(&b, "stdout-path", path, len);
	fb_end(&b);
	fb_end(&b);
	size_t size;
	struct dt dt;
	uint8_t *blob = finish_open(&b, &dt, &size);
	int n = dt_stdout_node(&dt);
	free(blob);
	return n == uart ? 1 : n < 0 ? -1 : 0;
}

static void test_stdout_path(void **state)
{
	(void)state;
	assert_int_equal(stdout_with("/pl011@9000000", 15), 1);
	assert_int_equal(stdout_with("/pl011@9000000:115200n8", 24), 1);
	assert_int_equal(stdout_with("/pl011:115200", 14), 1);
	assert_int_equal(stdout_with("/chosen", 8), 0);
	/* Aliases are not resolved; missing nodes are not found. */
	assert_int_equal(stdout_with("serial0", 8), -1);
	assert_int_equal(stdout_with("/pl011@9040000", 15), -1);
	/* Unterminated, empty, or too long. */
	assert_int_equal(stdout_with("/pl011@9000000", 14), -1);
	assert_int_equal(stdout_with("", 0), -1);
	char longpath[200];
	memset(longpath, 'a', sizeof(longpath));
	longpath[0] = '/';
	longpath[199] = 0;
	assert_int_equal(stdout_with(longpath, 200), -1);
	memcpy(longpath, "/pl011@9000000:", 15);
	longpath[127] = 0;
	assert_int_equal(stdout_with(longpath, 128), 1);
	longpath[127] = 'a';
	longpath[128] = 0;
	assert_int_equal(stdout_with(longpath, 129), -1);
}

/* ---- malformed structure blocks ---- */

static void test_bad_token(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	int a = fb_begin(&b, "a");
	fb_prop_str(&b, "compatible", "x");
	fb_u32(&b, 7); /* not a token */
	fb_prop_str(&b, "later", "y");
	fb_end(&b);
	fb_begin(&b, "b");
	fb_end(&b);
	fb_end(&b);
	size_t size;
	struct dt dt;
	uint8_t *blob = finish_open(&b, &dt, &size);
	uint32_t len;
	int depth = 0;
	assert_int_equal(dt_next_node(&dt, -1, &depth), 0);
	assert_int_equal(dt_next_node(&dt, 0, &depth), a);
	assert_int_equal(dt_next_node(&dt, a, &depth), -1);
	assert_non_null(dt_prop(&dt, a, "compatible", &len));
	assert_null(dt_prop(&dt, a, "later", &len));
	assert_int_equal(dt_find_path(&dt, "/b"), -1);
	exercise(&dt);
	free(blob);
}

static void test_unterminated_name(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	fb_end(&b);
	size_t size;
	uint8_t *blob = fb_finish(&b, &size);
	/* Structure block: BEGIN_NODE "\0\0\0\0" END_NODE END; fill the name and cut the
	 * block right after it, so the name has no NUL inside the block. */
	memset(blob + STRUCT_START + 4, 'n', 4);
	put_be32(blob + H_SIZE_STRUCT, 8);
	struct dt dt;
	assert_int_equal(dt_open(&dt, blob, size), 0);
	assert_int_equal(dt_next_node(&dt, -1, NULL), -1);
	assert_null(dt_node_name(&dt, 0));
	assert_null(dt_prop(&dt, 0, "x", NULL));
	assert_int_equal(dt_find_path(&dt, "/"), -1);
	exercise(&dt);
	free(blob);
}

static void test_prop_outside_block(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	int root = fb_begin(&b, "");
	fb_prop_str(&b, "first", "ok");
	uint32_t len_at = b.st_len + 4;
	fb_prop_str(&b, "second", "abc");
	int child = fb_begin(&b, "child");
	fb_end(&b);
	fb_end(&b);
	size_t size;
	uint8_t *blob = fb_finish(&b, &size);
	struct dt dt;
	uint32_t len;
	static const uint32_t bad_lens[] = {0x1000, 0x7fffffff, 0xfffffffc, 0xffffffff};
	for (size_t i = 0; i < ARRAY_SIZE(bad_lens); i++) {
		put_be32(blob + STRUCT_START + len_at, bad_lens[i]);
		assert_int_equal(dt_open(&dt, blob, size), 0);
		assert_non_null(dt_prop(&dt, root, "first", &len));
		assert_null(dt_prop(&dt, root, "second", &len));
		assert_int_equal(dt_next_node(&dt, root, NULL), -1);
		assert_int_equal(dt_find_path(&dt, "/child"), -1);
		exercise(&dt);
	}
	/* A length that runs just past the end of the block. */
	put_be32(blob + STRUCT_START + len_at, dt.struct_size - len_at - 8 + 1);
	assert_null(dt_prop(&dt, root, "second", &len));
	assert_int_equal(dt_next_node(&dt, root, NULL), -1);
	/* Restored, the tree is whole again. */
	put_be32(blob + STRUCT_START + len_at, 4);
	assert_int_equal(dt_next_node(&dt, root, NULL), child);

	/* A property header cut off by the end of the block. */
	put_be32(blob + H_SIZE_STRUCT, len_at + 4);
	assert_int_equal(dt_open(&dt, blob, size), 0);
	assert_null(dt_prop(&dt, root, "second", &len));
	assert_int_equal(dt_next_node(&dt, root, NULL), -1);
	exercise(&dt);
	free(blob);
}

static void test_bad_strings(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	int root = fb_begin(&b, "");
	fb_prop_str(&b, "compatible", "x");
	uint32_t nameoff_at = b.st_len + 8;
	fb_prop_str(&b, "model", "m");
	fb_end(&b);
	size_t size;
	uint8_t *blob = fb_finish(&b, &size);
	struct dt dt;
	uint32_t len;
	assert_int_equal(dt_open(&dt, blob, size), 0);
	assert_non_null(dt_prop(&dt, root, "model", &len));
	/* A name offset beyond the strings block: the property has no name. */
	put_be32(blob + STRUCT_START + nameoff_at, dt.strings_size);
	assert_null(dt_prop(&dt, root, "model", &len));
	put_be32(blob + STRUCT_START + nameoff_at, 0xffffffffu);
	assert_null(dt_prop(&dt, root, "model", &len));
	put_be32(blob + STRUCT_START + nameoff_at, 11); /* "compatible\0model\0" */
	assert_non_null(dt_prop(&dt, root, "model", &len));
	/* The strings block ends inside "model": it is not terminated. */
	put_be32(blob + H_SIZE_STRINGS, dt.strings_size - 1);
	assert_int_equal(dt_open(&dt, blob, size), 0);
	assert_null(dt_prop(&dt, root, "model", &len));
	assert_true(dt_is_compatible(&dt, root, "x"));
	exercise(&dt);
	free(blob);
}

static void test_missing_end(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	int root = fb_begin(&b, "");
	int a = fb_begin(&b, "a");
	fb_end(&b);
	fb_nop(&b);
	size_t size;
	/* No END_NODE for the root: fb_finish only adds FDT_END, and we cut that off. */
	uint8_t *blob = fb_finish(&b, &size);
	put_be32(blob + H_SIZE_STRUCT, dt_be32(blob + H_SIZE_STRUCT) - 4);
	struct dt dt;
	assert_int_equal(dt_open(&dt, blob, size), 0);
	assert_int_equal(dt_next_node(&dt, -1, NULL), root);
	assert_int_equal(dt_next_node(&dt, root, NULL), a);
	assert_int_equal(dt_next_node(&dt, a, NULL), -1);
	assert_int_equal(dt_find_path(&dt, "/b"), -1);
	assert_int_equal(dt_find_path(&dt, "/a"), a);
	exercise(&dt);
	free(blob);
}

/* An END_NODE too many: the walk sees a node above the root (depth -1). */
static void test_unbalanced_end(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	int root = fb_begin(&b, "");
	fb_end(&b);
	fb_end(&b);
	int stray = fb_begin(&b, "stray");
	FB_CELLS(&b, "reg", 0, 0x1000, 0x100);
	fb_end(&b);
	size_t size;
	struct dt dt;
	uint8_t *blob = finish_open(&b, &dt, &size);
	int depth = 0;
	assert_int_equal(dt_next_node(&dt, -1, &depth), root);
	assert_int_equal(dt_next_node(&dt, root, &depth), stray);
	assert_int_equal(depth, -1);
	assert_int_equal(dt_parent(&dt, stray), -1);
	struct dt_range r;
	(void)dt_reg(&dt, stray, 0, &r);
	assert_int_equal(dt_find_path(&dt, "/stray"), -1);
	exercise(&dt);
	free(blob);
}

/* Deeper than the reader's stack of parents. */
static void test_deep_tree(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	int nodes[40];
	for (int i = 0; i < 40; i++)
		nodes[i] = fb_begin(&b, i ? "n" : "");
	for (int i = 0; i < 40; i++)
		fb_end(&b);
	size_t size;
	struct dt dt;
	uint8_t *blob = finish_open(&b, &dt, &size);
	assert_int_equal(dt_parent(&dt, nodes[1]), nodes[0]);
	assert_int_equal(dt_parent(&dt, nodes[31]), nodes[30]);
	assert_int_equal(dt_parent(&dt, nodes[32]), -1);
	assert_int_equal(dt_parent(&dt, nodes[39]), -1);
	assert_int_equal(dt_find_path(&dt, "/n/n/n"), nodes[3]);
	int depth = 0, n = dt_next_node(&dt, -1, &depth);
	for (int i = 1; i < 40; i++)
		n = dt_next_node(&dt, n, &depth);
	assert_int_equal(n, nodes[39]);
	assert_int_equal(depth, 39);
	exercise(&dt);
	free(blob);
}

/* Every prefix of the blob, with totalsize and the block sizes clipped to it. */
static void test_truncated(void **state)
{
	(void)state;
	for (size_t len = 0; len < t.size; len++) {
		uint8_t *copy = dup_exact(t.blob, len);
		struct dt dt;
		assert_int_equal(dt_open(&dt, copy, len), -1);
		if (len >= STRUCT_START) {
			uint32_t st_size = (uint32_t)(len - STRUCT_START) & ~3u;
			if (st_size > t.dt.struct_size)
				st_size = t.dt.struct_size;
			uint32_t str_size =
			    len > t.dt.strings_off ? (uint32_t)len - t.dt.strings_off : 0;
			put_be32(copy + H_TOTALSIZE, (uint32_t)len);
			put_be32(copy + H_SIZE_STRUCT, st_size);
			put_be32(copy + H_SIZE_STRINGS, str_size);
			if (t.dt.strings_off > len)
				put_be32(copy + H_OFF_STRINGS, (uint32_t)len);
			assert_int_equal(dt_open(&dt, copy, len), 0);
			exercise(&dt);
		}
		free(copy);
	}
}

/* Every byte of the structure and strings blocks replaced by a few values. */
static void test_corrupt_bytes(void **state)
{
	(void)state;
	static const uint8_t values[] = {0x00, 0x01, 0x02, 0x03, 0x09, 0x20, 0x7f, 0x80, 0xff};
	uint8_t *copy = dup_exact(t.blob, t.size);
	for (size_t off = STRUCT_START; off < t.size; off++) {
		for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
			copy[off] = values[v];
			struct dt dt;
			assert_int_equal(dt_open(&dt, copy, t.size), 0);
			exercise(&dt);
		}
		copy[off] = t.blob[off];
	}
	free(copy);
}

/* ---- the DTB QEMU generates for -M virt -cpu cortex-a15 -m 256M ---- */

static const char *virt_dtb_path;

static void test_qemu_virt(void **state)
{
	(void)state;
	FILE *f = fopen(virt_dtb_path, "rb");
	if (!f)
		fail_msg("cannot open %s", virt_dtb_path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long file_size = ftell(f);
	assert_true(file_size >= HDR_SIZE);
	rewind(f);
	uint8_t *blob = malloc((size_t)file_size);
	assert_non_null(blob);
	assert_int_equal(fread(blob, 1, (size_t)file_size, f), (size_t)file_size);
	fclose(f);

	int total = dt_total_size(blob);
	assert_true(total > HDR_SIZE && total <= file_size);
	struct dt dt;
	assert_int_equal(dt_open(&dt, blob, (size_t)total), 0);

	struct dt_range mem[4];
	assert_int_equal(dt_memory(&dt, mem, 4), 1);
	assert_int_equal(mem[0].base, 0x40000000);
	assert_int_equal(mem[0].size, 256u << 20);

	int uart = dt_stdout_node(&dt);
	assert_true(uart >= 0);
	assert_true(dt_is_compatible(&dt, uart, "arm,pl011"));
	assert_true(dt_is_compatible(&dt, uart, "arm,primecell"));
	assert_int_equal(dt_find_compatible(&dt, -1, "arm,pl011"), uart);
	struct dt_range r;
	assert_int_equal(dt_reg(&dt, uart, 0, &r), 0);
	assert_int_equal(r.base, 0x09000000);
	assert_int_equal(r.size, 0x1000);
	assert_string_equal(dt_node_name(&dt, uart), "pl011@9000000");

	int gic = dt_find_compatible(&dt, -1, "arm,cortex-a15-gic");
	assert_true(gic >= 0);
	assert_int_equal(dt_find_compatible(&dt, gic, "arm,cortex-a15-gic"), -1);
	assert_int_equal(dt_parent(&dt, gic), dt_find_path(&dt, "/"));
	assert_int_equal(dt_reg(&dt, gic, 0, &r), 0);
	assert_int_equal(r.base, 0x08000000);
	assert_int_equal(r.size, 0x10000);
	assert_int_equal(dt_reg(&dt, gic, 1, &r), 0);
	assert_int_equal(r.base, 0x08010000);
	assert_int_equal(r.size, 0x10000);
	assert_int_equal(dt_reg(&dt, gic, 2, &r), -1);
	assert_non_null(dt_prop(&dt, gic, "interrupt-controller", NULL));

	int timer = dt_find_compatible(&dt, -1, "arm,armv7-timer");
	assert_true(timer >= 0);
	assert_non_null(dt_prop(&dt, timer, "interrupts", NULL));

	int chosen = dt_find_path(&dt, "/chosen");
	assert_true(chosen >= 0);
	assert_int_equal(dt_parent(&dt, chosen), dt_find_path(&dt, "/"));
	assert_int_equal(dt_find_path(&dt, "/pl011@9000000"), uart);

	int depth = 0, count = 0;
	for (int n = dt_next_node(&dt, -1, &depth); n >= 0; n = dt_next_node(&dt, n, &depth)) {
		assert_non_null(dt_node_name(&dt, n));
		assert_true(depth >= 0);
		count++;
	}
	assert_true(count > 10);
	exercise(&dt);
	free(blob);
}

/* ---- what a boot loader sets aside and hands over ---- */

/* The blob of b with a reservation block of the n (base, size) pairs of r and its
 * terminating entry (terminate false: none, the block runs to the structure block). */
static uint8_t *with_rsvmap(struct fb *b, const uint64_t *r, unsigned n, bool terminate,
			    size_t *size)
{
	size_t old_size;
	uint8_t *old = fb_finish(b, &old_size);
	size_t extra = 16 * (size_t)n - (terminate ? 0 : RSVMAP_SIZE);
	*size = old_size + extra;
	uint8_t *blob = calloc(1, *size);
	assert_non_null(blob);
	memcpy(blob, old, HDR_SIZE);
	for (unsigned i = 0; i < 2 * n; i++) {
		put_be32(blob + HDR_SIZE + 8 * i, (uint32_t)(r[i] >> 32));
		put_be32(blob + HDR_SIZE + 8 * i + 4, (uint32_t)r[i]);
	}
	memcpy(blob + STRUCT_START + extra, old + STRUCT_START, old_size - STRUCT_START);
	put_be32(blob + H_TOTALSIZE, (uint32_t)*size);
	put_be32(blob + H_OFF_STRUCT, (uint32_t)(STRUCT_START + extra));
	put_be32(blob + H_OFF_STRINGS, dt_be32(old + H_OFF_STRINGS) + (uint32_t)extra);
	free(old);
	return blob;
}

static void empty_tree(struct fb *b)
{
	memset(b, 0, sizeof(*b));
	fb_begin(b, "");
	fb_end(b);
}

/* /memreserve/ entries, 64-bit ones included; the end; a block outside the blob. */
static void test_memreserve(void **state)
{
	(void)state;
	static struct fb b;
	empty_tree(&b);
	const uint64_t r[] = {0x40300000, 0x44000, 0x1200000000ull, 0x1000};
	size_t size;
	uint8_t *blob = with_rsvmap(&b, r, 2, true, &size);
	struct dt dt;
	struct dt_range out;
	assert_int_equal(dt_open(&dt, blob, size), 0);
	assert_int_equal(dt_memreserve(&dt, 0, &out), 0);
	assert_int_equal(out.base, 0x40300000);
	assert_int_equal(out.size, 0x44000);
	assert_int_equal(dt_memreserve(&dt, 1, &out), 0);
	assert_int_equal(out.base, 0x1200000000ull);
	assert_int_equal(out.size, 0x1000);
	assert_int_equal(dt_memreserve(&dt, 2, &out), -1); /* the terminating entry */
	assert_int_equal(dt_memreserve(&dt, 1000000, &out), -1);
	/* The block's offset past the blob's end, or not 8-byte aligned. */
	put_be32(blob + H_OFF_RSVMAP, (uint32_t)size + 8);
	assert_int_equal(dt_memreserve(&dt, 0, &out), -1);
	put_be32(blob + H_OFF_RSVMAP, HDR_SIZE + 4);
	assert_int_equal(dt_memreserve(&dt, 0, &out), -1);
	free(blob);

	/* No reservations at all: the builder's block is the terminating entry alone. */
	empty_tree(&b);
	blob = fb_finish(&b, &size);
	assert_int_equal(dt_open(&dt, blob, size), 0);
	assert_int_equal(dt_memreserve(&dt, 0, &out), -1);
	free(blob);
}

/* A block without its terminating entry: the reader stops at the blob's end. */
static void test_memreserve_unterminated(void **state)
{
	(void)state;
	static struct fb b;
	empty_tree(&b);
	const uint64_t r[] = {0x1000, 0x1000};
	size_t size;
	uint8_t *blob = with_rsvmap(&b, r, 1, false, &size);
	put_be32(blob + H_OFF_RSVMAP, (uint32_t)size - 16); /* the last 16 bytes: strings */
	struct dt dt;
	struct dt_range out;
	assert_int_equal(dt_open(&dt, blob, size), 0);
	(void)dt_memreserve(&dt, 0, &out); /* whatever those bytes say: read inside the blob */
	assert_int_equal(dt_memreserve(&dt, 1, &out), -1);
	put_be32(blob + H_OFF_RSVMAP, (uint32_t)size - 8); /* half an entry left */
	assert_int_equal(dt_memreserve(&dt, 0, &out), -1);
	free(blob);
}

/* /reserved-memory: the children's reg entries (not those with a size only, not
 * grandchildren, not what comes after the node), at most max of them. */
static void test_reserved_memory(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	FB_CELLS(&b, "#address-cells", 2);
	FB_CELLS(&b, "#size-cells", 2);
	fb_begin(&b, "reserved-memory");
	FB_CELLS(&b, "#address-cells", 1);
	FB_CELLS(&b, "#size-cells", 1);
	fb_prop(&b, "ranges", NULL, 0);
	fb_begin(&b, "fw@4f000000");
	FB_CELLS(&b, "reg", 0x4f000000, 0x100000, 0x4e000000, 0x1000);
	fb_begin(&b, "inner");
	FB_CELLS(&b, "reg", 0x1000, 0x1000);
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "pool");
	FB_CELLS(&b, "size", 0x400000);
	fb_end(&b);
	fb_begin(&b, "empty@0");
	FB_CELLS(&b, "reg", 0x50000000, 0);
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "after");
	FB_CELLS(&b, "reg", 0, 0x60000000, 0, 0x1000);
	fb_end(&b);
	fb_end(&b);
	size_t size;
	struct dt dt;
	uint8_t *blob = finish_open(&b, &dt, &size);
	struct dt_range r[4];
	assert_int_equal(dt_reserved_memory(&dt, r, 4), 2);
	assert_int_equal(r[0].base, 0x4f000000);
	assert_int_equal(r[0].size, 0x100000);
	assert_int_equal(r[1].base, 0x4e000000);
	assert_int_equal(r[1].size, 0x1000);
	assert_int_equal(dt_reserved_memory(&dt, r, 1), 1);
	assert_int_equal(dt_reserved_memory(&dt, r, 0), 0);
	free(blob);

	/* No /reserved-memory node. */
	empty_tree(&b);
	blob = finish_open(&b, &dt, &size);
	assert_int_equal(dt_reserved_memory(&dt, r, 4), 0);
	free(blob);
}

/* One- and two-cell properties (U-Boot's linux,initrd-start), and the others. */
static void test_prop_cells(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	int chosen = fb_begin(&b, "chosen");
	FB_CELLS(&b, "linux,initrd-start", 0x40300000);
	FB_CELLS(&b, "linux,initrd-end", 0x1, 0x4073c000);
	FB_CELLS(&b, "three", 1, 2, 3);
	fb_prop(&b, "empty", NULL, 0);
	fb_end(&b);
	fb_end(&b);
	size_t size;
	struct dt dt;
	uint8_t *blob = finish_open(&b, &dt, &size);
	uint64_t v = 0;
	assert_true(dt_prop_cells(&dt, chosen, "linux,initrd-start", &v));
	assert_int_equal(v, 0x40300000);
	assert_true(dt_prop_cells(&dt, chosen, "linux,initrd-end", &v));
	assert_int_equal(v, 0x14073c000ull);
	assert_false(dt_prop_cells(&dt, chosen, "three", &v));
	assert_false(dt_prop_cells(&dt, chosen, "empty", &v));
	assert_false(dt_prop_cells(&dt, chosen, "missing", &v));
	assert_false(dt_prop_cells(&dt, -1, "linux,initrd-start", &v));
	free(blob);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		virt_dtb_path = argv[1];
		const struct CMUnitTest virt[] = {
		    cmocka_unit_test(test_qemu_virt),
		};
		return cmocka_run_group_tests(virt, NULL, NULL);
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_be32),
	    cmocka_unit_test(test_open_valid),
	    cmocka_unit_test(test_open_bad_header),
	    cmocka_unit_test(test_total_size),
	    cmocka_unit_test(test_walk),
	    cmocka_unit_test(test_find_path),
	    cmocka_unit_test(test_prop),
	    cmocka_unit_test(test_compatible),
	    cmocka_unit_test(test_parent),
	    cmocka_unit_test(test_reg),
	    cmocka_unit_test(test_memory_and_stdout),
	    cmocka_unit_test(test_memory_banks),
	    cmocka_unit_test(test_reg_cells),
	    cmocka_unit_test(test_stdout_path),
	    cmocka_unit_test(test_bad_token),
	    cmocka_unit_test(test_unterminated_name),
	    cmocka_unit_test(test_prop_outside_block),
	    cmocka_unit_test(test_bad_strings),
	    cmocka_unit_test(test_missing_end),
	    cmocka_unit_test(test_unbalanced_end),
	    cmocka_unit_test(test_deep_tree),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_corrupt_bytes),
	    cmocka_unit_test(test_memreserve),
	    cmocka_unit_test(test_memreserve_unterminated),
	    cmocka_unit_test(test_reserved_memory),
	    cmocka_unit_test(test_prop_cells),
	};
	return cmocka_run_group_tests(tests, build_virt_like, free_virt_like);
}
