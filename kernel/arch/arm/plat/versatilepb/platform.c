/* platform.c - QEMU versatilepb (plat.h): PL011, PL190 VIC and SP804 timers from the device tree.
 */
#include "arch.h"
#include "plat.h"
#include "plat/plat_common.h"
#include "drivers/pl190_vic.h"
#include "drivers/sp804.h"
#include "dt.h"
#include "plat_config.h"

/* The SP804 timer pair's line (timers 0 and 1) when the device tree does not say. */
#define DEFAULT_TIMER_IRQ 4
/* The SP804s' clock (TIMCLK) when the device tree does not say: 1 MHz on versatilepb. */
#define DEFAULT_TIMER_HZ 1000000
/* Where the secondary interrupt controller (SIC, 0x10003000) signals the VIC. */
#define SIC_CASCADE_IRQ 31

static unsigned timer_irq = DEFAULT_TIMER_IRQ;
/* The system controller's lock and reset registers, and what they take (the lock
 * value opens the reset register; 0x100 in it resets, the low bits say how far). */
#define SYS_LOCK	   0x20
#define SYS_RESETCTL	   0x40
#define SYS_LOCK_VALUE	   0xa05fu
#define SYS_RESETCTL_RESET 0x105u

/* Physical ranges only the kernel may touch (the VIC, the kernel's SP804, the system
 * controller: only the platform-control capability resets the board). */
static struct dt_range kernel_owned[3];

static int vic_setup(const struct dt *dt)
{
	int node = dt_find_compatible(dt, -1, "arm,versatile-vic");
	if (node < 0)
		node = dt_find_compatible(dt, -1, "arm,pl190-vic");
	void *vic = plat_map_reg(dt, node, 0);
	if (!vic)
		return -1;
	dt_reg(dt, node, 0, &kernel_owned[0]);
	vic_init(vic);
	return 0;
}

/*
 * The first SP804: its first timer for deadlines, its second as the clock (both run
 * on TIMCLK). interrupts = <line> (the pair's combined interrupt, as on versatilepb,
 * or the first timer's, when a second entry names the second's).
 */
static int timer_setup(const struct dt *dt)
{
	int node = dt_find_compatible(dt, -1, "arm,sp804");
	volatile uint8_t *regs = plat_map_reg(dt, node, 0);
	uint32_t len, freq = DEFAULT_TIMER_HZ;
	if (!regs)
		return -1;
	dt_reg(dt, node, 0, &kernel_owned[1]);
	const uint8_t *irqs = dt_prop(dt, node, "interrupts", &len);
	if (irqs && len >= 4)
		timer_irq = dt_be32(irqs);
	if (timer_irq >= VIC_LINES)
		return -1;
	dt_prop_u32(dt, node, "clock-frequency", &freq);
	sp804_init(regs + SP804_TIMER2, regs, freq);
	vic_enable(timer_irq);
	return 0;
}

/* The system controller: kept from user space; mapped now, since a kernel mapping
 * made after boot would be missing from the tasks' tables made before it. */
static volatile uint32_t *sysctl;

static void sysctl_setup(const struct dt *dt)
{
	int node = dt_find_compatible(dt, -1, "arm,versatile-sysreg");
	if (node < 0)
		return;
	dt_reg(dt, node, 0, &kernel_owned[2]);
	sysctl = plat_map_reg(dt, node, 0);
}

/**
 * plat_system_reset() - through the system controller's reset register.
 */
void plat_system_reset(void)
{
	if (!sysctl)
		return;
	sysctl[SYS_LOCK / 4] = SYS_LOCK_VALUE;
	sysctl[SYS_RESETCTL / 4] |= SYS_RESETCTL_RESET;
}

/**
 * plat_init() - console first (so later failures can be reported), then interrupt
 * controller and timer. Power control needs nothing: versatilepb has no PSCI, so
 * arch_halt() uses semihosting when it is enabled.
 * Return: 0, or -1 if a required device is missing.
 */
int plat_init(const struct dt *dt)
{
	int err = plat_pl011_console_init(dt);
	if (!dt)
		return -1;
	if (vic_setup(dt) != 0)
		return -1;
	if (timer_setup(dt) != 0)
		return -1;
	sysctl_setup(dt);
	return err;
}

/**
 * plat_device_reserved() - does [pa, pa + size) touch registers only the kernel
 * may use (the VIC, the SP804 the kernel keeps time with)? Such devices are never
 * mapped to user space. The other SP804 and the SIC are free for user drivers.
 */
bool plat_device_reserved(paddr_t pa, size_t size)
{
	return plat_ranges_touch(kernel_owned, ARRAY_SIZE(kernel_owned), pa, size);
}

/**
 * plat_irq_next() - the pending line (the lowest-numbered), or -1. The timer's line
 * counts only if the deadline has been reached: the SP804 driver takes the
 * interrupts of the steps on the way to a far deadline itself.
 */
int plat_irq_next(void)
{
	int irq = vic_next();
	while (irq == (int)timer_irq && !sp804_deadline_reached())
		irq = vic_next();
	return irq;
}

/**
 * plat_irq_pending() - is a line pending? Also true, once in 2^31 timer ticks (36
 * minutes at 1 MHz), for a step of the timer that plat_irq_next() takes without
 * reporting it (the caller finds nothing to handle then).
 */
bool plat_irq_pending(void)
{
	return vic_pending();
}

/**
 * plat_irq_done() - nothing to do: the VIC's lines are level-sensitive and used
 * without vectors, so there is no end of interrupt to signal. A line bound to a user
 * handler stays masked (the ICU) until the handler acknowledges it.
 */
void plat_irq_done(int irq)
{
	(void)irq;
}

bool plat_irq_is_timer(int irq)
{
	return (unsigned)irq == timer_irq;
}

unsigned plat_irq_count(void)
{
	return VIC_LINES;
}

/**
 * plat_irq_first_device() - 1: every VIC line is a device's, but the ICU takes 0 for
 * "bound to no line" (struct irq_object's hw_irq), so line 0 (the watchdog's on
 * versatilepb) cannot be bound.
 */
unsigned plat_irq_first_device(void)
{
	return 1;
}

/**
 * plat_irq_kernel_owned() - is @irq one the kernel keeps: its timer, or the SIC's
 * cascade into the VIC? The SIC's devices (KMI, MMCI, UART3, Ethernet, PCI) are not
 * served yet; a later kernel may give them numbers from 32 on, behind this line, so
 * no user handler can have bound it. The console UART's interrupt is not kept: the
 * kernel only writes to the UART (polled), so a user console server may take its input.
 */
bool plat_irq_kernel_owned(unsigned irq)
{
	return irq == timer_irq || irq == SIC_CASCADE_IRQ;
}

void plat_irq_mask(unsigned irq)
{
	vic_disable(irq);
}

void plat_irq_unmask(unsigned irq)
{
	vic_enable(irq);
}

void plat_irq_set_pending(unsigned irq, bool pending)
{
	vic_set_pending(irq, pending);
}

/**
 * plat_irq_set_mode() - nothing to do: the VIC has no trigger configuration; every
 * line is level-sensitive, active high. An edge-triggered mode is accepted but the
 * line stays level-sensitive (the versatilepb's devices all hold their lines).
 */
void plat_irq_set_mode(unsigned irq, bool level)
{
	(void)irq;
	(void)level;
}
