/* dt.h - a read-only, bounds-checked reader for flattened device trees (DTB). */
#ifndef KEEL_DT_H
#define KEEL_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dt {
	const uint8_t *blob;
	uint32_t size;
	uint32_t struct_off;
	uint32_t struct_size;
	uint32_t strings_off;
	uint32_t strings_size;
};

struct dt_range {
	uint64_t base;
	uint64_t size;
};

uint32_t dt_be32(const void *p);
int dt_open(struct dt *dt, const void *blob, size_t max_size);
int dt_total_size(const void *blob);
int dt_next_node(const struct dt *dt, int node, int *depth);
const char *dt_node_name(const struct dt *dt, int node);
const void *dt_prop(const struct dt *dt, int node, const char *name, uint32_t *len);
bool dt_prop_u32(const struct dt *dt, int node, const char *name, uint32_t *value);
int dt_find_path(const struct dt *dt, const char *path);
bool dt_is_compatible(const struct dt *dt, int node, const char *compat);
int dt_find_compatible(const struct dt *dt, int after, const char *compat);
int dt_parent(const struct dt *dt, int node);
int dt_reg(const struct dt *dt, int node, unsigned index, struct dt_range *out);
int dt_memory(const struct dt *dt, struct dt_range *out, int max);
int dt_stdout_node(const struct dt *dt);
int dt_memreserve(const struct dt *dt, unsigned index, struct dt_range *out);
int dt_reserved_memory(const struct dt *dt, struct dt_range *out, int max);
bool dt_prop_cells(const struct dt *dt, int node, const char *name, uint64_t *value);

#endif
