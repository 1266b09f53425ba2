/* plat_config.h - fixed facts of QEMU's versatilepb board that are needed before the device tree.
 */
#ifndef PLAT_CONFIG_H
#define PLAT_CONFIG_H

/* RAM starts at 0 (up to 256 MiB; the devices start at 0x10000000). */
#define PLAT_RAM_BASE 0x00000000
/* The image is loaded 1 MiB into RAM, as on virt. */
#define KERNEL_PHYS_BASE 0x00100000
/* Kernel virtual = physical + this (RAM appears at 0xC0000000). */
#define KERNEL_VIRT_OFFSET 0xC0000000
/* UART0, used only if the device tree names no UART (early output before parsing it). */
#define PLAT_EARLY_UART 0x101f1000
#define PLAT_NAME	"qemu-versatilepb"

#endif
