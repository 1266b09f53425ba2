/* cpu_v5.c - what differs on ARMv5: the high vectors and thread words, aborts, no FPU. */
#include "arch.h"
#include "arch_internal.h"
#include "arch_regs.h"
#include "cp15.h"
#include "abort_regs.h"
#include "mmu_bits.h"
#include "lib/printk.h"
#include <l4/sys/utcb-arch.h>

/*
 * The page of thread words user code reads at L4_ARMV5_THREAD_WORDS: word 0 the
 * running thread's UTCB pointer, word 1 its TLS pointer (entry.S writes both when it
 * leaves the kernel into another thread), words 2 and 3 the clock (arch_clock_words()). It is
 * mapped user read-only at the top of the kernel's part of every address space, beside the
 * exception vectors, in the second-level table of the last MiB, which every task shares (the
 * first-level entries above the user part are copied into each task).
 */
uint32_t arch_thread_words[1024] __attribute__((aligned(4096)));
static uint32_t high_l2[256] __attribute__((aligned(1024)));
extern uint32_t boot_l1[4096];
extern char exception_vectors[];

#define HIGH_VECTORS 0xffff0000u

/**
 * arch_map_high_pages() - map the exception vectors at 0xffff0000 (SCTLR.V is set:
 * ARMv5 has no vector base register) and the thread words after them. Called by
 * boot.S before anything can take an exception.
 */
void arch_map_high_pages(void);
void arch_map_high_pages(void)
{
	unsigned vectors = (HIGH_VECTORS >> PAGE_SHIFT) & 255;
	unsigned words = (L4_ARMV5_THREAD_WORDS >> PAGE_SHIFT) & 255;
	high_l2[vectors] = arch_virt_to_phys(exception_vectors) | L2_KERNEL;
	high_l2[words] = arch_virt_to_phys(arch_thread_words) | V5_SMALL | V5_C | V5_B |
			 V5_PAGE_AP(V5_AP_USER_RO);
	dsb();
	boot_l1[HIGH_VECTORS >> 20] = table_desc(arch_virt_to_phys(high_l2));
	tlb_invalidate_all();
}

/**
 * arch_clock_words() - the clock for user mode (l4_kip_clock_counter()): thread
 * words 2 and 3, now, in microseconds. entry.S calls it on every return to user mode
 * (preserving r4 and sp, as a C function does).
 */
void arch_clock_words(void);
void arch_clock_words(void)
{
	uint64_t now = arch_timer_now_us();
	arch_thread_words[2] = (uint32_t)now;
	arch_thread_words[3] = (uint32_t)(now >> 32);
}

/**
 * arch_cpu_init() - nothing for user mode on ARMv5: no FPU, no user-readable counter.
 */
void arch_cpu_init(void)
{
}

const char *arch_cpu_name(void)
{
	uint32_t midr = read_midr();
	switch ((midr >> 4) & 0xfff) {
	case 0x926:
		return "ARM926EJ-S";
	case 0x946:
		return "ARM946E-S";
	default:
		return "ARMv5 CPU";
	}
}

/**
 * arch_set_user_cycle_counter() - ARMv5 has no cycle counter to give user mode.
 */
void arch_set_user_cycle_counter(bool enabled)
{
	if (enabled)
		kprintf("keel: no cycle counter on this CPU (pmu_user ignored)\n");
}

/**
 * arch_wait_for_interrupt() - sleep until an interrupt is pending (CP15 wait).
 */
void arch_wait_for_interrupt(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4\n\t"
			 "mcr p15, 0, %0, c7, c0, 4" ::"r"(0)
			 : "memory");
}

/**
 * arch_stop_cpu() - interrupts off for good, and sleep (the end of arch_halt()).
 */
NORETURN void arch_stop_cpu(void)
{
	for (;;)
		__asm__ volatile("msr cpsr_c, %0\n\t"
				 "mcr p15, 0, %1, c7, c0, 4" ::"r"(PSR_MODE_SVC | PSR_I | PSR_F),
				 "r"(0));
}

/**
 * arch_psci_call() - ARMv5 boards have no PSCI (arch_set_psci() is never called).
 */
void arch_psci_call(uint32_t function, bool smc)
{
	(void)function;
	(void)smc;
}

/**
 * arch_set_tls_now() - the running thread's TLS pointer changed: its thread word.
 */
void arch_set_tls_now(uint32_t tls)
{
	arch_thread_words[1] = tls;
}

/**
 * arch_dabt_address() - the address of the last data abort (FAR).
 */
uint32_t arch_dabt_address(void)
{
	return read_far();
}

/**
 * arch_report_abort_regs() - print the fault address and status of the last data
 * abort (ARMv5 keeps none for a prefetch abort: the address is the pc).
 */
void arch_report_abort_regs(bool data)
{
	if (data)
		kprintf("  fault address %08lx, FSR %08lx\n", read_far(), read_fsr());
}

/*
 * Did the instruction at @insn write memory? ARMv5's FSR does not say (ARMv6 added
 * WnR), so the load/store bit of the instruction tells: single and multiple loads and
 * stores, halfword and doubleword ones, SWP (a write), coprocessor transfers; in
 * Thumb state the 16-bit load/store forms.
 */
static bool arm_insn_writes(uint32_t insn)
{
	uint32_t l = (insn >> 20) & 1;
	if (((insn >> 26) & 3) == 1 || ((insn >> 25) & 7) == 4 || ((insn >> 25) & 7) == 6)
		return !l; /* LDR/STR, LDM/STM, LDC/STC */
	if (((insn >> 25) & 7) == 0 && (insn & 0x90) == 0x90) {
		if ((insn & 0x0fb000f0) == 0x01000090)
			return true; /* SWP, SWPB */
		if (!l && (insn & 0x60) == 0x40)
			return false; /* LDRD */
		return !l;	      /* STRH, STRD; the loads */
	}
	return false;
}

static bool thumb_insn_writes(uint32_t insn)
{
	if ((insn >> 12) == 0x5)
		return ((insn >> 9) & 7) <= 2; /* STR, STRH, STRB (register offset) */
	return !((insn >> 11) & 1);	       /* immediate, SP-relative, multiple, push/pop */
}

/* The aborting instruction: the thread ran it just now, so its page is mapped and
 * readable (on ARMv5 executable means readable); read it with user rights anyway. */
static bool insn_writes(const struct arch_context *ctx)
{
	uint32_t insn;
	if (ctx->cpsr & PSR_T) {
		uint32_t lo, hi; /* no LDRHT before ARMv6T2 */
		__asm__ volatile("ldrbt %0, [%1]" : "=r"(lo) : "r"(ctx->pc));
		__asm__ volatile("ldrbt %0, [%1]" : "=r"(hi) : "r"(ctx->pc + 1));
		return thumb_insn_writes(lo | hi << 8);
	}
	__asm__ volatile("ldrt %0, [%1]" : "=r"(insn) : "r"(ctx->pc));
	return arm_insn_writes(insn);
}

/* ARMv5 keeps no status for a prefetch abort. Its causes for a user thread: the pc's
 * page is not mapped (a translation fault), or is the kernel's (a permission fault:
 * the vectors page), or the instruction is a BKPT (a debug event). */
#define FSR_TRANSLATION_PAGE 0x7
#define FSR_PERMISSION_PAGE  0xf
#define FSR_DEBUG	     0x2

/* Is the instruction at @ctx's pc a BKPT? Only asked when its page is mapped for the
 * thread (so user-mode reads of it cannot fault). */
static bool insn_is_bkpt(const struct arch_context *ctx)
{
	uint32_t lo, hi;
	if (ctx->cpsr & PSR_T) {
		__asm__ volatile("ldrbt %0, [%1]" : "=r"(hi) : "r"(ctx->pc + 1));
		return hi == 0xbe; /* BKPT #imm8: 0xbexx */
	}
	__asm__ volatile("ldrt %0, [%1]" : "=r"(lo) : "r"(ctx->pc));
	return (lo & 0x0ff000f0) == 0x01200070; /* BKPT #imm16 */
}

static uint32_t prefetch_status(const struct arch_context *ctx, struct arch_vspace *vs)
{
	paddr_t pa;
	unsigned rights;
	if (ctx->pc >= ARCH_USER_SPACE_END)
		return FSR_PERMISSION_PAGE;
	if (arch_vspace_lookup(vs, ctx->pc, &pa, &rights) != 0)
		return FSR_TRANSLATION_PAGE;
	return insn_is_bkpt(ctx) ? FSR_DEBUG : FSR_PERMISSION_PAGE;
}

/* ARMv7's DFSR.WnR, which the exception message's err carries for a data abort
 * (L4_EXC_ARM_FSR_WNR, l4_utcb_exc_pfa()). */
#define FSR_WNR (1u << 11)

/**
 * arch_read_abort() - what a user-mode abort was: fault status (FSR; its codes are
 * ARMv7's short-descriptor ones, and for a write ARMv7's WnR bit, 11), address (FAR, or
 * the pc for a prefetch abort) and whether it was a write (decoded from the
 * instruction); @vs: the thread's space.
 */
void arch_read_abort(const struct arch_context *ctx, struct arch_vspace *vs, bool data,
		     uint32_t *fsr, uint32_t *far, bool *write)
{
	if (data) {
		*fsr = read_fsr() & 0xf;
		*far = read_far();
		*write = insn_writes(ctx);
		if (*write)
			*fsr |= FSR_WNR;
	} else {
		*fsr = prefetch_status(ctx, vs);
		*far = ctx->pc;
		*write = false;
	}
}

/**
 * arch_vfp_trap() - an undefined instruction: ARMv5 Keel has no FPU to hand out.
 * Return: false (a genuine undefined instruction).
 */
bool arch_vfp_trap(struct arch_fpu_state *vfp)
{
	(void)vfp;
	return false;
}

/**
 * arch_fpu_release() - a thread goes away (no FPU registers to forget).
 */
void arch_fpu_release(struct arch_fpu_state *fpu)
{
	(void)fpu;
}
