/* devices.c - the board's devices from the device tree, for the components that drive them. */
#include "devices.h"
#include "dt.h"
#include <l4/sys/abi/irq.h>
#include <stdbool.h>
#include <stddef.h>

/* Interrupt specifiers of the GIC binding: <type number flags>. */
#define GIC_CELLS     3
#define GIC_SPI	      0
#define GIC_PPI	      1
#define GIC_SPI_BASE  32
#define GIC_PPI_BASE  16
#define GIC_SPI_COUNT 988 /* interrupt IDs 32-1019 */
#define GIC_PPI_COUNT 16
/* Interrupt specifiers of the VIC binding: <line>; every line is level-sensitive,
 * active high. The ICU takes 0 for "no line" (kernel/object/icu.c): line 0 cannot be
 * bound. */
#define VIC_CELLS 1
#define VIC_LINES 32
/* The trigger in the flags' low bits (dt-bindings/interrupt-controller/irq.h). */
#define IRQ_TYPE_MASK	     0xfu
#define IRQ_TYPE_EDGE_RISING 1u
#define IRQ_TYPE_LEVEL_HIGH  4u
#define PAGE_MASK	     0xfffu
/* A parent chain longer than this is a loop. */
#define MAX_DEPTH 32

/* The GICs the kernel drives (kernel/arch/arm/plat/virt/platform.c). */
static const char *const gic_compatibles[] = {"arm,cortex-a15-gic", "arm,gic-400"};
/* The VICs the kernel drives (kernel/arch/arm/plat/versatilepb/platform.c). */
static const char *const vic_compatibles[] = {"arm,versatile-vic", "arm,pl190-vic"};

/* The node whose phandle is @phandle, or -1. */
static int node_by_phandle(const struct dt *dt, uint32_t phandle)
{
	int depth = 0;
	for (int n = dt_next_node(dt, -1, &depth); n >= 0; n = dt_next_node(dt, n, &depth)) {
		uint32_t v;
		if ((dt_prop_u32(dt, n, "phandle", &v) ||
		     dt_prop_u32(dt, n, "linux,phandle", &v)) &&
		    v == phandle)
			return n;
	}
	return -1;
}

/* @node's interrupt parent: its own or its nearest ancestor's "interrupt-parent". */
static int interrupt_parent(const struct dt *dt, int node)
{
	for (int n = node, i = 0; n >= 0 && i < MAX_DEPTH; n = dt_parent(dt, n), i++) {
		uint32_t phandle;
		if (dt_prop_u32(dt, n, "interrupt-parent", &phandle))
			return node_by_phandle(dt, phandle);
	}
	return -1;
}

/* Is @node an interrupt controller compatible with one of @compatibles[0..@n)? */
static bool is_known_controller(const struct dt *dt, int node, const char *const *compatibles,
				size_t n)
{
	if (!dt_prop(dt, node, "interrupt-controller", NULL))
		return false;
	for (size_t i = 0; i < n; i++)
		if (dt_is_compatible(dt, node, compatibles[i]))
			return true;
	return false;
}

static bool is_known_gic(const struct dt *dt, int node)
{
	return is_known_controller(dt, node, gic_compatibles,
				   sizeof(gic_compatibles) / sizeof(gic_compatibles[0]));
}

static bool is_known_vic(const struct dt *dt, int node)
{
	return is_known_controller(dt, node, vic_compatibles,
				   sizeof(vic_compatibles) / sizeof(vic_compatibles[0]));
}

/* The GIC interrupt ID of @type (SPI) number @num, or -1. A PPI is refused: it is
 * per CPU, and the ICU binds only shared peripheral interrupts (kernel/object/icu.c). */
static int gic_irq_id(uint32_t type, uint32_t num, const char **why)
{
	if (type == GIC_SPI && num < GIC_SPI_COUNT)
		return (int)(GIC_SPI_BASE + num);
	if (type == GIC_PPI && num < GIC_PPI_COUNT)
		*why = "the console UART's interrupt is a PPI, and the ICU binds only SPIs";
	else
		*why = "the console UART's interrupt is neither an SPI nor a PPI in range";
	return -1;
}

/* The ICU's trigger mode for the device tree's @flags, or -1 (the GIC knows no
 * falling edges or low levels). */
static int trigger_mode(uint32_t flags, const char **why)
{
	switch (flags & IRQ_TYPE_MASK) {
	case IRQ_TYPE_LEVEL_HIGH:
		return L4_IRQ_F_LEVEL_HIGH;
	case IRQ_TYPE_EDGE_RISING:
		return L4_IRQ_F_POS_EDGE;
	default:
		*why = "the console UART's interrupt is neither level-high nor rising-edge";
		return -1;
	}
}

/* The first specifier @spec (@len bytes) of the GIC @gic: its ID and trigger mode in @d. */
static int gic_interrupt(const struct dt *dt, int gic, const uint8_t *spec, uint32_t len,
			 struct devices_dev *d, const char **why)
{
	uint32_t cells;
	if (!dt_prop_u32(dt, gic, "#interrupt-cells", &cells) || cells != GIC_CELLS) {
		*why = "the console UART's GIC has no #interrupt-cells of 3";
		return -1;
	}
	if (len < 4 * GIC_CELLS) {
		*why = "the console UART's \"interrupts\" is shorter than one specifier";
		return -1;
	}
	int id = gic_irq_id(dt_be32(spec), dt_be32(spec + 4), why);
	int mode = trigger_mode(dt_be32(spec + 8), why);
	if (id < 0 || mode < 0)
		return -1;
	d->irq = (unsigned)id;
	d->irq_mode = (unsigned)mode;
	return 0;
}

/* The first specifier @spec (@len bytes) of the VIC @vic: its line in @d (level-high). */
static int vic_interrupt(const struct dt *dt, int vic, const uint8_t *spec, uint32_t len,
			 struct devices_dev *d, const char **why)
{
	uint32_t cells;
	if (!dt_prop_u32(dt, vic, "#interrupt-cells", &cells) || cells != VIC_CELLS) {
		*why = "the console UART's VIC has no #interrupt-cells of 1";
		return -1;
	}
	if (len < 4 * VIC_CELLS) {
		*why = "the console UART's \"interrupts\" is shorter than one specifier";
		return -1;
	}
	uint32_t line = dt_be32(spec);
	if (line >= VIC_LINES) {
		*why = "the console UART's interrupt is not a VIC line (0-31)";
		return -1;
	}
	if (line == 0) {
		*why = "the console UART's interrupt is VIC line 0, which the ICU cannot bind";
		return -1;
	}
	d->irq = line;
	d->irq_mode = L4_IRQ_F_LEVEL_HIGH;
	return 0;
}

/* @node's first interrupt, of the GIC or the VIC the kernel drives: its ICU line and
 * trigger mode in @d. */
static int first_interrupt(const struct dt *dt, int node, struct devices_dev *d, const char **why)
{
	uint32_t len;
	const uint8_t *spec = dt_prop(dt, node, "interrupts", &len);
	if (!spec) {
		*why = "the console UART has no \"interrupts\" (interrupts-extended is not "
		       "understood)";
		return -1;
	}
	int parent = interrupt_parent(dt, node);
	if (parent >= 0 && is_known_gic(dt, parent))
		return gic_interrupt(dt, parent, spec, len, d, why);
	if (parent >= 0 && is_known_vic(dt, parent))
		return vic_interrupt(dt, parent, spec, len, d, why);
	*why = "the console UART's interrupt parent is not a GIC the kernel drives, nor a VIC";
	return -1;
}

/* @node's first register range, which a dataspace of whole pages must cover exactly. */
static int registers(const struct dt *dt, int node, struct devices_dev *d, const char **why)
{
	struct dt_range r;
	if (dt_reg(dt, node, 0, &r) != 0 || r.size == 0) {
		*why = "the console UART has no register range";
		return -1;
	}
	if ((r.base & PAGE_MASK) || r.base >> 32 || r.size > (1ull << 32) - r.base) {
		*why = "the console UART's registers are not page aligned below 4 GiB";
		return -1;
	}
	d->base = r.base;
	d->size = (r.size + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
	return 0;
}

int devices_console_uart(const struct dt *dt, struct devices_dev *out, const char **why)
{
	int node = dt_stdout_node(dt);
	if (node < 0)
		node = dt_find_compatible(dt, -1, "arm,pl011");
	if (node < 0) {
		*why = "the device tree names no console UART (stdout-path, arm,pl011)";
		return -1;
	}
	if (!dt_is_compatible(dt, node, "arm,pl011")) {
		*why = "the console UART is not an arm,pl011";
		return -1;
	}
	struct devices_dev d;
	if (registers(dt, node, &d, why) || first_interrupt(dt, node, &d, why))
		return -1;
	*out = d;
	return 0;
}
