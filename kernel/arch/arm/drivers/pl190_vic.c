/* pl190_vic.c - ARM PL190 VIC: 32 level-sensitive lines to IRQ, no vectors, no priorities. */
#include "pl190_vic.h"

#define VIC_IRQSTATUS	 0x000
#define VIC_INTSELECT	 0x00c
#define VIC_INTENABLE	 0x010
#define VIC_INTENCLEAR	 0x014
#define VIC_SOFTINT	 0x018
#define VIC_SOFTINTCLEAR 0x01c
#define VIC_PROTECTION	 0x020
#define VIC_DEFVECTADDR	 0x034
#define VIC_VECTCNTL0	 0x200
#define VIC_VECTORS	 16

static volatile uint32_t *vic;
/* The lines vic_set_pending() raised in SOFTINT (so vic_next() knows which to clear). */
static uint32_t soft_pending;

static void reg_write(unsigned off, uint32_t v)
{
	vic[off / 4] = v;
}

static uint32_t reg_read(unsigned off)
{
	return vic[off / 4];
}

/**
 * vic_init() - every line masked, none raised by software, all routed to IRQ (none to
 * FIQ), the vectored slots off, and the registers for privileged modes only.
 *
 * The VIC is used through its non-vectored interface: the kernel reads IRQSTATUS and
 * never VECTADDR, so the VIC's priority logic (which a VECTADDR read raises and a
 * VECTADDR write lowers) stays idle and every enabled line reaches the CPU.
 */
void vic_init(volatile void *base)
{
	vic = base;
	reg_write(VIC_INTENCLEAR, 0xffffffffu);
	reg_write(VIC_SOFTINTCLEAR, 0xffffffffu);
	soft_pending = 0;
	reg_write(VIC_INTSELECT, 0);
	for (unsigned i = 0; i < VIC_VECTORS; i++)
		reg_write(VIC_VECTCNTL0 + 4 * i, 0);
	reg_write(VIC_DEFVECTADDR, 0);
	reg_write(VIC_PROTECTION, 1);
}

void vic_enable(unsigned irq)
{
	if (irq < VIC_LINES)
		reg_write(VIC_INTENABLE, 1u << irq);
}

void vic_disable(unsigned irq)
{
	if (irq < VIC_LINES)
		reg_write(VIC_INTENCLEAR, 1u << irq);
}

/**
 * vic_next() - the lowest-numbered line that is pending and enabled (IRQSTATUS), or -1.
 *
 * A device keeps its line raised until it is served, so there is nothing to
 * acknowledge. A line raised by vic_set_pending() is lowered here, though: like a
 * GIC's software-pending state, it is consumed by taking the interrupt, so that the
 * line does not fire again when it is unmasked.
 */
int vic_next(void)
{
	uint32_t status = reg_read(VIC_IRQSTATUS);
	if (!status)
		return -1;
	unsigned irq = (unsigned)__builtin_ctz(status);
	uint32_t bit = 1u << irq;
	if (soft_pending & bit) {
		soft_pending &= ~bit;
		reg_write(VIC_SOFTINTCLEAR, bit);
	}
	return (int)irq;
}

bool vic_pending(void)
{
	return reg_read(VIC_IRQSTATUS) != 0;
}

/**
 * vic_set_pending() - raise or lower @irq in SOFTINT, as if its device had signalled
 * it. It reaches the CPU only while the line is enabled, as a device's would.
 */
void vic_set_pending(unsigned irq, bool pending)
{
	if (irq >= VIC_LINES)
		return;
	uint32_t bit = 1u << irq;
	if (pending) {
		soft_pending |= bit;
		reg_write(VIC_SOFTINT, bit);
	} else {
		soft_pending &= ~bit;
		reg_write(VIC_SOFTINTCLEAR, bit);
	}
}
