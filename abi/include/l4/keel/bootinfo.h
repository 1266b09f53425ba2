/* bootinfo.h - what the kernel tells the root task at start: RAM, boot modules, device tree. */
#ifndef L4_KEEL_BOOTINFO_H
#define L4_KEEL_BOOTINFO_H

#include <stdint.h>

/*
 * The boot-info page is mapped read-only into the root task at KEEL_BOOTINFO_ADDR;
 * its address is also in r0 when the root task starts. The boot modules (a module
 * table, then the modules) are mapped read-only at their physical addresses, the
 * user RAM read-write at its physical addresses, the device tree (DTB) read-only at
 * its physical addresses.
 */
#define KEEL_BOOTINFO_ADDR    0xbfe00000u
#define KEEL_BOOTINFO_MAGIC   0x4e49424bu /* "KBIN" */
#define KEEL_BOOTINFO_VERSION 3

/*
 * The root task's UTCB area: 64 KiB (128 UTCBs of L4_UTCB_OFFSET bytes) at the top of
 * its user address space, 1 MiB above the boot-info page. The kernel binds the root
 * task's first thread to the first UTCB; the root task binds its other threads to
 * the others (roottask/root_utcb.h says which).
 */
#define KEEL_ROOT_UTCB_AREA	  0xbff00000u
#define KEEL_ROOT_UTCB_AREA_ORDER 16

#define KEEL_BOOTINFO_MAX_DEVICES 32
/* The largest device tree the kernel passes on (Linux's limit, too). */
#define KEEL_BOOTINFO_MAX_DTB (2u << 20)

struct keel_bootinfo_region {
	uint32_t base;
	uint32_t size;
};

struct keel_bootinfo {
	uint32_t magic;
	uint32_t version;
	uint32_t ram_base; /* user RAM owned by the root task */
	uint32_t ram_size;
	uint32_t modules;      /* address of the module table (struct keel_bootmod_header) */
	uint32_t modules_size; /* bytes from there, table and modules */
	/* Device registers mapped into the root task (device memory, at their
	 * physical addresses, in whole MiB). */
	uint32_t device_count;
	struct keel_bootinfo_region devices[KEEL_BOOTINFO_MAX_DEVICES];
	/* Since version 3: the flattened device tree the kernel booted with (its
	 * physical address, where it is mapped, and its header's total size, at most
	 * KEEL_BOOTINFO_MAX_DTB), for the root task to find the board's devices; 0, 0
	 * if there is none. */
	uint32_t dtb;
	uint32_t dtb_size;
};

/*
 * The module table (little endian): a header, one entry per module; module data
 * follows, each 4 KiB aligned. Offsets count from the header. The build makes it
 * (cmake/target.cmake, keel_image()).
 */
#define KEEL_BOOTMOD_MAGIC	   0x444f4d4bu /* "KMOD" */
#define KEEL_BOOTMOD_VERSION	   1
#define KEEL_BOOTMOD_MAX	   32
#define KEEL_BOOTMOD_NAME_LEN	   52
#define KEEL_BOOTMOD_FLAG_ROOTTASK 1u

struct keel_bootmod_header {
	uint32_t magic;
	uint32_t version;
	uint32_t count;
	uint32_t total_size;
};

struct keel_bootmod_entry {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	char name[KEEL_BOOTMOD_NAME_LEN];
};

#endif
