/* bootmod.h - the boot-module table: linked into the image, or loaded by a boot loader. */
#ifndef KEEL_BOOTMOD_H
#define KEEL_BOOTMOD_H

#include "types.h"
#include <l4/keel/bootinfo.h>

/* The table's layout is part of the ABI: the root task reads it too. */
#define BOOTMOD_MAGIC	      KEEL_BOOTMOD_MAGIC
#define BOOTMOD_VERSION	      KEEL_BOOTMOD_VERSION
#define BOOTMOD_MAX	      KEEL_BOOTMOD_MAX
#define BOOTMOD_NAME_LEN      KEEL_BOOTMOD_NAME_LEN
#define BOOTMOD_FLAG_ROOTTASK KEEL_BOOTMOD_FLAG_ROOTTASK

struct bootmod {
	const char *name;
	const uint8_t *data;
	size_t size;
	uint32_t flags;
};

struct bootmod_table {
	const void *blob; /* the whole table and its modules (page-aligned) */
	size_t size;
	unsigned count;
	struct bootmod mods[BOOTMOD_MAX];
};

int bootmod_parse(const void *blob, size_t size, struct bootmod_table *table);
const struct bootmod *bootmod_find(const struct bootmod_table *table, const char *name);
const struct bootmod *bootmod_roottask(const struct bootmod_table *table);

#endif
