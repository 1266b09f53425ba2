/* context.c - creating, printing and switching the user register state of threads. */
#include "arch.h"
#include "arch_regs.h"
#include "cp15.h"
#include "lib/printk.h"

/**
 * arch_context_init_user() - registers for a thread's first entry to user mode.
 * The entry point's bit 0 selects Thumb state, as for a BX.
 */
void arch_context_init_user(struct arch_context *ctx, vaddr_t pc, vaddr_t sp)
{
	for (int i = 0; i < 13; i++)
		ctx->r[i] = 0;
	ctx->sp = sp;
	ctx->lr = 0;
	ctx->cpsr = PSR_MODE_USR;
	arch_context_set_ip(ctx, pc);
	ctx->tpidruro = 0;
	ctx->tpidrurw = 0;
}

void arch_context_set_ip(struct arch_context *ctx, vaddr_t ip)
{
	ctx->pc = ip & ~1u;
	ctx->cpsr = (ctx->cpsr & ~(uint32_t)PSR_T) | ((ip & 1) ? PSR_T : 0);
	/* A new ip starts outside any If-Then block. */
	ctx->cpsr &= ~0x0600fc00u;
}

/**
 * arch_context_user_psr() - a CPSR from user input with only the bits user mode
 * may own: flags, GE, IT, Thumb, endianness; always user mode, interrupts on.
 */
uint32_t arch_context_user_psr(uint32_t psr)
{
	const uint32_t user_bits = 0xf80f0000u | 0x0600fc00u | PSR_T | PSR_E;
	return (psr & user_bits) | PSR_MODE_USR;
}

void arch_context_dump(const struct arch_context *ctx)
{
	for (int i = 0; i < 13; i++)
		kprintf("  r%-2d %08lx%s", i, ctx->r[i], (i % 4 == 3) ? "\n" : "");
	kprintf("\n  sp  %08lx  lr  %08lx  pc  %08lx  cpsr %08lx\n", ctx->sp, ctx->lr, ctx->pc,
		ctx->cpsr);
	kprintf("  tpidruro %08lx  tpidrurw %08lx\n", ctx->tpidruro, ctx->tpidrurw);
}

/* Whose registers the FPU holds (NULL: nobody's). */
static struct arch_vfp_state *vfp_owner;

void arch_vfp_save(struct arch_vfp_state *s);
void arch_vfp_load(const struct arch_vfp_state *s);

/**
 * arch_thread_switch() - load the per-thread registers that entry/exit does not:
 * the two user thread-ID registers; the FPU stays off unless its registers are
 * this thread's, so the first FPU instruction of another thread traps.
 */
void arch_thread_switch(const struct arch_context *ctx, struct arch_vfp_state *vfp)
{
	write_tpidruro(ctx->tpidruro);
	write_tpidrurw(ctx->tpidrurw);
	write_fpexc(vfp_owner == vfp ? FPEXC_EN : 0);
}

bool arch_vfp_trap(struct arch_vfp_state *vfp)
{
	if (read_fpexc() & FPEXC_EN)
		return false;
	write_fpexc(FPEXC_EN);
	if (vfp_owner)
		arch_vfp_save(vfp_owner);
	arch_vfp_load(vfp);
	vfp_owner = vfp;
	return true;
}

void arch_vfp_release(struct arch_vfp_state *vfp)
{
	if (vfp_owner == vfp)
		vfp_owner = NULL;
}
