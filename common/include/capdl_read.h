/* capdl_read.h - a validating reader of the compiled capDL spec (capdl_format.h). */
#ifndef KEEL_CAPDL_READ_H
#define KEEL_CAPDL_READ_H

#include <stddef.h>
#include <stdint.h>

#include "capdl_format.h"

/* The arrays of a compiled spec, inside the caller's buffer, once checked. */
struct capdl_view {
	const struct capdl_header *h;
	const struct capdl_object *objects;
	const struct capdl_component *components;
	const struct capdl_cap *caps;
	const uint32_t *partitions;
	const char *strings;
	uint32_t strings_size;
};

/**
 * capdl_view_open() - check a compiled spec completely and point @v into it.
 * @data: the file's bytes, 4-byte aligned; @size: how many there are (at least the
 * header's size).
 * @why: on failure, a static string naming what is wrong.
 *
 * After success every offset, index, string and enum in the file may be used as is:
 * strings are NUL-terminated inside the table, indexes inside their arrays, the caps
 * of component i are caps[cap_first .. cap_first + cap_count) and come after those of
 * component i - 1, factories' parents and COMPONENT_* targets come earlier.
 * Uses no allocation and no libc beyond <string.h>.
 *
 * Return: 0, or -1 with *@why set.
 */
int capdl_view_open(struct capdl_view *v, const void *data, size_t size, const char **why);

/* The string at @off of the table, or NULL for CAPDL_NONE (or, unchecked, out of range). */
const char *capdl_view_string(const struct capdl_view *v, uint32_t off);

/* Argument @i (< c->arg_count) of component @c; NULL if there is no such argument. */
const char *capdl_view_arg(const struct capdl_view *v, const struct capdl_component *c, unsigned i);

#endif
