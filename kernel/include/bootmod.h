/* bootmod.h - the boot-module table the build links into the image. */
#ifndef KEEL_BOOTMOD_H
#define KEEL_BOOTMOD_H

#include "types.h"

/*
 * Layout (little endian, made by cmake/modules.S.in): a header, then one entry per
 * module; module data follows, each 4 KiB aligned. Offsets count from the header.
 */
#define BOOTMOD_MAGIC	      0x444f4d4bu /* "KMOD" */
#define BOOTMOD_VERSION	      1
#define BOOTMOD_MAX	      32
#define BOOTMOD_NAME_LEN      52
#define BOOTMOD_FLAG_ROOTTASK 1u

struct bootmod_header {
	uint32_t magic;
	uint32_t version;
	uint32_t count;
	uint32_t total_size;
};

struct bootmod_entry {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	char name[BOOTMOD_NAME_LEN];
};

struct bootmod {
	const char *name;
	const uint8_t *data;
	size_t size;
	uint32_t flags;
};

struct bootmod_table {
	unsigned count;
	struct bootmod mods[BOOTMOD_MAX];
};

int bootmod_parse(const void *blob, size_t size, struct bootmod_table *table);
const struct bootmod *bootmod_find(const struct bootmod_table *table, const char *name);
const struct bootmod *bootmod_roottask(const struct bootmod_table *table);

#endif
