/* plat.h - the board: its devices, as the platform code (arch/<arch>/plat/<name>/) finds them. */
#ifndef KEEL_PLAT_H
#define KEEL_PLAT_H

/*
 * What a board provides, apart from the CPU architecture (arch.h): the console, the
 * interrupt controller, which device registers are the kernel's alone. The platform
 * code (on ARM kernel/arch/arm/plat/<name>/platform.c) finds the devices in the
 * device tree and drives them with the architecture's drivers (arch/arm/drivers/).
 * The timer is the CPU's (arch_timer_*), but its interrupt line is the board's.
 */
#include "types.h"

struct dt;

/* Console first (so later failures can be reported), then interrupt controller,
 * timer and power control. Return: 0, or -1 if a required device is missing. */
int plat_init(const struct dt *dt);
const char *plat_name(void);
/* The kernel's console output, a byte as it is (conbuf.c turns newlines into CR LF):
 * waiting until the UART takes it, or only if it can take it now. */
void plat_console_putc(char c);
bool plat_console_try_putc(char c);
/* Reset the board (the platform-control object's reboot). Returns only if the board
 * cannot be reset this way. */
void plat_system_reset(void);
/* Does [pa, pa + size) touch registers only the kernel may use? */
bool plat_device_reserved(paddr_t pa, size_t size);

/* The interrupt controller: returns the pending interrupt number or -1. */
int plat_irq_next(void);
/* Is an interrupt pending (plat_irq_next() would return it)? Read with interrupts
 * masked, at the preemption points of long operations. */
bool plat_irq_pending(void);
void plat_irq_done(int irq);
bool plat_irq_is_timer(int irq);
/* Interrupt lines for user handlers (the ICU): how many IDs exist, which the kernel
 * keeps for itself, masking, trigger mode, and the pending state (test kernels). */
unsigned plat_irq_count(void);
/* The first line a device can use (the GIC's lines below 32 are per CPU). */
unsigned plat_irq_first_device(void);
bool plat_irq_kernel_owned(unsigned irq);
void plat_irq_mask(unsigned irq);
void plat_irq_unmask(unsigned irq);
void plat_irq_set_mode(unsigned irq, bool level);
void plat_irq_set_pending(unsigned irq, bool pending);

#endif
