/* cpu.c - ARM CPU bring-up after the MMU is on, halting, call traces and kernel faults. */
#include "arch.h"
#include "arch_regs.h"
#include "arch_internal.h"
#include "lib/panic.h"
#include "plat_config.h"
#include "lib/printk.h"
#include "lib/conbuf.h"

#define FDT_MAGIC_BE 0xd00dfeedu
/* boot.S maps a device tree passed in r2 if it lies this far into RAM (offset). */
#define DTB_WINDOW_LIMIT (0x30000000u - 0x200000u)

extern char __text_start[], __text_end[], kernel_stack_guard[], kernel_stack_top[];

/* PSCI 0.2 function numbers (SMC32 calling convention). */
#define PSCI_SYSTEM_OFF	  0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

static bool semihosting_enabled;
static uint32_t psci_conduit_smc;
static bool psci_available;

/* The board's own device tree, linked into the kernel when QEMU or a boot loader
 * gives none (platform.cmake's KEEL_PLAT_DTS); absent on other boards. */
extern const char plat_builtin_dtb[] __attribute__((weak));

/* A device tree at @pa, whole below @mapped_end (what the boot page table maps there)? */
static bool dtb_at(paddr_t pa, paddr_t mapped_end)
{
	/* Inside [PLAT_RAM_BASE, mapped_end), written so that a RAM base of 0 works too. */
	if (pa - PLAT_RAM_BASE >= mapped_end - PLAT_RAM_BASE || mapped_end - pa < 64 || (pa & 3))
		return false;
	const uint32_t *p = arch_phys_to_virt(pa);
	return __builtin_bswap32(p[0]) == FDT_MAGIC_BE &&
	       __builtin_bswap32(p[1]) <= mapped_end - pa;
}

/**
 * arch_boot() - C entry from boot.S, running high with the boot page table.
 * @r2: r2 at entry; a DTB address if a boot loader passed one (boot.S mapped the 2
 *      MiB from its MiB). QEMU leaves the DTB at the start of RAM for ELF images
 *      instead, inside what boot.S maps for the image.
 */
NORETURN void arch_boot(uint32_t r2);
NORETURN void arch_boot(uint32_t r2)
{
	paddr_t start, end;
	arch_image_range(&start, &end);
	paddr_t window_end = align_down(r2, 0x100000u) + 0x200000u;
	const void *dtb = plat_builtin_dtb; /* a board's own, else none (NULL) */
	/* (Physical address 0 is RAM on some boards: the address alone cannot say "none".) */
	if (r2 - PLAT_RAM_BASE < DTB_WINDOW_LIMIT && dtb_at(r2, window_end))
		dtb = arch_phys_to_virt(r2);
	else if (dtb_at(PLAT_RAM_BASE, end + 0x100000))
		dtb = arch_phys_to_virt(PLAT_RAM_BASE);
	kernel_main(dtb);
}

/* The CPU mode at _start (boot.S), before it left HYP. */
uint32_t boot_entry_mode;

/**
 * arch_entry_mode() - the CPU mode the boot loader started the kernel in, by name.
 */
const char *arch_entry_mode(void)
{
	return boot_entry_mode == PSR_MODE_HYP	 ? "HYP"
	       : boot_entry_mode == PSR_MODE_SVC ? "SVC"
						 : "another";
}

void arch_set_semihosting(bool enabled)
{
	semihosting_enabled = enabled;
}

void arch_set_psci(bool available, bool smc)
{
	psci_available = available;
	psci_conduit_smc = smc;
}

/**
 * arch_psci_system_reset() - PSCI SYSTEM_RESET, if the device tree named PSCI;
 * returns only if there is none or the call failed.
 */
void arch_psci_system_reset(void)
{
	if (psci_available)
		arch_psci_call(PSCI_SYSTEM_RESET, psci_conduit_smc);
}

static void semihosting_exit(int status)
{
	/* SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit: QEMU exits with status. */
	uint32_t block[2] = {0x20026, (uint32_t)status};
	register uint32_t r0 __asm__("r0") = 0x20;
	register uint32_t r1 __asm__("r1") = (uint32_t)block;
	__asm__ volatile("svc #0x123456" : "+r"(r0) : "r"(r1) : "memory");
}

/**
 * arch_halt() - stop the machine for good, reporting status to whoever runs it.
 */
NORETURN void arch_halt(int status)
{
	kprintf("keel: halt, exit status %d\n", status);
	conbuf_flush();
	if (semihosting_enabled)
		semihosting_exit(status);
	if (psci_available)
		arch_psci_call(PSCI_SYSTEM_OFF, psci_conduit_smc);
	arch_stop_cpu();
}

static bool in_text(uint32_t a)
{
	return a >= (uint32_t)__text_start && a < (uint32_t)__text_end;
}

static bool on_kernel_stack(uint32_t a)
{
	uint32_t lo = (uint32_t)kernel_stack_top - KERNEL_STACK_SIZE,
		 hi = (uint32_t)kernel_stack_top;
	return (a & 3) == 0 && a >= lo && a < hi;
}

/* Does @a lie in the unmapped page below the kernel stack? */
static bool in_stack_guard(uint32_t a)
{
	return a >= (uint32_t)kernel_stack_guard &&
	       a < (uint32_t)kernel_stack_guard + KERNEL_GUARD_SIZE;
}

/*
 * GCC's ARM frames: a non-leaf function pushes {fp, lr} and points fp at the saved
 * lr; a leaf pushes only fp and points fp at it (or keeps its caller's fp). A text
 * address at *fp tells which. After an exception, lr is printed too: it is the
 * return address of a leaf function that set up no frame.
 */
static void backtrace_from(uint32_t pc, uint32_t fp, uint32_t lr)
{
	kprintf("call trace:\n");
	if (pc)
		kprintf("  [<%08lx>] (pc)\n", pc);
	if (pc && in_text(lr))
		kprintf("  [<%08lx>] (lr)\n", lr);
	for (int depth = 0; depth < 32 && on_kernel_stack(fp); depth++) {
		uint32_t word = *(uint32_t *)fp;
		if (in_text(word)) {
			kprintf("  [<%08lx>]\n", word);
			fp = *(uint32_t *)(fp - 4);
		} else {
			fp = word;
		}
	}
	kprintf("(resolve with: arm-none-eabi-addr2line -f -e <image> <address>)\n");
}

void arch_print_backtrace(void)
{
	backtrace_from(0, (uint32_t)__builtin_frame_address(0), 0);
}

/* Names of the kernel-mode exception kinds entry.S passes. */
static const char *const kernel_exception_names[] = {
    "reset", "undefined instruction", "prefetch abort", "data abort", "irq", "fiq",
};

/**
 * arch_kernel_exception() - an exception taken in a privileged mode: a kernel bug.
 * @frame: r0-r12, sp, lr, pc, cpsr of the interrupted kernel code.
 */
NORETURN void arch_kernel_exception(uint32_t *frame, unsigned kind);
NORETURN void arch_kernel_exception(uint32_t *frame, unsigned kind)
{
	const char *what =
	    kind < ARRAY_SIZE(kernel_exception_names) ? kernel_exception_names[kind] : "exception";
	/* A data abort on the guard page: the kernel stack ran out (docs/architecture.md). */
	if (frame && kind == 3 && in_stack_guard(arch_dabt_address()))
		kprintf("\nKERNEL PANIC: kernel stack overflow at pc %08lx, sp %08lx\n", frame[15],
			frame[13]);
	else
		kprintf("\nKERNEL PANIC: %s in kernel mode at pc %08lx\n", what,
			frame ? frame[15] : 0);
	if (frame) {
		if (kind == 2 || kind == 3)
			arch_report_abort_regs(kind == 3);
		for (int i = 0; i < 13; i++)
			kprintf("  r%-2d %08lx%s", i, frame[i], (i % 4 == 3) ? "\n" : "");
		kprintf("\n  sp  %08lx  lr  %08lx  pc  %08lx  cpsr %08lx\n", frame[13], frame[14],
			frame[15], frame[16]);
		backtrace_from(frame[15], frame[11], frame[14]);
	}
	panic_halt();
}
