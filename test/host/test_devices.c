/* test_devices.c - host tests of the root task's device finder (roottask/devices.c). */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "devices.h"
#include "dt.h"
#include <l4/sys/abi/irq.h>

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_END	       9
#define HDR_SIZE       40
#define RSVMAP_SIZE    16
#define STRUCT_START   (HDR_SIZE + RSVMAP_SIZE)
#define GIC_PHANDLE    0x8002

static const char *virt_dtb_path;

/* A tiny FDT builder (as in test_dt.c): structure and strings, then the blob. */
struct fb {
	uint8_t st[4096];
	uint32_t st_len;
	char str[1024];
	uint32_t str_len;
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void fb_bytes(struct fb *b, const void *data, uint32_t len)
{
	assert_true(b->st_len + len + 4 <= sizeof(b->st));
	memcpy(b->st + b->st_len, data, len);
	b->st_len += len;
	while (b->st_len & 3)
		b->st[b->st_len++] = 0;
}

static void fb_u32(struct fb *b, uint32_t v)
{
	uint8_t raw[4];
	put_be32(raw, v);
	fb_bytes(b, raw, 4);
}

static uint32_t fb_string(struct fb *b, const char *name)
{
	for (uint32_t off = 0; off < b->str_len; off += (uint32_t)strlen(b->str + off) + 1)
		if (strcmp(b->str + off, name) == 0)
			return off;
	uint32_t off = b->str_len;
	size_t len = strlen(name) + 1;
	assert_true(off + len <= sizeof(b->str));
	memcpy(b->str + off, name, len);
	b->str_len += (uint32_t)len;
	return off;
}

static void fb_begin(struct fb *b, const char *name)
{
	fb_u32(b, FDT_BEGIN_NODE);
	fb_bytes(b, name, (uint32_t)strlen(name) + 1);
}

static void fb_end(struct fb *b)
{
	fb_u32(b, FDT_END_NODE);
}

static void fb_prop(struct fb *b, const char *name, const void *value, uint32_t len)
{
	fb_u32(b, FDT_PROP);
	fb_u32(b, len);
	fb_u32(b, fb_string(b, name));
	if (len)
		fb_bytes(b, value, len);
}

static void fb_cells(struct fb *b, const char *name, const uint32_t *cells, uint32_t n)
{
	uint8_t raw[64];
	assert_true(n * 4 <= sizeof(raw));
	for (uint32_t i = 0; i < n; i++)
		put_be32(raw + 4 * i, cells[i]);
	fb_prop(b, name, raw, 4 * n);
}

static void fb_u32_prop(struct fb *b, const char *name, uint32_t v)
{
	fb_cells(b, name, &v, 1);
}

static void fb_str(struct fb *b, const char *name, const char *s)
{
	fb_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

/* The blob in a heap buffer of exactly its size, so ASan sees any over-read. */
static uint8_t *fb_finish(struct fb *b, size_t *size)
{
	fb_u32(b, FDT_END);
	uint32_t strings = STRUCT_START + b->st_len;
	uint32_t total = strings + b->str_len;
	uint8_t *blob = calloc(1, total);
	assert_non_null(blob);
	put_be32(blob + 0, 0xd00dfeedu);
	put_be32(blob + 4, total);
	put_be32(blob + 8, STRUCT_START);
	put_be32(blob + 12, strings);
	put_be32(blob + 16, HDR_SIZE);
	put_be32(blob + 20, 17);
	put_be32(blob + 24, 16);
	put_be32(blob + 32, b->str_len);
	put_be32(blob + 36, b->st_len);
	memcpy(blob + STRUCT_START, b->st, b->st_len);
	memcpy(blob + strings, b->str, b->str_len);
	*size = total;
	return blob;
}

/* How a test board differs from QEMU's virt machine. */
struct board {
	const char *stdout_path; /* NULL: no /chosen */
	const char *gic_compatible;
	uint32_t gic_cells;
	bool gic_is_controller;
	bool parent_on_uart; /* interrupt-parent on the UART itself, not the root */
	uint32_t irq[3];
	uint32_t irq_cells; /* how many cells of irq the UART's "interrupts" has */
	uint32_t uart_base;
	const char *uart2_compatible; /* a second UART at 0x09040000 */
};

static struct board virt_like(void)
{
	return (struct board){.stdout_path = "/pl011@9000000",
			      .gic_compatible = "arm,cortex-a15-gic",
			      .gic_cells = 3,
			      .gic_is_controller = true,
			      .irq = {0, 1, 4},
			      .irq_cells = 3,
			      .uart_base = 0x09000000,
			      .uart2_compatible = "arm,pl011"};
}

static void add_uart(struct fb *b, const char *name, const char *compatible, uint32_t base,
		     const struct board *bd)
{
	fb_begin(b, name);
	fb_prop(b, "compatible", compatible, (uint32_t)strlen(compatible) + 1);
	fb_cells(b, "reg", (const uint32_t[]){0, base, 0, 0x1000}, 4);
	fb_cells(b, "interrupts", bd->irq, bd->irq_cells);
	if (bd->parent_on_uart)
		fb_u32_prop(b, "interrupt-parent", GIC_PHANDLE);
	fb_end(b);
}

/* Build @bd as a DTB and open it. */
static uint8_t *build(const struct board *bd, struct dt *dt)
{
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	fb_u32_prop(&b, "#address-cells", 2);
	fb_u32_prop(&b, "#size-cells", 2);
	if (!bd->parent_on_uart)
		fb_u32_prop(&b, "interrupt-parent", GIC_PHANDLE);
	if (bd->stdout_path) {
		fb_begin(&b, "chosen");
		fb_str(&b, "stdout-path", bd->stdout_path);
		fb_end(&b);
	}
	fb_begin(&b, "intc@8000000");
	fb_str(&b, "compatible", bd->gic_compatible);
	fb_cells(&b, "reg", (const uint32_t[]){0, 0x08000000, 0, 0x10000}, 4);
	fb_u32_prop(&b, "#interrupt-cells", bd->gic_cells);
	if (bd->gic_is_controller)
		fb_prop(&b, "interrupt-controller", NULL, 0);
	fb_u32_prop(&b, "phandle", GIC_PHANDLE);
	fb_end(&b);
	fb_begin(&b, "rtc@9010000");
	fb_str(&b, "compatible", "arm,pl031");
	fb_cells(&b, "reg", (const uint32_t[]){0, 0x09010000, 0, 0x1000}, 4);
	fb_end(&b);
	add_uart(&b, "pl011@9000000", "arm,pl011", bd->uart_base, bd);
	if (bd->uart2_compatible)
		add_uart(&b, "serial@9040000", bd->uart2_compatible, 0x09040000, bd);
	fb_end(&b);
	size_t size;
	uint8_t *blob = fb_finish(&b, &size);
	assert_int_equal(dt_open(dt, blob, size), 0);
	return blob;
}

/* devices_console_uart() on @bd: 0 and the device, or -1 and a reason. */
static int find(const struct board *bd, struct devices_dev *d, const char **why)
{
	struct dt dt;
	uint8_t *blob = build(bd, &dt);
	*why = NULL;
	int r = devices_console_uart(&dt, d, why);
	free(blob);
	if (r)
		assert_non_null(*why);
	return r;
}

static void expect_rejected(const struct board *bd, const char *reason)
{
	struct devices_dev d;
	const char *why;
	assert_int_equal(find(bd, &d, &why), -1);
	assert_non_null(strstr(why, reason));
}

static void virt_like_uart_is_spi_1_level_high(void **state)
{
	(void)state;
	struct board bd = virt_like();
	struct devices_dev d;
	const char *why;
	assert_int_equal(find(&bd, &d, &why), 0);
	assert_int_equal(d.base, 0x09000000);
	assert_int_equal(d.size, 0x1000);
	assert_int_equal(d.irq, 33);
	assert_int_equal(d.irq_mode, L4_IRQ_F_LEVEL_HIGH);
}

static void stdout_path_chooses_the_uart(void **state)
{
	(void)state;
	struct board bd = virt_like();
	bd.stdout_path = "/serial@9040000:115200n8";
	struct devices_dev d;
	const char *why;
	assert_int_equal(find(&bd, &d, &why), 0);
	assert_int_equal(d.base, 0x09040000);
}

static void without_stdout_path_the_first_pl011(void **state)
{
	(void)state;
	struct board bd = virt_like();
	bd.stdout_path = NULL;
	struct devices_dev d;
	const char *why;
	assert_int_equal(find(&bd, &d, &why), 0);
	assert_int_equal(d.base, 0x09000000);
	bd.stdout_path = "/no-such-node";
	assert_int_equal(find(&bd, &d, &why), 0);
	assert_int_equal(d.base, 0x09000000);
}

static void stdout_path_to_another_uart_is_rejected(void **state)
{
	(void)state;
	struct board bd = virt_like();
	bd.stdout_path = "/serial@9040000";
	bd.uart2_compatible = "ns16550a";
	expect_rejected(&bd, "not an arm,pl011");
}

static void spi_rising_edge(void **state)
{
	(void)state;
	struct board bd = virt_like();
	bd.irq[0] = 0; /* SPI 5, rising edge (CPU mask bits ignored) */
	bd.irq[1] = 5;
	bd.irq[2] = 0xf01;
	bd.parent_on_uart = true;
	struct devices_dev d;
	const char *why;
	assert_int_equal(find(&bd, &d, &why), 0);
	assert_int_equal(d.irq, 37);
	assert_int_equal(d.irq_mode, L4_IRQ_F_POS_EDGE);
}

/* A PPI is per CPU: the ICU would refuse to bind it, so it is refused here, with
 * the reason, instead of failing later. */
static void ppi_is_rejected(void **state)
{
	(void)state;
	struct board bd = virt_like();
	bd.irq[0] = 1;
	bd.irq[1] = 5;
	expect_rejected(&bd, "a PPI, and the ICU binds only SPIs");
}

static void unknown_interrupts_are_rejected(void **state)
{
	(void)state;
	struct board bd = virt_like();
	bd.irq[0] = 2;
	expect_rejected(&bd, "neither an SPI nor a PPI");
	bd = virt_like();
	bd.irq[1] = 988;
	expect_rejected(&bd, "neither an SPI nor a PPI");
	bd = virt_like();
	bd.irq[0] = 1;
	bd.irq[1] = 16;
	expect_rejected(&bd, "neither an SPI nor a PPI");
	bd = virt_like();
	bd.irq[2] = 8; /* level low */
	expect_rejected(&bd, "neither level-high nor rising-edge");
	bd.irq[2] = 2; /* falling edge */
	expect_rejected(&bd, "neither level-high nor rising-edge");
	bd.irq[2] = 0;
	expect_rejected(&bd, "neither level-high nor rising-edge");
	bd = virt_like();
	bd.irq_cells = 2;
	expect_rejected(&bd, "shorter than one specifier");
	bd.irq_cells = 0;
	expect_rejected(&bd, "shorter than one specifier");
}

static void unknown_interrupt_parents_are_rejected(void **state)
{
	(void)state;
	struct board bd = virt_like();
	bd.gic_compatible = "arm,gic-v3";
	expect_rejected(&bd, "not a GIC the kernel drives");
	bd = virt_like();
	bd.gic_is_controller = false;
	expect_rejected(&bd, "not a GIC the kernel drives");
	bd = virt_like();
	bd.gic_cells = 2;
	expect_rejected(&bd, "#interrupt-cells");
	bd = virt_like();
	bd.gic_compatible = "arm,gic-400";
	struct devices_dev d;
	const char *why;
	assert_int_equal(find(&bd, &d, &why), 0);
}

static void unaligned_registers_are_rejected(void **state)
{
	(void)state;
	struct board bd = virt_like();
	bd.uart_base = 0x09000800;
	expect_rejected(&bd, "not page aligned");
}

static void no_uart_is_reported(void **state)
{
	(void)state;
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	fb_end(&b);
	size_t size;
	uint8_t *blob = fb_finish(&b, &size);
	struct dt dt;
	assert_int_equal(dt_open(&dt, blob, size), 0);
	struct devices_dev d;
	const char *why = NULL;
	assert_int_equal(devices_console_uart(&dt, &d, &why), -1);
	assert_non_null(strstr(why, "names no console UART"));
	free(blob);
}

/* The DTB QEMU itself makes for the virt machine: the UART the kernel prints on. */
static void qemu_virt_uart(void **state)
{
	(void)state;
	FILE *f = fopen(virt_dtb_path, "rb");
	assert_non_null(f);
	static uint8_t blob[1 << 20];
	size_t size = fread(blob, 1, sizeof(blob), f);
	fclose(f);
	struct dt dt;
	assert_int_equal(dt_open(&dt, blob, size), 0);
	struct devices_dev d;
	const char *why = NULL;
	assert_int_equal(devices_console_uart(&dt, &d, &why), 0);
	assert_int_equal(d.base, 0x09000000);
	assert_int_equal(d.size, 0x1000);
	assert_int_equal(d.irq, 33);
	assert_int_equal(d.irq_mode, L4_IRQ_F_LEVEL_HIGH);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		virt_dtb_path = argv[1];
		const struct CMUnitTest virt[] = {
		    cmocka_unit_test(qemu_virt_uart),
		};
		return cmocka_run_group_tests(virt, NULL, NULL);
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(virt_like_uart_is_spi_1_level_high),
	    cmocka_unit_test(stdout_path_chooses_the_uart),
	    cmocka_unit_test(without_stdout_path_the_first_pl011),
	    cmocka_unit_test(stdout_path_to_another_uart_is_rejected),
	    cmocka_unit_test(spi_rising_edge),
	    cmocka_unit_test(ppi_is_rejected),
	    cmocka_unit_test(unknown_interrupts_are_rejected),
	    cmocka_unit_test(unknown_interrupt_parents_are_rejected),
	    cmocka_unit_test(unaligned_registers_are_rejected),
	    cmocka_unit_test(no_uart_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
