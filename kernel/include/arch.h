/* arch.h - the one interface through which the portable kernel calls the architecture. */
#ifndef KEEL_ARCH_H
#define KEEL_ARCH_H

#include "types.h"
#include "arch_context.h"

struct dt;
struct factory;

/* Boot: the arch code calls kernel_main() once the MMU is on and the kernel runs high. */
NORETURN void kernel_main(const void *dtb);

/* Physical <-> kernel virtual addresses of RAM (the kernel's direct map). */
void *arch_phys_to_virt(paddr_t pa);
paddr_t arch_virt_to_phys(const void *va);
/* The physical range the boot image occupies (kernel, modules, boot page table). */
void arch_image_range(paddr_t *start, paddr_t *end);
/* The boot module blob linked into the image. */
const void *arch_modules_blob(size_t *size);
/* Extend the direct map to cover [base, base + size) after reading the memory map. */
int arch_map_ram(paddr_t base, size_t size);
/* Map a device's registers uncached; returns their kernel virtual address or NULL. */
void *arch_map_device(paddr_t pa, size_t size);

/* Platform devices, found in the device tree: console, interrupt controller, timer. */
int arch_platform_init(const struct dt *dt);
const char *arch_platform_name(void);
void arch_console_putc(char c);
bool arch_device_reserved(paddr_t pa, size_t size);

/* The timer: the time in microseconds since boot, and one-shot deadlines. */
uint32_t arch_timer_frequency(void);
uint64_t arch_timer_now_us(void);
/* The interrupt controller: returns the pending interrupt number or -1. */
int arch_irq_next(void);
void arch_irq_done(int irq);
bool arch_irq_is_timer(int irq);
/* The timer interrupt arrived: no other until arch_timer_set_deadline(). */
void arch_timer_rearm(void);
/* Interrupt once the time is @at_us (at once if past; UINT64_MAX: never). */
void arch_timer_set_deadline(uint64_t at_us);
/* Interrupt lines for user handlers (the ICU): how many IDs exist, which the kernel
 * keeps for itself, masking, trigger mode, and the pending state (test kernels). */
unsigned arch_irq_count(void);
bool arch_irq_kernel_owned(unsigned irq);
void arch_irq_mask(unsigned irq);
void arch_irq_unmask(unsigned irq);
void arch_irq_set_mode(unsigned irq, bool level);
void arch_irq_set_pending(unsigned irq, bool pending);

/* CPU. */
void arch_cpu_init(void);
const char *arch_cpu_name(void);
/* Sleep until an interrupt is pending (interrupts stay masked in the kernel). */
void arch_wait_for_interrupt(void);
/* Stop the machine: semihosting exit with status (if enabled), else PSCI SYSTEM_OFF. */
NORETURN void arch_halt(int status);
void arch_set_semihosting(bool enabled);
void arch_set_user_cycle_counter(bool enabled);
/* Print a call trace starting at the caller's frame. */
void arch_print_backtrace(void);

/* Address spaces; page-table memory is charged to @payer (kmem.h). Rights are the
 * L4 memory bits (X 1, W 2, R 4), plus ARCH_MAP_DEVICE for device memory (uncached,
 * never executable) instead of normal memory. */
#define ARCH_MAP_DEVICE 0x10
int arch_vspace_init(struct arch_vspace *vs, struct factory *payer);
void arch_vspace_destroy(struct arch_vspace *vs, struct factory *payer);
/* Map one 4 KiB page; a larger page around it is split first. */
int arch_vspace_map_page(struct arch_vspace *vs, vaddr_t va, paddr_t pa, unsigned rights,
			 struct factory *payer);
/* The page at va, also inside a larger page. */
int arch_vspace_lookup(struct arch_vspace *vs, vaddr_t va, paddr_t *pa, unsigned *rights);
/* Unmap one page; a larger page around it is split first (tables charged to @payer). */
void arch_vspace_unmap_page(struct arch_vspace *vs, vaddr_t va, struct factory *payer);
/* Use larger hardware pages in [va, va + size) wherever the 4 KiB pages mapped there
 * allow it (aligned, contiguous, same rights and memory type); nothing else changes. */
void arch_vspace_coalesce(struct arch_vspace *vs, vaddr_t va, size_t size);
/* Make sure no page in [va, va + size) needs memory to change later: what would need
 * a new table to be split is split now (charged to @payer). Return: 0 or -1 (memory). */
int arch_vspace_split(struct arch_vspace *vs, vaddr_t va, size_t size, struct factory *payer);
/* Map 1 MiB with one section (aligned); the root task's memory. */
int arch_vspace_map_section(struct arch_vspace *vs, vaddr_t va, paddr_t pa, unsigned rights);
/* Is anything mapped in the 1 MiB around va? (fast skipping of empty space) */
bool arch_vspace_has_table(struct arch_vspace *vs, vaddr_t va);
void arch_vspace_activate(struct arch_vspace *vs);
/* Switch to the kernel's own page table (before an active space is freed). */
void arch_vspace_activate_kernel(void);

/* Thread register state. */
void arch_context_init_user(struct arch_context *ctx, vaddr_t pc, vaddr_t sp);
/* Set the user ip; bit 0 selects Thumb state, as for a BX. */
void arch_context_set_ip(struct arch_context *ctx, vaddr_t ip);
void arch_context_dump(const struct arch_context *ctx);
/* A CPSR value from user input, reduced to what user mode may set. */
uint32_t arch_context_user_psr(uint32_t psr);
/* Load ctx's registers and return to user mode. */
NORETURN void arch_return_to_user(struct arch_context *ctx);
/* The next thread runs: load its thread-ID registers, and enable the FPU only if
 * it owns the FPU registers (lazy switching). */
void arch_thread_switch(const struct arch_context *ctx, struct arch_vfp_state *vfp);
/* An FPU instruction trapped: give the FPU to @vfp. Return: false if the FPU was
 * already enabled (then it is a genuine undefined instruction). */
bool arch_vfp_trap(struct arch_vfp_state *vfp);
/* A thread goes away: its FPU state must not be saved any more. */
void arch_vfp_release(struct arch_vfp_state *vfp);

#endif
