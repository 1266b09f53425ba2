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

#include "fdt_builder.h"

#define INTC_PHANDLE 0x8002
#define SIC_PHANDLE  0x8003
/* Two compatible strings, as versatilepb.dts gives its UARTs. */
#define PL011_COMPATIBLE "arm,pl011\0arm,primecell"

static const char *dtb_path; /* a DTB file given on the command line */

/* A tiny FDT builder (as in test_dt.c): structure and strings, then the blob. */
/* How a test board differs from QEMU's virt machine. */
struct board {
	const char *stdout_path;     /* NULL: no /chosen */
	const char *intc_compatible; /* the interrupt controller: a GIC, or a VIC */
	uint32_t intc_cells;
	bool intc_is_controller;
	bool parent_on_uart; /* interrupt-parent on the UART itself, not the root */
	uint32_t irq[3];
	uint32_t irq_cells; /* how many cells of irq the UART's "interrupts" has */
	uint32_t uart_base;
	const char *uart2_compatible; /* a second UART at 0x09040000 */
};

static struct board virt_like(void)
{
	return (struct board){.stdout_path = "/pl011@9000000",
			      .intc_compatible = "arm,cortex-a15-gic",
			      .intc_cells = 3,
			      .intc_is_controller = true,
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
	fb_prop_cells(b, "reg", (const uint32_t[]){0, base, 0, 0x1000}, 4);
	fb_prop_cells(b, "interrupts", bd->irq, bd->irq_cells);
	if (bd->parent_on_uart)
		fb_prop_u32(b, "interrupt-parent", INTC_PHANDLE);
	fb_end(b);
}

/* Build @bd as a DTB and open it. */
static uint8_t *build(const struct board *bd, struct dt *dt)
{
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	fb_prop_u32(&b, "#address-cells", 2);
	fb_prop_u32(&b, "#size-cells", 2);
	if (!bd->parent_on_uart)
		fb_prop_u32(&b, "interrupt-parent", INTC_PHANDLE);
	if (bd->stdout_path) {
		fb_begin(&b, "chosen");
		fb_prop_str(&b, "stdout-path", bd->stdout_path);
		fb_end(&b);
	}
	fb_begin(&b, "intc@8000000");
	fb_prop_str(&b, "compatible", bd->intc_compatible);
	fb_prop_cells(&b, "reg", (const uint32_t[]){0, 0x08000000, 0, 0x10000}, 4);
	fb_prop_u32(&b, "#interrupt-cells", bd->intc_cells);
	if (bd->intc_is_controller)
		fb_prop(&b, "interrupt-controller", NULL, 0);
	fb_prop_u32(&b, "phandle", INTC_PHANDLE);
	fb_end(&b);
	fb_begin(&b, "rtc@9010000");
	fb_prop_str(&b, "compatible", "arm,pl031");
	fb_prop_cells(&b, "reg", (const uint32_t[]){0, 0x09010000, 0, 0x1000}, 4);
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
	bd.intc_compatible = "arm,gic-v3";
	expect_rejected(&bd, "not a GIC the kernel drives");
	bd = virt_like();
	bd.intc_is_controller = false;
	expect_rejected(&bd, "not a GIC the kernel drives");
	bd = virt_like();
	bd.intc_cells = 2;
	expect_rejected(&bd, "#interrupt-cells");
	bd = virt_like();
	bd.intc_compatible = "arm,gic-400";
	struct devices_dev d;
	const char *why;
	assert_int_equal(find(&bd, &d, &why), 0);
}

/* A board like versatilepb: the UART's interrupt is a line of a PL190 VIC, whose
 * binding has one cell (the line number; every line level-sensitive). */
static struct board vic_like(void)
{
	struct board bd = virt_like();
	bd.intc_compatible = "arm,versatile-vic";
	bd.intc_cells = 1;
	bd.irq[0] = 12;
	bd.irq_cells = 1;
	return bd;
}

static void vic_uart_is_its_line_level_high(void **state)
{
	(void)state;
	struct board bd = vic_like();
	struct devices_dev d;
	const char *why;
	assert_int_equal(find(&bd, &d, &why), 0);
	assert_int_equal(d.base, 0x09000000);
	assert_int_equal(d.size, 0x1000);
	assert_int_equal(d.irq, 12);
	assert_int_equal(d.irq_mode, L4_IRQ_F_LEVEL_HIGH);
	bd.intc_compatible = "arm,pl190-vic";
	bd.parent_on_uart = true;
	bd.irq[0] = 31;
	assert_int_equal(find(&bd, &d, &why), 0);
	assert_int_equal(d.irq, 31);
	assert_int_equal(d.irq_mode, L4_IRQ_F_LEVEL_HIGH);
	/* Three cells on a one-cell controller are three interrupts: the first counts. */
	bd = vic_like();
	bd.irq[1] = 40;
	bd.irq[2] = 0;
	bd.irq_cells = 3;
	assert_int_equal(find(&bd, &d, &why), 0);
	assert_int_equal(d.irq, 12);
}

/* A VIC has lines 0-31; line 0 the ICU cannot bind (0 is its "no line"). */
static void vic_lines_out_of_range_are_rejected(void **state)
{
	(void)state;
	struct board bd = vic_like();
	bd.irq[0] = 32;
	expect_rejected(&bd, "not a VIC line (0-31)");
	bd.irq[0] = 0xffffffffu;
	expect_rejected(&bd, "not a VIC line (0-31)");
	bd.irq[0] = 0;
	expect_rejected(&bd, "VIC line 0, which the ICU cannot bind");
}

static void vic_cells_missing_are_rejected(void **state)
{
	(void)state;
	struct board bd = vic_like();
	bd.irq_cells = 0;
	expect_rejected(&bd, "shorter than one specifier");
	bd = vic_like();
	bd.intc_cells = 3; /* a VIC that claims the GIC's three cells */
	expect_rejected(&bd, "VIC has no #interrupt-cells of 1");
	bd.intc_cells = 0;
	expect_rejected(&bd, "VIC has no #interrupt-cells of 1");
	bd = vic_like();
	bd.intc_compatible = "arm,cortex-a15-gic"; /* a GIC with a VIC's one cell */
	expect_rejected(&bd, "GIC has no #interrupt-cells of 3");
	bd = vic_like();
	bd.intc_is_controller = false;
	expect_rejected(&bd, "not a GIC the kernel drives, nor a VIC");
	bd = vic_like();
	bd.intc_compatible = "arm,versatile-sic";
	expect_rejected(&bd, "not a GIC the kernel drives, nor a VIC");
}

static void add_versatile_uart(struct fb *b, const char *name, uint32_t base, uint32_t irq,
			       uint32_t parent)
{
	fb_begin(b, name);
	fb_prop(b, "compatible", PL011_COMPATIBLE, sizeof(PL011_COMPATIBLE));
	fb_prop_cells(b, "reg", (const uint32_t[]){base, 0x1000}, 2);
	fb_prop_u32(b, "interrupts", irq);
	if (parent)
		fb_prop_u32(b, "interrupt-parent", parent);
	fb_end(b);
}

/* A tree shaped like kernel/arch/arm/plat/versatilepb/versatilepb.dts: one address and
 * one size cell, the devices at the root, the VIC the root's interrupt parent, the SIC
 * cascaded into its line 31, and UART3 behind the SIC (first in the tree). */
static uint8_t *build_versatilepb(struct dt *dt, bool with_stdout_path)
{
	static struct fb b;
	memset(&b, 0, sizeof(b));
	fb_begin(&b, "");
	fb_prop_u32(&b, "#address-cells", 1);
	fb_prop_u32(&b, "#size-cells", 1);
	fb_prop_u32(&b, "interrupt-parent", INTC_PHANDLE);
	if (with_stdout_path) {
		fb_begin(&b, "chosen");
		fb_prop_str(&b, "stdout-path", "/uart@101f1000");
		fb_end(&b);
	}
	fb_begin(&b, "intc@10140000");
	fb_prop_str(&b, "compatible", "arm,versatile-vic");
	fb_prop(&b, "interrupt-controller", NULL, 0);
	fb_prop_u32(&b, "#interrupt-cells", 1);
	fb_prop_cells(&b, "reg", (const uint32_t[]){0x10140000, 0x1000}, 2);
	fb_prop_u32(&b, "phandle", INTC_PHANDLE);
	fb_end(&b);
	fb_begin(&b, "intc@10003000");
	fb_prop_str(&b, "compatible", "arm,versatile-sic");
	fb_prop(&b, "interrupt-controller", NULL, 0);
	fb_prop_u32(&b, "#interrupt-cells", 1);
	fb_prop_cells(&b, "reg", (const uint32_t[]){0x10003000, 0x1000}, 2);
	fb_prop_u32(&b, "interrupts", 31);
	fb_prop_u32(&b, "phandle", SIC_PHANDLE);
	fb_end(&b);
	add_versatile_uart(&b, "uart@10009000", 0x10009000, 6, SIC_PHANDLE);
	add_versatile_uart(&b, "uart@101f1000", 0x101f1000, 12, 0);
	add_versatile_uart(&b, "uart@101f2000", 0x101f2000, 13, 0);
	fb_end(&b);
	size_t size;
	uint8_t *blob = fb_finish(&b, &size);
	assert_int_equal(dt_open(dt, blob, size), 0);
	return blob;
}

static void versatilepb_like_uart0_is_vic_line_12(void **state)
{
	(void)state;
	struct dt dt;
	uint8_t *blob = build_versatilepb(&dt, true);
	struct devices_dev d;
	const char *why = NULL;
	assert_int_equal(devices_console_uart(&dt, &d, &why), 0);
	assert_int_equal(d.base, 0x101f1000);
	assert_int_equal(d.size, 0x1000);
	assert_int_equal(d.irq, 12);
	assert_int_equal(d.irq_mode, L4_IRQ_F_LEVEL_HIGH);
	free(blob);
}

/* Without stdout-path the first PL011 is UART3, behind the SIC, which the kernel does
 * not drive: refused, with the reason. */
static void versatilepb_like_uart_behind_the_sic_is_rejected(void **state)
{
	(void)state;
	struct dt dt;
	uint8_t *blob = build_versatilepb(&dt, false);
	struct devices_dev d;
	const char *why = NULL;
	assert_int_equal(devices_console_uart(&dt, &d, &why), -1);
	assert_non_null(strstr(why, "not a GIC the kernel drives, nor a VIC"));
	free(blob);
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

/* devices_console_uart() on the DTB in the file @path, which it must accept. */
static void find_in_file(const char *path, struct devices_dev *d)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static uint8_t blob[1 << 20];
	size_t size = fread(blob, 1, sizeof(blob), f);
	fclose(f);
	struct dt dt;
	assert_int_equal(dt_open(&dt, blob, size), 0);
	const char *why = NULL;
	assert_int_equal(devices_console_uart(&dt, d, &why), 0);
}

/* The DTB QEMU itself makes for the virt machine: the UART the kernel prints on. */
static void qemu_virt_uart(void **state)
{
	(void)state;
	struct devices_dev d;
	find_in_file(dtb_path, &d);
	assert_int_equal(d.base, 0x09000000);
	assert_int_equal(d.size, 0x1000);
	assert_int_equal(d.irq, 33);
	assert_int_equal(d.irq_mode, L4_IRQ_F_LEVEL_HIGH);
}

/* The device tree the kernel bundles for versatilepb (versatilepb.dts, compiled): UART0
 * on VIC line 12. */
static void bundled_versatilepb_uart(void **state)
{
	(void)state;
	struct devices_dev d;
	find_in_file(dtb_path, &d);
	assert_int_equal(d.base, 0x101f1000);
	assert_int_equal(d.size, 0x1000);
	assert_int_equal(d.irq, 12);
	assert_int_equal(d.irq_mode, L4_IRQ_F_LEVEL_HIGH);
}

/* test_devices: the built-in cases; test_devices FILE: QEMU virt's DTB in FILE;
 * test_devices --versatilepb FILE: the compiled versatilepb.dts in FILE. */
int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--versatilepb") == 0) {
		dtb_path = argv[2];
		const struct CMUnitTest versatilepb[] = {
		    cmocka_unit_test(bundled_versatilepb_uart),
		};
		return cmocka_run_group_tests(versatilepb, NULL, NULL);
	}
	if (argc > 1) {
		dtb_path = argv[1];
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
	    cmocka_unit_test(vic_uart_is_its_line_level_high),
	    cmocka_unit_test(vic_lines_out_of_range_are_rejected),
	    cmocka_unit_test(vic_cells_missing_are_rejected),
	    cmocka_unit_test(versatilepb_like_uart0_is_vic_line_12),
	    cmocka_unit_test(versatilepb_like_uart_behind_the_sic_is_rejected),
	    cmocka_unit_test(unaligned_registers_are_rejected),
	    cmocka_unit_test(no_uart_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
