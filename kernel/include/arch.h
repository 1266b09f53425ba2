/* arch.h - the one interface through which the portable kernel calls the CPU architecture. */
#ifndef KEEL_ARCH_H
#define KEEL_ARCH_H

/*
 * The architecture's arch_context.h (found through the include path) defines the
 * types named here: struct arch_context (a thread's user registers), struct
 * arch_fpu_state, struct arch_vspace (an address space), ARCH_USER_SPACE_END and
 * ARCH_SUPERPAGE_SIZE, and, as static inline functions, the accessors declared
 * static inline below. The portable kernel never looks inside these types
 * (test/harness/check_arch_boundary.py). The board's devices (console, interrupt
 * controller) are plat.h's.
 */
#include "types.h"
#include "arch_context.h"
#include <l4/sys/l4int.h>

struct factory;
struct thread;

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

/*
 * The timer is the CPU's own (on ARM the generic timer, read and programmed through
 * system registers: kernel/arch/arm/drivers/generic_timer.c); its interrupt arrives
 * through the board's interrupt controller (plat.h). The time is in microseconds
 * since boot; deadlines are one-shot.
 */
uint32_t arch_timer_frequency(void);
uint64_t arch_timer_now_us(void);
/* The timer interrupt arrived: no other until arch_timer_set_deadline(). */
void arch_timer_rearm(void);
/* Interrupt once the time is @at_us (at once if past; UINT64_MAX: never). */
void arch_timer_set_deadline(uint64_t at_us);

/* CPU. */
void arch_cpu_init(void);
const char *arch_cpu_name(void);
const char *arch_entry_mode(void);
/* Sleep until an interrupt is pending (interrupts stay masked in the kernel). */
void arch_wait_for_interrupt(void);
/* Stop the machine: exit the emulator with status (semihosting, if enabled), else
 * power off. */
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
/* Does vs have page tables (arch_vspace_init() succeeded, not yet destroyed)? */
static inline bool arch_vspace_valid(const struct arch_vspace *vs);
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
 * a new table to be split is split now (charged to @payer). Return: how many were
 * split (0 mostly), or -1 (memory). */
int arch_vspace_split(struct arch_vspace *vs, vaddr_t va, size_t size, struct factory *payer);
/* Map ARCH_SUPERPAGE_SIZE bytes (va and pa aligned to it) where nothing is mapped yet,
 * with one hardware page: the root task's memory and devices. Return: 0 or -1. */
int arch_vspace_map_superpage(struct arch_vspace *vs, vaddr_t va, paddr_t pa, unsigned rights,
			      struct factory *payer);
/* The first page in [va, end) that is mapped, looking at a bounded part of the page
 * tables (what COST_SCAN in sched/preempt.h counts): *looked is where the look stopped
 * (<= end). Return: that page (< *looked), or *looked when none was found before it.
 * Regions that map nothing cost nothing: walks cost what is mapped, not the size. */
vaddr_t arch_vspace_next_mapped(struct arch_vspace *vs, vaddr_t va, vaddr_t end, vaddr_t *looked);
/* The self-check's: do the counts of mapped pages that walks rely on match the tables? */
bool arch_vspace_counts_ok(const struct arch_vspace *vs);
void arch_vspace_activate(struct arch_vspace *vs);
/* Switch to the kernel's own page table (before an active space is freed). */
void arch_vspace_activate_kernel(void);

/*
 * Thread register state, by role. The system call: its number, the message tag
 * (message-info register: the tag sent, then the tag received), the capability
 * index with the operation flags, the timeouts; results are a tag and a label
 * (badge register). A kernel-made call (fault.c) overwrites exactly the result
 * registers.
 */
static inline l4_umword_t arch_ctx_syscall_nr(const struct arch_context *c);
static inline l4_umword_t arch_ctx_msg_info(const struct arch_context *c);
static inline void arch_ctx_set_msg_info(struct arch_context *c, l4_umword_t tag);
static inline l4_umword_t arch_ctx_syscall_cap(const struct arch_context *c);
/* Change the capability word a system call run again will see (the compiled stubs
 * take that register as clobbered). */
static inline void arch_ctx_set_syscall_cap(struct arch_context *c, l4_umword_t capword);
static inline l4_umword_t arch_ctx_syscall_timeout(const struct arch_context *c);
static inline l4_umword_t arch_ctx_label(const struct arch_context *c);
static inline void arch_ctx_set_syscall_result(struct arch_context *c, l4_umword_t tag,
					       l4_umword_t label);
/* Make the thread, just entered by its system call, execute that system call again
 * when it next runs (a long operation stopped at a preemption point; the registers it
 * passes are unchanged). */
static inline void arch_ctx_restart_syscall(struct arch_context *c);
/* The root task's one argument: the address of its boot information. */
static inline void arch_ctx_set_boot_arg(struct arch_context *c, l4_umword_t arg);
/* The address of the instruction to run next (the faulting one, after a fault). */
static inline vaddr_t arch_ctx_ip(const struct arch_context *c);
/* The ip as user code gives it to ex_regs (it may encode an instruction set). */
static inline vaddr_t arch_ctx_user_ip(const struct arch_context *c);
void arch_ctx_set_user_ip(struct arch_context *c, vaddr_t ip);
static inline vaddr_t arch_ctx_sp(const struct arch_context *c);
static inline void arch_ctx_set_sp(struct arch_context *c, vaddr_t sp);
/* The processor status word, reported by ex_regs as the old flags. */
static inline l4_umword_t arch_ctx_user_flags(const struct arch_context *c);
/* The register through which user code finds its UTCB (l4_utcb_direct()). */
static inline void arch_ctx_set_utcb_pointer(struct arch_context *c, vaddr_t utcb);
/* Registers for a thread's first entry to user mode (ip as for ex_regs). */
void arch_ctx_init_user(struct arch_context *c, vaddr_t ip, vaddr_t sp);
/* Print the registers (a fault nobody handles). */
void arch_ctx_dump(const struct arch_context *c);

/* Exception messages (L4_PROTO_EXCEPTION): the architecture's l4_exc_regs_t in the
 * message registers @mr, with fault address @pfa and error word @err; and back from
 * a handler's reply, reduced to what user mode may set. */
void arch_exc_regs_to_msg(const struct arch_context *c, l4_umword_t *mr, l4_umword_t pfa,
			  l4_umword_t err);
void arch_exc_regs_from_msg(struct arch_context *c, const l4_umword_t *mr);

/* An operation of the THREAD protocol on @t that only this architecture has, with
 * @caller's message. Return: the result, or -L4_ENOSYS for an unknown @op. */
long arch_thread_invoke(struct thread *caller, struct thread *t, unsigned op);
/* Load ctx's registers and return to user mode. */
NORETURN void arch_return_to_user(struct arch_context *c);
/* Leave the kernel into another thread: its address space @vs (NULL: the one active
 * now), the registers that entry and exit do not load (thread-ID registers), the FPU
 * enabled only if it holds this thread's registers (lazy switching: another thread's
 * first FPU instruction traps), then its user registers (c). */
NORETURN void arch_switch_to_user(struct arch_context *c, struct arch_fpu_state *fpu,
				  struct arch_vspace *vs);
/* A thread goes away: its FPU state must not be saved any more. */
void arch_fpu_release(struct arch_fpu_state *fpu);

#endif
