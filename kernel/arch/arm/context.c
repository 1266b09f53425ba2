/* context.c - creating, printing and switching the user register state of threads. */
#include "arch.h"
#include "arch_regs.h"
#include "cp15.h"
#include "printk.h"

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
	ctx->pc = pc & ~1u;
	ctx->cpsr = PSR_MODE_USR | ((pc & 1) ? PSR_T : 0);
	ctx->tpidruro = 0;
	ctx->tpidrurw = 0;
}

void arch_context_dump(const struct arch_context *ctx)
{
	for (int i = 0; i < 13; i++)
		kprintf("  r%-2d %08lx%s", i, ctx->r[i], (i % 4 == 3) ? "\n" : "");
	kprintf("\n  sp  %08lx  lr  %08lx  pc  %08lx  cpsr %08lx\n", ctx->sp, ctx->lr, ctx->pc,
		ctx->cpsr);
	kprintf("  tpidruro %08lx  tpidrurw %08lx\n", ctx->tpidruro, ctx->tpidrurw);
}

/**
 * arch_thread_switch_registers() - load the per-thread registers that entry/exit
 * does not: the two user thread-ID registers.
 */
void arch_thread_switch_registers(const struct arch_context *ctx)
{
	write_tpidruro(ctx->tpidruro);
	write_tpidrurw(ctx->tpidrurw);
}
