/* boot.S - first instructions on ARMv5: build the boot page table, enable the MMU, go high. */
#include "arch_regs.h"
#include "plat_config.h"

	.syntax unified
	.arm

/* ARMv5 section: bit 4 set, cached and buffered, AP 01 (kernel read-write), domain 0. */
#define SECT_KERNEL 0x41e

	.section .boot.text, "ax"
	.global _start
_start:
	mrs	r11, cpsr
	and	r11, r11, #PSR_MODE_MASK	@ the mode we came in (arch_entry_mode())
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)	@ no cps before ARMv6
	mov	r10, r2				@ a boot loader's device tree, if any
	ldr	sp, =kernel_stack_top - KERNEL_VIRT_OFFSET

	/* .bss, the boot page table (boot_tables.S), then the entry mode (in .bss). */
	ldr	r0, =SECT_KERNEL
	mov	r1, r10
	bl	boot_tables
	mov	r4, r0				@ boot_l1's physical address
	ldr	r0, =boot_entry_mode - KERNEL_VIRT_OFFSET
	str	r11, [r0]
	/* Invalidate caches and TLB, drain the write buffer, then turn the MMU on. */
	mov	r0, #0
	mcr	p15, 0, r0, c7, c7, 0		@ invalidate I and D caches
	mcr	p15, 0, r0, c7, c10, 4		@ drain the write buffer
	mcr	p15, 0, r0, c8, c7, 0		@ invalidate the TLB
	mcr	p15, 0, r4, c2, c0, 0		@ TTBR0: no walk attributes on ARMv5
	mov	r0, #1
	mcr	p15, 0, r0, c3, c0, 0		@ DACR: domain 0 = client
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_A
	bic	r0, r0, #SCTLR_C		@ data cache off (v5/vspace_v5.c says why)
	bic	r0, r0, #(3 << 8)		@ S and R off: the AP bits alone give rights
	orr	r0, r0, #SCTLR_M
	orr	r0, r0, #SCTLR_I
	orr	r0, r0, #SCTLR_V		@ vectors at 0xffff0000 (cpu_v5.c maps them)
	mcr	p15, 0, r0, c1, c0, 0
	nop
	nop
	ldr	pc, =start_high
	.ltorg

	.text
start_high:
	ldr	sp, =kernel_stack_top		@ boot runs on the kernel stack (entry.S)
	bl	arch_map_high_pages
	bl	arch_set_exception_stacks
	mov	r0, r10
	bl	arch_boot
	b	.
