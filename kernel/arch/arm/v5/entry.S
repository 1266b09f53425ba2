/* entry.S - ARMv5 exception vectors, kernel entry from user mode and the return to user mode. */
#include "arch_regs.h"

	.syntax unified
	.arm

/*
 * The layout is v7/entry.S's (one kernel stack; a thread's user registers in its
 * struct arch_context, sp_svc at its pc slot while it runs in user mode), without
 * ARMv6's srs, rfe and cps: the return address and the saved cpsr are stored and
 * loaded one by one, and modes change through msr. A banked register is never
 * touched right after a store- or load-multiple of the user registers (ARMv5 forbids
 * it). The vectors sit at 0xffff0000 (SCTLR.V; cpu_v5.c maps this page there), and
 * reach their handlers through literals in the same page.
 */

	.section .text.vectors, "ax"
	.balign 4096
	.global exception_vectors
exception_vectors:
	ldr	pc, 1f				@ reset
	ldr	pc, 2f				@ undefined instruction
	ldr	pc, 3f				@ svc
	ldr	pc, 4f				@ prefetch abort
	ldr	pc, 5f				@ data abort
	ldr	pc, 1f
	ldr	pc, 6f				@ irq
	ldr	pc, 7f				@ fiq
1:	.word	vec_reset
2:	.word	vec_undef
3:	.word	vec_svc
4:	.word	vec_pabt
5:	.word	vec_dabt
6:	.word	vec_irq
7:	.word	vec_fiq

	.text
/* The system call: always from user mode (the kernel never executes svc). */
vec_svc:
	stmdb	sp, {r0-lr}^			@ ctx.r0 .. ctx.lr = user registers
	mov	r0, #0				@ (no banked register right after stm^)
	mcr	p15, 0, r0, c7, c10, 4		@ drain the write buffer: the UTCB is in memory
	str	lr, [sp]			@ ctx.pc = return address
	mrs	lr, spsr
	str	lr, [sp, #4]			@ ctx.cpsr
	ldr	sp, =kernel_stack_top
	b	syscall_fastpath			@ the IPC fast paths, else the general path

/*
 * Other exceptions may come from user mode (saved like svc, in SVC mode) or from the
 * kernel itself (a bug: build a frame on this mode's stack and panic). This mode's
 * return address and spsr wait in the two words below its stack while it changes to
 * SVC, where sp_svc points at the thread's context.
 */
.macro user_or_kernel mode, lr_adjust, user_handler, kernel_kind
	sub	lr, lr, #\lr_adjust
	str	lr, [sp, #-8]			@ the return address
	mrs	lr, spsr
	str	lr, [sp, #-4]			@ the interrupted cpsr
	tst	lr, #0xf			@ user mode is the only mode with M[3:0] = 0
	bne	1f
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
	stmdb	sp, {r0-lr}^			@ into the current thread's context
	mov	r0, #0
	mcr	p15, 0, r0, c7, c10, 4		@ drain the write buffer
	ldr	r0, =\mode\()_stack_top
	ldr	r1, [r0, #-8]
	ldr	r2, [r0, #-4]
	stmia	sp, {r1, r2}			@ ctx.pc, ctx.cpsr
	ldr	sp, =kernel_stack_top
	b	\user_handler
1:	sub	sp, sp, #16			@ frame[15], [16] are the two words; sp, lr next
	stmdb	sp!, {r0-r12}
	mov	r0, sp
	ldr	r1, [r0, #64]
	and	r1, r1, #PSR_MODE_MASK
	orr	r1, r1, #(PSR_I | PSR_F)
	mrs	r4, cpsr
	msr	cpsr_c, r1			@ visit the interrupted mode to read its sp and lr
	mov	r2, sp
	mov	r3, lr
	msr	cpsr_c, r4
	str	r2, [r0, #52]
	str	r3, [r0, #56]
	mov	r1, #\kernel_kind
	b	arch_kernel_exception
.endm

vec_undef:
	@ LR as it is: handle_undef_user() moves it back over the instruction (4 in ARM
	@ state, 2 in Thumb), as on ARMv7
	user_or_kernel und, 0, handle_undef_user, 1
vec_pabt:
	user_or_kernel abt, 4, handle_pabt_user, 2
vec_dabt:
	user_or_kernel abt, 8, handle_dabt_user, 3
vec_irq:
	user_or_kernel irq, 4, handle_irq_user, 4
vec_fiq:
	user_or_kernel fiq, 4, arch_user_fiq, 5
vec_reset:
	mov	r0, #0
	mov	r1, #0
	b	arch_kernel_exception

/*
 * arch_return_to_user(ctx): load the thread's user registers and leave the kernel, with
 * the clock in the thread words. sp_svc stays at ctx.pc, ready for the next entry.
 */
	.global arch_return_to_user
arch_return_to_user:
	mov	r4, r0
	bl	arch_clock_words		@ the clock user code reads (cpu_v5.c)
	add	sp, r4, #CTX_PC_OFFSET
return_to_user:
	ldr	r1, [sp, #4]
	msr	spsr_cxsf, r1			@ the user cpsr, for movs
	ldmdb	sp, {r0-lr}^
	nop					@ (no banked register right after ldm^)
	ldr	lr, [sp]
	movs	pc, lr

/*
 * arch_switch_to_user(ctx, fpu, vs): leave the kernel into another thread than the one
 * whose registers the CPU holds: first its address space (vs; NULL: the same task;
 * vspace_v5.c flushes TLB and instruction cache), then the thread words user code
 * reads (its UTCB and TLS pointers, cpu_v5.c), then its user registers. No FPU.
 */
	.global arch_switch_to_user
arch_switch_to_user:
	mov	r4, r0
	cmp	r2, #0
	movne	r0, r2
	blne	arch_vspace_activate
	ldr	r1, [r4, #CTX_TPIDRURW_OFFSET]	@ the UTCB pointer
	ldr	r2, [r4, #CTX_TPIDRURO_OFFSET]	@ the TLS pointer
	ldr	r3, =arch_thread_words
	stmia	r3, {r1, r2}
	bl	arch_clock_words
	add	sp, r4, #CTX_PC_OFFSET
	b	return_to_user
