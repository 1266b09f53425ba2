/* boot_tables.S - boot code both ARM versions run with the MMU off: clear .bss, build the boot page table. */
#include "arch_regs.h"
#include "plat_config.h"

	.syntax unified
	.arm

#define SECT_SHIFT 20
/* The direct map covers 768 MiB of RAM; a device tree window (2 MiB) must end inside it. */
#define DTB_WINDOW_LIMIT (0x30000000 - (2 << SECT_SHIFT))

/*
 * boot_tables(r0 = the version's section descriptor bits for kernel memory, r1 = r2
 * at entry, a device tree's address if a boot loader passed one): zero .bss, then fill
 * boot_l1 with sections mapping RAM from its base to the end of the image plus 1 MiB,
 * both identically (so the boot code keeps running) and at KERNEL_VIRT_BASE; and, if
 * r1 lies in RAM, the 2 MiB from its MiB at KERNEL_VIRT_BASE too, where arch_boot()
 * reads the tree (U-Boot may move it to the top of RAM; only inside what the direct
 * map will cover). Physical addresses throughout. Returns r0 = boot_l1's physical
 * address; changes r0-r9 and nothing else.
 */
	.section .boot.text, "ax"
	.global boot_tables
boot_tables:
	mov	r7, r0
	ldr	r0, =__bss_start - KERNEL_VIRT_OFFSET
	ldr	r2, =__bss_end - KERNEL_VIRT_OFFSET
	mov	r3, #0
1:	cmp	r0, r2
	strlo	r3, [r0], #4
	blo	1b

	ldr	r4, =boot_l1 - KERNEL_VIRT_OFFSET
	ldr	r5, =PLAT_RAM_BASE
	ldr	r6, =__image_end - KERNEL_VIRT_OFFSET
	add	r6, r6, #(1 << SECT_SHIFT)
2:	orr	r8, r7, r5			@ descriptor for physical section r5
	lsr	r9, r5, #SECT_SHIFT
	str	r8, [r4, r9, lsl #2]		@ identity
	add	r9, r5, #KERNEL_VIRT_OFFSET
	lsr	r9, r9, #SECT_SHIFT
	str	r8, [r4, r9, lsl #2]		@ high
	add	r5, r5, #(1 << SECT_SHIFT)
	cmp	r5, r6
	blo	2b

	ldr	r5, =PLAT_RAM_BASE
	subs	r8, r1, r5
	blo	3f
	ldr	r9, =DTB_WINDOW_LIMIT
	cmp	r8, r9
	bhs	3f
	lsr	r5, r1, #SECT_SHIFT
	lsl	r5, r5, #SECT_SHIFT
	add	r6, r5, #(2 << SECT_SHIFT)
4:	orr	r8, r7, r5
	add	r9, r5, #KERNEL_VIRT_OFFSET
	lsr	r9, r9, #SECT_SHIFT
	str	r8, [r4, r9, lsl #2]
	add	r5, r5, #(1 << SECT_SHIFT)
	cmp	r5, r6
	blo	4b
3:	mov	r0, r4
	bx	lr
	.ltorg

	.bss
	.balign 16384
	.global boot_l1
boot_l1:
	.space 16384
