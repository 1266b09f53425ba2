/* kernel.ld.S - link map of a Keel image: boot code at its physical address, kernel high. */
#include "plat_config.h"

OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = KERNEL_PHYS_BASE;
	.boot : { KEEP(*(.boot.text)) }
	. = ALIGN(4096);
	. += KERNEL_VIRT_OFFSET;
	__kernel_start = .;
	.text : AT(ADDR(.text) - KERNEL_VIRT_OFFSET) {
		__text_start = .;
		KEEP(*(.text.vectors))
		*(.text .text.*)
		__text_end = .;
	}
	.rodata : AT(ADDR(.rodata) - KERNEL_VIRT_OFFSET) { *(.rodata .rodata.*) }
	.ARM.exidx : AT(ADDR(.ARM.exidx) - KERNEL_VIRT_OFFSET) { *(.ARM.exidx*) }
	.data : AT(ADDR(.data) - KERNEL_VIRT_OFFSET) { *(.data .data.*) }
	. = ALIGN(4096);
	.modules : AT(ADDR(.modules) - KERNEL_VIRT_OFFSET) {
		__modules_start = .;
		KEEP(*(.modules))
		__modules_end = .;
	}
	. = ALIGN(4096);
	.bss (NOLOAD) : AT(ADDR(.bss) - KERNEL_VIRT_OFFSET) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(4);
		__bss_end = .;
	}
	. = ALIGN(4096);
	__image_end = .;
	/DISCARD/ : { *(.comment) *(.note*) }
}
