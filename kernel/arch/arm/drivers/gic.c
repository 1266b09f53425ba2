/* gic.c - ARM GICv2 distributor and CPU interface. */
#include "gic.h"

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_ICPENDR	0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00

#define GICC_CTLR  0x00
#define GICC_PMR   0x04
#define GICC_IAR   0x0c
#define GICC_EOIR  0x10
#define GICC_HPPIR 0x18

#define GIC_SPURIOUS 1023
#define GIC_PRIORITY 0xa0

static volatile uint32_t *gicd;
static volatile uint32_t *gicc;
static unsigned gic_lines;

static void reg_write(volatile uint32_t *base, unsigned off, uint32_t v)
{
	base[off / 4] = v;
}

static uint32_t reg_read(volatile uint32_t *base, unsigned off)
{
	return base[off / 4];
}

/**
 * gic_init() - all interrupts disabled, routed to CPU 0, one priority; then enable.
 */
void gic_init(volatile void *dist, volatile void *cpu)
{
	gicd = dist;
	gicc = cpu;
	reg_write(gicd, GICD_CTLR, 0);
	gic_lines = 32 * ((reg_read(gicd, GICD_TYPER) & 0x1f) + 1);
	if (gic_lines > 1020)
		gic_lines = 1020;
	for (unsigned i = 0; i < gic_lines; i += 32) {
		reg_write(gicd, GICD_ICENABLER + i / 8, 0xffffffffu);
		reg_write(gicd, GICD_ICPENDR + i / 8, 0xffffffffu);
	}
	for (unsigned i = 0; i < gic_lines; i += 4) {
		uint32_t prio = GIC_PRIORITY * 0x01010101u;
		reg_write(gicd, GICD_IPRIORITYR + i, prio);
		if (i >= 32)
			reg_write(gicd, GICD_ITARGETSR + i, 0x01010101u);
	}
	reg_write(gicd, GICD_CTLR, 1);
	reg_write(gicc, GICC_PMR, 0xf0);
	reg_write(gicc, GICC_CTLR, 1);
}

void gic_enable(unsigned irq)
{
	if (irq < gic_lines)
		reg_write(gicd, GICD_ISENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

void gic_disable(unsigned irq)
{
	if (irq < gic_lines)
		reg_write(gicd, GICD_ICENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

int gic_ack(void)
{
	unsigned irq = reg_read(gicc, GICC_IAR) & 0x3ff;
	return irq == GIC_SPURIOUS ? -1 : (int)irq;
}

/**
 * gic_pending() - is an interrupt pending for this CPU (GICC_HPPIR names one that is
 * enabled and above the priority mask), without acknowledging it?
 */
bool gic_pending(void)
{
	return (reg_read(gicc, GICC_HPPIR) & 0x3ff) != GIC_SPURIOUS;
}

void gic_eoi(unsigned irq)
{
	reg_write(gicc, GICC_EOIR, irq);
}

/**
 * gic_line_count() - the number of interrupt IDs the distributor implements
 * (32 * (GICD_TYPER.ITLinesNumber + 1), at most 1020).
 */
unsigned gic_line_count(void)
{
	return gic_lines;
}

/**
 * gic_set_pending() - set or clear the pending state of @irq in the distributor
 * (GICD_ISPENDRn / GICD_ICPENDRn), as if its device had signalled it.
 */
void gic_set_pending(unsigned irq, bool pending)
{
	if (irq < gic_lines)
		reg_write(gicd, (pending ? GICD_ISPENDR : GICD_ICPENDR) + (irq / 32) * 4,
			  1u << (irq % 32));
}

/**
 * gic_set_edge() - configure @irq as edge (true) or level (false) triggered
 * (GICD_ICFGRn, two bits per interrupt; bit 1 set = edge).
 */
void gic_set_edge(unsigned irq, bool edge)
{
	if (irq < 32 || irq >= gic_lines)
		return;
	unsigned off = GICD_ICFGR + (irq / 16) * 4, bit = 2 * (irq % 16) + 1;
	uint32_t v = reg_read(gicd, off);
	v = edge ? v | (1u << bit) : v & ~(1u << bit);
	reg_write(gicd, off, v);
}
