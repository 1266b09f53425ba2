/* entry.S - exception vectors, kernel entry from user mode and the return to user mode. */
#include "arch_regs.h"

	.syntax unified
	.arm
	.fpu	vfpv3

/*
 * Keel runs one kernel stack per CPU and keeps each thread's user registers in its
 * struct arch_context (seL4's model). While a thread runs in user mode, sp_svc points
 * at its context's pc slot, so an svc saves r0-lr with one store-multiple and pc/cpsr
 * with one srs, straight into the thread control block.
 *
 * struct arch_context: r0-r12, sp, lr, pc, cpsr (CTX_PC_OFFSET = 60).
 */

	.section .text.vectors, "ax"
	.balign 32
	.global exception_vectors
exception_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_reset
	b	vec_irq
	b	vec_fiq

/* The system call: always from user mode (the kernel never executes svc). */
vec_svc:
	srsia	sp, #PSR_MODE_SVC		@ ctx.pc = return address, ctx.cpsr = spsr
	stmdb	sp, {r0-lr}^			@ ctx.r0 .. ctx.lr = user registers
	ldr	sp, =kernel_stack_top
	b	syscall_fastpath			@ the IPC fast paths, else the general path

/*
 * Other exceptions may come from user mode (saved like svc, after switching to SVC)
 * or from the kernel itself (a bug: build a frame on this mode's stack and panic).
 */
.macro user_or_kernel mode, lr_adjust, user_handler, kernel_kind
	sub	lr, lr, #\lr_adjust
	str	r0, [sp, #-4]
	mrs	r0, spsr
	tst	r0, #0xf			@ user mode is the only mode with M[3:0] = 0
	ldr	r0, [sp, #-4]
	bne	1f
	srsia	#PSR_MODE_SVC			@ into the current thread's context
	cps	#PSR_MODE_SVC
	stmdb	sp, {r0-lr}^
	ldr	sp, =kernel_stack_top
	b	\user_handler
1:	srsdb	sp!, #\mode			@ frame: pc, cpsr
	sub	sp, sp, #8			@ sp, lr of the interrupted mode (filled below)
	stmdb	sp!, {r0-r12}
	mov	r0, sp
	mrs	r1, spsr
	and	r1, r1, #PSR_MODE_MASK
	orr	r1, r1, #(PSR_I | PSR_F | PSR_A)
	msr	cpsr_c, r1			@ visit the interrupted mode to read its sp and lr
	mov	r2, sp
	mov	r3, lr
	cps	#\mode
	str	r2, [r0, #52]
	str	r3, [r0, #56]
	mov	r1, #\kernel_kind
	b	arch_kernel_exception
.endm

vec_undef:
	user_or_kernel PSR_MODE_UND, 0, handle_undef_user, 1
vec_pabt:
	user_or_kernel PSR_MODE_ABT, 4, handle_pabt_user, 2
vec_dabt:
	user_or_kernel PSR_MODE_ABT, 8, handle_dabt_user, 3
vec_irq:
	user_or_kernel PSR_MODE_IRQ, 4, handle_irq_user, 4
vec_fiq:
	user_or_kernel PSR_MODE_FIQ, 4, arch_user_fiq, 5
vec_reset:
	mov	r0, #0
	mov	r1, #0
	b	arch_kernel_exception

	.text
/*
 * arch_return_to_user(ctx): load the thread's user registers and leave the kernel.
 * sp_svc stays at ctx.pc, ready for the next entry.
 */
	.global arch_return_to_user
arch_return_to_user:
	add	sp, r0, #CTX_PC_OFFSET
	ldmdb	sp, {r0-lr}^
	rfeia	sp

/*
 * arch_switch_to_user(ctx, fpu, vs): leave the kernel into another thread than the one
 * whose registers the CPU holds: first its address space (vs; NULL: the same task),
 * then its thread-ID registers and the FPU's enable bit (on only if the FPU holds this
 * thread's registers, arch_vfp_owner), then its user registers. The address-space switch
 * as in mmu.c's arch_vspace_activate(), which it calls when the space has no valid
 * ASID yet: ASID 0, never a task's, while TTBR0 changes, so no walk mixes old and new.
 * The exception return synchronises the last writes, so they need no ISB.
 */
	.global arch_switch_to_user
arch_switch_to_user:
	cmp	r2, #0
	beq	2f
	ldr	r3, [r2, #VSPACE_ASID_OFFSET]
	ldr	ip, [r2, #VSPACE_GEN_OFFSET]
	movw	lr, #:lower16:arch_asid_generation
	movt	lr, #:upper16:arch_asid_generation
	ldr	lr, [lr]
	cmp	r3, #0				@ ASID 0: none assigned yet
	beq	1f
	cmp	ip, lr				@ assigned in an older generation
	bne	1f
	ldr	ip, [r2, #VSPACE_L1_PA_OFFSET]
	mov	lr, #0
	orr	ip, ip, #TTBR_WALK_FLAGS
	mcr	p15, 0, lr, c13, c0, 1		@ CONTEXTIDR = 0
	isb
	mcr	p15, 0, ip, c2, c0, 0		@ TTBR0
	isb
	mcr	p15, 0, r3, c13, c0, 1		@ CONTEXTIDR = the ASID
	b	2f
1:	mov	r4, r0				@ no valid ASID: the C version assigns one
	mov	r5, r1
	mov	r0, r2
	bl	arch_vspace_activate
	mov	r0, r4
	mov	r1, r5
2:	ldr	r2, [r0, #CTX_TPIDRURO_OFFSET]
	ldr	r3, [r0, #CTX_TPIDRURW_OFFSET]
	mcr	p15, 0, r2, c13, c0, 3		@ TPIDRURO
	mcr	p15, 0, r3, c13, c0, 2		@ TPIDRURW
	movw	r2, #:lower16:arch_vfp_owner
	movt	r2, #:upper16:arch_vfp_owner
	ldr	r2, [r2]
	cmp	r2, r1
	moveq	r2, #FPEXC_EN_BIT
	movne	r2, #0
	vmsr	fpexc, r2
	add	sp, r0, #CTX_PC_OFFSET
	ldmdb	sp, {r0-lr}^
	rfeia	sp
