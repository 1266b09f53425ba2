/* context.c - creating, printing and switching the user register state of threads;
 * exception messages and the ARM-only thread operations. */
#include "arch.h"
#include "arch_internal.h"
#include "arch_regs.h"
#include "ipc/syscall.h"
#include "lib/printk.h"
#include "object/thread.h"
#include <l4/sys/abi/thread.h>
#include <l4/sys/err.h>
#include <l4/sys/utcb.h>

/**
 * arch_ctx_init_user() - registers for a thread's first entry to user mode.
 * The entry point's bit 0 selects Thumb state, as for a BX.
 */
void arch_ctx_init_user(struct arch_context *ctx, vaddr_t ip, vaddr_t sp)
{
	for (int i = 0; i < 13; i++)
		ctx->r[i] = 0;
	ctx->sp = sp;
	ctx->lr = 0;
	ctx->cpsr = PSR_MODE_USR;
	arch_ctx_set_user_ip(ctx, ip);
	ctx->tpidruro = 0;
	ctx->tpidrurw = 0;
}

/**
 * arch_ctx_set_user_ip() - set the ip as user code gives it (ex_regs): bit 0
 * selects Thumb state, as for a BX.
 */
void arch_ctx_set_user_ip(struct arch_context *ctx, vaddr_t ip)
{
	ctx->pc = ip & ~1u;
	ctx->cpsr = (ctx->cpsr & ~(uint32_t)PSR_T) | ((ip & 1) ? PSR_T : 0);
	/* A new ip starts outside any If-Then block. */
	ctx->cpsr &= ~0x0600fc00u;
}

/*
 * A CPSR from user input with only the bits user mode may own: flags, GE, IT, Thumb,
 * endianness; always user mode, interrupts on.
 */
static uint32_t user_psr(uint32_t psr)
{
	const uint32_t user_bits = 0xf80f0000u | 0x0600fc00u | PSR_T | PSR_E;
	return (psr & user_bits) | PSR_MODE_USR;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *put_hex8(char *p, uint32_t v)
{
	for (int shift = 28; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[(v >> shift) & 0xf];
	return p;
}

/**
 * arch_ctx_dump() - print a thread's registers (unhandled user faults). Built by hand
 * and printed at once: the kernel does this with interrupts masked, and through
 * kprintf's format parsing it cost about 25,000 instructions.
 */
void arch_ctx_dump(const struct arch_context *ctx)
{
	static const char *const names[13] = {"  r0  ", "  r1  ", "  r2  ", "  r3  ", "  r4  ",
					      "  r5  ", "  r6  ", "  r7  ", "  r8  ", "  r9  ",
					      "  r10 ", "  r11 ", "  r12 "};
	char buf[400], *p = buf;
	for (int i = 0; i < 13; i++) {
		p = put_hex8(put_str(p, names[i]), ctx->r[i]);
		if (i % 4 == 3)
			*p++ = '\n';
	}
	p = put_hex8(put_str(p, "\n  sp  "), ctx->sp);
	p = put_hex8(put_str(p, "  lr  "), ctx->lr);
	p = put_hex8(put_str(p, "  pc  "), ctx->pc);
	p = put_hex8(put_str(p, "  cpsr "), ctx->cpsr);
	p = put_hex8(put_str(p, "\n  tpidruro "), ctx->tpidruro);
	p = put_hex8(put_str(p, "  tpidrurw "), ctx->tpidrurw);
	*p++ = '\n';
	*p = 0;
	kprintf("%s", buf);
}

/**
 * arch_exc_regs_to_msg() - the exception message: ARM's l4_exc_regs_t (pfa, err,
 * r0-r12, sp, lr, -, pc, cpsr, tpidruro, tpidrurw) in the message registers @mr.
 */
void arch_exc_regs_to_msg(const struct arch_context *ctx, l4_umword_t *mr, l4_umword_t pfa,
			  l4_umword_t err)
{
	l4_exc_regs_t *regs = (l4_exc_regs_t *)mr;
	regs->pfa = pfa;
	regs->err = err;
	for (unsigned i = 0; i < 13; i++)
		regs->r[i] = ctx->r[i];
	regs->sp = ctx->sp;
	regs->ulr = ctx->lr;
	regs->_dummy1 = 0;
	regs->pc = ctx->pc;
	regs->cpsr = ctx->cpsr;
	regs->tpidruro = ctx->tpidruro;
	regs->tpidrurw = ctx->tpidrurw;
}

/**
 * arch_exc_regs_from_msg() - load the registers an exception handler sent back in
 * @mr: only the user-mode bits of the cpsr, and not tpidrurw (the UTCB pointer is
 * the kernel's).
 */
void arch_exc_regs_from_msg(struct arch_context *ctx, const l4_umword_t *mr)
{
	const l4_exc_regs_t *regs = (const l4_exc_regs_t *)mr;
	for (unsigned i = 0; i < 13; i++)
		ctx->r[i] = regs->r[i];
	ctx->sp = regs->sp;
	ctx->lr = regs->ulr;
	ctx->pc = regs->pc;
	ctx->cpsr = user_psr(regs->cpsr);
	ctx->tpidruro = regs->tpidruro;
}

/**
 * arch_thread_invoke() - ARM's own THREAD operation: set TPIDRURO (mr1), the TLS
 * pointer; the caller setting its own takes effect at once.
 * Return: 0, -L4_EMSGTOOSHORT, or -L4_ENOSYS for any other @op.
 */
long arch_thread_invoke(struct thread *caller, struct thread *t, unsigned op)
{
	if (op != L4_THREAD_ARM_TPIDRURO_OP)
		return -L4_ENOSYS;
	if (syscall_words(caller) < 2)
		return -L4_EMSGTOOSHORT;
	t->ctx.tpidruro = caller->utcb->mr[1];
	if (t == caller)
		arch_set_tls_now(t->ctx.tpidruro); /* exit into the same thread loads no other */
	return 0;
}
