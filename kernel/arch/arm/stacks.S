/* stacks.S - the kernel stack and the exception modes' small stacks, for both ARM versions. */
#include "arch_regs.h"

	.syntax unified
	.arm
	.text

/* Give every exception mode a small stack for the kernel-fault path (on ARMv5 also for
 * the two words a user-mode entry passes on: v5/entry.S). msr, not cps: ARMv5 has no
 * cps. Interrupts stay masked while it visits the modes. */
	.global arch_set_exception_stacks
arch_set_exception_stacks:
	mrs	r0, cpsr
	msr	cpsr_c, #(PSR_MODE_UND | PSR_I | PSR_F)
	ldr	sp, =und_stack_top
	msr	cpsr_c, #(PSR_MODE_ABT | PSR_I | PSR_F)
	ldr	sp, =abt_stack_top
	msr	cpsr_c, #(PSR_MODE_IRQ | PSR_I | PSR_F)
	ldr	sp, =irq_stack_top
	msr	cpsr_c, #(PSR_MODE_FIQ | PSR_I | PSR_F)
	ldr	sp, =fiq_stack_top
	msr	cpsr_c, r0
	bx	lr

	.bss
	.balign 8
	.space EXCEPTION_STACK_SIZE
	.global und_stack_top
und_stack_top:
	.space EXCEPTION_STACK_SIZE
	.global abt_stack_top
abt_stack_top:
	.space EXCEPTION_STACK_SIZE
	.global irq_stack_top
irq_stack_top:
	.space EXCEPTION_STACK_SIZE
	.global fiq_stack_top
fiq_stack_top:
	/* The kernel stack above its guard page, which arch_map_ram() leaves unmapped. */
	.balign KERNEL_GUARD_SIZE
	.global kernel_stack_guard
kernel_stack_guard:
	.space KERNEL_GUARD_SIZE
	.space KERNEL_STACK_SIZE
	.global kernel_stack_top
kernel_stack_top:
