/* platform.c - QEMU virt (plat.h): PL011, GICv2, generic timer and PSCI from the device tree. */
#include "arch.h"
#include "arch_internal.h"
#include "plat.h"
#include "drivers/generic_timer.h"
#include "drivers/gic.h"
#include "plat/plat_common.h"
#include "dt.h"
#include "plat_config.h"

/* PPIs are numbered from 16 in the GIC; the device tree counts from 0. */
#define GIC_PPI_BASE 16
#define GIC_SPI_BASE 32
/* The virtual timer's interrupt when the device tree does not say. */
#define DEFAULT_VTIMER_IRQ 27

static unsigned timer_irq = DEFAULT_VTIMER_IRQ;
/* Physical ranges only the kernel may touch (the interrupt controller). */
static struct dt_range kernel_owned[2];

static int gic_setup(const struct dt *dt)
{
	int node = dt_find_compatible(dt, -1, "arm,cortex-a15-gic");
	if (node < 0)
		node = dt_find_compatible(dt, -1, "arm,gic-400");
	void *dist = plat_map_reg(dt, node, 0);
	void *cpu = plat_map_reg(dt, node, 1);
	dt_reg(dt, node, 0, &kernel_owned[0]);
	dt_reg(dt, node, 1, &kernel_owned[1]);
	if (!dist || !cpu)
		return -1;
	gic_init(dist, cpu);
	return 0;
}

/* interrupts = <type number flags> x 4: secure, non-secure, virtual, hypervisor timer. */
static int timer_setup(const struct dt *dt)
{
	int node = dt_find_compatible(dt, -1, "arm,armv7-timer");
	uint32_t len, freq = 0;
	const uint8_t *irqs = dt_prop(dt, node, "interrupts", &len);
	if (irqs && len >= 36) {
		uint32_t type = dt_be32(irqs + 24), num = dt_be32(irqs + 28);
		timer_irq = num + (type == 1 ? GIC_PPI_BASE : GIC_SPI_BASE);
	}
	dt_prop_u32(dt, node, "clock-frequency", &freq);
	generic_timer_init(freq);
	gic_enable(timer_irq);
	return 0;
}

static void psci_setup(const struct dt *dt)
{
	uint32_t len;
	int node = dt_find_compatible(dt, -1, "arm,psci-1.0");
	if (node < 0)
		node = dt_find_compatible(dt, -1, "arm,psci-0.2");
	const char *method = dt_prop(dt, node, "method", &len);
	if (!method || len < 4)
		return;
	arch_set_psci(true, method[0] == 's');
}

/**
 * plat_init() - console first (so later failures can be reported),
 * then interrupt controller, timer and power control.
 * Return: 0, or -1 if a required device is missing.
 */
int plat_init(const struct dt *dt)
{
	int err = plat_pl011_console_init(dt);
	if (!dt)
		return -1;
	if (gic_setup(dt) != 0)
		return -1;
	psci_setup(dt);
	timer_setup(dt);
	return err;
}

/**
 * plat_system_reset() - PSCI SYSTEM_RESET, if the device tree names PSCI.
 */
void plat_system_reset(void)
{
	arch_psci_system_reset();
}

/**
 * plat_device_reserved() - does [pa, pa + size) touch registers only the kernel
 * may use? Such devices are never mapped to user space.
 */
bool plat_device_reserved(paddr_t pa, size_t size)
{
	return plat_ranges_touch(kernel_owned, ARRAY_SIZE(kernel_owned), pa, size);
}

int plat_irq_next(void)
{
	return gic_ack();
}

bool plat_irq_pending(void)
{
	return gic_pending();
}

void plat_irq_done(int irq)
{
	gic_eoi((unsigned)irq);
}

bool plat_irq_is_timer(int irq)
{
	return (unsigned)irq == timer_irq;
}

unsigned plat_irq_count(void)
{
	return gic_line_count();
}

/**
 * plat_irq_first_device() - the GIC's first shared peripheral interrupt: IDs 0-31
 * are per CPU (SGIs, PPIs), never a device's line for user handlers.
 */
unsigned plat_irq_first_device(void)
{
	return GIC_SPI_BASE;
}

/**
 * plat_irq_kernel_owned() - is @irq one the kernel uses itself (its timer)? User
 * handlers can never bind it. The console UART's interrupt is not kept: the kernel
 * only writes to the UART (polled), so a user console server may take its input.
 */
bool plat_irq_kernel_owned(unsigned irq)
{
	return irq == timer_irq;
}

void plat_irq_mask(unsigned irq)
{
	gic_disable(irq);
}

void plat_irq_unmask(unsigned irq)
{
	gic_enable(irq);
}

void plat_irq_set_pending(unsigned irq, bool pending)
{
	gic_set_pending(irq, pending);
}

void plat_irq_set_mode(unsigned irq, bool level)
{
	gic_set_edge(irq, !level);
}
