/* plat_config.h - fixed facts of QEMU's virt board that are needed before the device tree. */
#ifndef PLAT_CONFIG_H
#define PLAT_CONFIG_H

/* RAM starts here; QEMU puts the device tree at its start for ELF images. */
#define PLAT_RAM_BASE 0x40000000
/* The image is loaded 1 MiB into RAM, leaving room below for the device tree. */
#define KERNEL_PHYS_BASE 0x40100000
/* Kernel virtual = physical + this (RAM appears at 0xC0000000). */
#define KERNEL_VIRT_OFFSET 0x80000000
/* Used only if the device tree names no UART (early output before parsing it). */
#define PLAT_EARLY_UART 0x09000000
#define PLAT_NAME	"qemu-virt"

#endif
