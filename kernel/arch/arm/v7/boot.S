/* boot.S - first instructions: leave HYP, build the boot page table, enable the MMU, go high. */
#include "arch_regs.h"
#include "plat_config.h"

	.syntax unified
	.arm
	.arch_extension virt
	.arch_extension sec

/* Short-descriptor section: normal memory, write-back write-allocate, shareable, kernel RW. */
#define SECT_KERNEL 0x1140e
/* TTBR0 walk attributes: inner/outer write-back write-allocate, shareable. */
#define TTBR_FLAGS 0x6a

	.section .boot.text, "ax"
	.global _start
_start:
	cpsid	aif
	mov	r10, r2			@ keep r2 in case a boot loader passed a DTB
	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	mov	r11, r0			@ the mode the boot loader left us in (arch_entry_mode())
	cmp	r0, #PSR_MODE_HYP
	bleq	hyp_leave
	cps	#PSR_MODE_SVC		@ from any other PL1 mode a boot loader may leave
	/* Now in SVC with the MMU off. */
	ldr	sp, =kernel_stack_top - KERNEL_VIRT_OFFSET

	/* .bss, the boot page table (boot_tables.S), then the entry mode (in .bss). */
	ldr	r0, =SECT_KERNEL
	mov	r1, r10
	bl	boot_tables
	mov	r4, r0				@ boot_l1's physical address
	ldr	r0, =boot_entry_mode - KERNEL_VIRT_OFFSET
	str	r11, [r0]

	/* Invalidate TLBs, caches and branch predictor before turning the MMU on. */
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0		@ TLBIALL
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6		@ BPIALL
	dsb
	isb
	mcr	p15, 0, r0, c2, c0, 2		@ TTBCR = 0: TTBR0 covers everything
	orr	r0, r4, #TTBR_FLAGS
	mcr	p15, 0, r0, c2, c0, 0		@ TTBR0
	mov	r0, #0
	mcr	p15, 0, r0, c13, c0, 1		@ CONTEXTIDR: ASID 0 for the kernel
	mov	r0, #1
	mcr	p15, 0, r0, c3, c0, 0		@ DACR: domain 0 = client
	isb
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_A
	bic	r0, r0, #SCTLR_V
	bic	r0, r0, #(SCTLR_TRE | SCTLR_AFE | SCTLR_TE)
	orr	r0, r0, #(SCTLR_M | SCTLR_C)
	orr	r0, r0, #(SCTLR_I | SCTLR_Z)
	mcr	p15, 0, r0, c1, c0, 0
	isb
	ldr	pc, =start_high

/*
 * hyp_leave: make PL1 fully usable (timer, counter, VFP, no traps), install a stub
 * vector table so a hypervisor can be loaded later, then drop to SVC.
 */
hyp_leave:
	adr	r0, hyp_stub_vectors
	mcr	p15, 4, r0, c12, c0, 0		@ HVBAR
	mov	r0, #0
	mcr	p15, 4, r0, c1, c1, 0		@ HCR: no traps, stage 2 off
	mcr	p15, 4, r0, c1, c1, 3		@ HSTR: no CP15 traps
	ldr	r0, =0x33ff
	mcr	p15, 4, r0, c1, c1, 2		@ HCPTR: no coprocessor traps
	mov	r0, #3
	mcr	p15, 4, r0, c14, c1, 0		@ CNTHCTL: PL1 may use the physical timer and counter
	mov	r0, #0
	mov	r1, #0
	mcrr	p15, 4, r0, r1, c14		@ CNTVOFF = 0: virtual time = physical time
	mrc	p15, 0, r0, c0, c0, 0
	mcr	p15, 4, r0, c0, c0, 0		@ VPIDR = MIDR
	mrc	p15, 0, r0, c0, c0, 5
	mcr	p15, 4, r0, c0, c0, 5		@ VMPIDR = MPIDR
	mov	r0, #(PSR_MODE_SVC | PSR_I | PSR_F | PSR_A)
	msr	spsr_cxsf, r0		@ SPSR_hyp (own mode: not the banked form)
	msr	elr_hyp, lr
	eret

/*
 * HYP stub: "hvc #0" with r0 = new HVBAR installs a real hypervisor later;
 * everything else returns or stops.
 */
	.balign 32
hyp_stub_vectors:
	b	.			@ reset
	b	.			@ undefined
	b	.			@ hvc from HYP
	b	.			@ prefetch abort
	b	.			@ data abort
	b	hyp_stub_hvc		@ hyp trap (hvc from PL1)
	b	.			@ irq
	b	.			@ fiq
hyp_stub_hvc:
	mcr	p15, 4, r0, c12, c0, 0	@ HVBAR = r0
	eret
	.ltorg

	.text
start_high:
	ldr	sp, =kernel_stack_top		@ boot runs on the kernel stack (entry.S)
	ldr	r0, =exception_vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR
	isb
	bl	arch_set_exception_stacks
	mov	r0, r10
	bl	arch_boot
	b	.
