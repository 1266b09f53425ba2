/* bootmod.c - validate the boot-module table and look modules up. */
#include "boot/bootmod.h"
#include "string.h"

/**
 * bootmod_parse() - check a module blob and index its modules.
 * @size: bytes available at @blob.
 * Return: 0, or -1 if the table is malformed (bad magic or version, too many
 * modules, an entry outside the blob, a name without its NUL).
 */
int bootmod_parse(const void *blob, size_t size, struct bootmod_table *table)
{
	const struct keel_bootmod_header *h = blob;
	table->count = 0;
	if (!blob || size < sizeof(*h) || ((uintptr_t)blob & 3))
		return -1;
	if (h->magic != BOOTMOD_MAGIC || h->version != BOOTMOD_VERSION || h->count > BOOTMOD_MAX ||
	    h->total_size > size)
		return -1;
	size_t table_end = sizeof(*h) + h->count * sizeof(struct keel_bootmod_entry);
	if (table_end > h->total_size)
		return -1;
	const struct keel_bootmod_entry *e = (const void *)(h + 1);
	for (unsigned i = 0; i < h->count; i++) {
		if (e[i].offset < table_end || e[i].offset > h->total_size ||
		    e[i].size > h->total_size - e[i].offset)
			return -1;
		if (!memchr(e[i].name, 0, BOOTMOD_NAME_LEN) || e[i].name[0] == 0)
			return -1;
		table->mods[i].name = e[i].name;
		table->mods[i].data = (const uint8_t *)blob + e[i].offset;
		table->mods[i].size = e[i].size;
		table->mods[i].flags = e[i].flags;
	}
	table->count = h->count;
	table->blob = blob;
	table->size = h->total_size;
	return 0;
}

const struct bootmod *bootmod_find(const struct bootmod_table *table, const char *name)
{
	for (unsigned i = 0; i < table->count; i++)
		if (strcmp(table->mods[i].name, name) == 0)
			return &table->mods[i];
	return NULL;
}

/**
 * bootmod_roottask() - the module flagged as the root task (the first one if several).
 */
const struct bootmod *bootmod_roottask(const struct bootmod_table *table)
{
	for (unsigned i = 0; i < table->count; i++)
		if (table->mods[i].flags & BOOTMOD_FLAG_ROOTTASK)
			return &table->mods[i];
	return NULL;
}
