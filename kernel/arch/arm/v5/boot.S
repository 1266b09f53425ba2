/* boot.S - first instructions on ARMv5: build the boot page table, enable the MMU, go high. */
#include "arch_regs.h"
#include "plat_config.h"

	.syntax unified
	.arm

/* ARMv5 section: bit 4 set, cached and buffered, AP 01 (kernel read-write), domain 0. */
#define SECT_KERNEL 0x41e
#define SECT_SHIFT 20
/* The direct map covers 768 MiB of RAM; a device tree window (2 MiB) must end inside it. */
#define DTB_WINDOW_LIMIT (0x30000000 - (2 << SECT_SHIFT))

	.section .boot.text, "ax"
	.global _start
_start:
	mrs	r11, cpsr
	and	r11, r11, #PSR_MODE_MASK	@ the mode we came in (arch_entry_mode())
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)	@ no cps before ARMv6
	mov	r10, r2				@ a boot loader's device tree, if any
	ldr	sp, =kernel_stack_top - KERNEL_VIRT_OFFSET

	/* Zero .bss (physical addresses: the MMU is still off). */
	ldr	r0, =__bss_start - KERNEL_VIRT_OFFSET
	ldr	r1, =__bss_end - KERNEL_VIRT_OFFSET
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	ldr	r0, =boot_entry_mode - KERNEL_VIRT_OFFSET
	str	r11, [r0]

	/*
	 * Boot page table: map RAM from its base to the end of the image plus 1 MiB,
	 * both identically (so this code keeps running) and at KERNEL_VIRT_BASE.
	 */
	ldr	r4, =boot_l1 - KERNEL_VIRT_OFFSET
	ldr	r5, =PLAT_RAM_BASE
	ldr	r6, =__image_end - KERNEL_VIRT_OFFSET
	add	r6, r6, #(1 << SECT_SHIFT)
	ldr	r7, =SECT_KERNEL
2:	orr	r8, r7, r5			@ descriptor for physical section r5
	lsr	r9, r5, #SECT_SHIFT
	str	r8, [r4, r9, lsl #2]		@ identity
	add	r9, r5, #KERNEL_VIRT_OFFSET
	lsr	r9, r9, #SECT_SHIFT
	str	r8, [r4, r9, lsl #2]		@ high
	add	r5, r5, #(1 << SECT_SHIFT)
	cmp	r5, r6
	blo	2b

	/* A device tree passed in r2 elsewhere in RAM: its 2 MiB, high (v7/boot.S). */
	ldr	r5, =PLAT_RAM_BASE
	subs	r8, r10, r5
	blo	3f
	ldr	r9, =DTB_WINDOW_LIMIT
	cmp	r8, r9
	bhs	3f
	lsr	r5, r10, #SECT_SHIFT
	lsl	r5, r5, #SECT_SHIFT
	add	r6, r5, #(2 << SECT_SHIFT)
4:	orr	r8, r7, r5
	add	r9, r5, #KERNEL_VIRT_OFFSET
	lsr	r9, r9, #SECT_SHIFT
	str	r8, [r4, r9, lsl #2]
	add	r5, r5, #(1 << SECT_SHIFT)
	cmp	r5, r6
	blo	4b
3:
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

	.bss
	.balign 16384
	.global boot_l1
boot_l1:
	.space 16384
