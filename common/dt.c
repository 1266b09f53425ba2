/* dt.c - flattened device tree reader; every offset is checked against the blob. */
#include "dt.h"
#include <string.h>

/* Device tree strings and properties are padded to 4 bytes. */
static uint32_t dt_align4(uint32_t v)
{
	return (v + 3) & ~3u;
}

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9
#define FDT_MAX_DEPTH  32

uint32_t dt_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/**
 * dt_total_size() - the size a DTB header claims, or -1 if it is not a DTB.
 */
int dt_total_size(const void *blob)
{
	if (!blob || dt_be32(blob) != FDT_MAGIC)
		return -1;
	uint32_t size = dt_be32((const uint8_t *)blob + 4);
	return size > 0x7fffffffu ? -1 : (int)size;
}

/**
 * dt_open() - validate a DTB header and remember where its blocks are.
 * @max_size: how many bytes at @blob may be read at most.
 * Return: 0, or -1 for anything malformed.
 */
int dt_open(struct dt *dt, const void *blob, size_t max_size)
{
	const uint8_t *b = blob;
	if (!blob || max_size < 40 || dt_be32(b) != FDT_MAGIC)
		return -1;
	uint32_t total = dt_be32(b + 4);
	uint32_t version = dt_be32(b + 20);
	uint32_t last_comp = dt_be32(b + 24);
	if (total > max_size || total < 40 || version < 16 || last_comp > 17)
		return -1;
	dt->blob = b;
	dt->size = total;
	dt->struct_off = dt_be32(b + 8);
	dt->strings_off = dt_be32(b + 12);
	dt->strings_size = dt_be32(b + 32);
	dt->struct_size = dt_be32(b + 36);
	if (dt->struct_off > total || dt->struct_size > total - dt->struct_off ||
	    dt->strings_off > total || dt->strings_size > total - dt->strings_off ||
	    (dt->struct_off & 3) || (dt->struct_size & 3))
		return -1;
	return 0;
}

static bool in_struct(const struct dt *dt, uint32_t off, uint32_t len)
{
	return off <= dt->struct_size && len <= dt->struct_size - off;
}

/* Length of a NUL-terminated string at off in the structure block, or -1. */
static int struct_strlen(const struct dt *dt, uint32_t off)
{
	const uint8_t *s = dt->blob + dt->struct_off;
	for (uint32_t i = off; i < dt->struct_size; i++)
		if (s[i] == 0)
			return (int)(i - off);
	return -1;
}

/*
 * Read the token at off; store its tag and the offset of the next token.
 * Return: 0, or -1 if the token runs past the structure block.
 */
static int next_token(const struct dt *dt, uint32_t off, uint32_t *tag, uint32_t *next)
{
	const uint8_t *s = dt->blob + dt->struct_off;
	if (!in_struct(dt, off, 4))
		return -1;
	*tag = dt_be32(s + off);
	off += 4;
	switch (*tag) {
	case FDT_BEGIN_NODE: {
		int len = struct_strlen(dt, off);
		if (len < 0)
			return -1;
		off += (uint32_t)dt_align4((uint32_t)len + 1);
		break;
	}
	case FDT_PROP: {
		if (!in_struct(dt, off, 8))
			return -1;
		uint32_t len = dt_be32(s + off);
		if (len > dt->struct_size)
			return -1;
		off += 8;
		if (!in_struct(dt, off, len))
			return -1;
		off += (uint32_t)dt_align4(len);
		break;
	}
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return -1;
	}
	if (off > dt->struct_size)
		return -1;
	*next = off;
	return 0;
}

/**
 * dt_next_node() - the node after @node in document order.
 * @node: a node offset, or -1 to start at the root.
 * @depth: updated with the depth change (root = 0); may be NULL.
 * Return: the next node's offset, or -1 at the end or on malformed input.
 */
int dt_next_node(const struct dt *dt, int node, int *depth)
{
	uint32_t off = 0, tag, next;
	int d = depth ? *depth : 0;
	if (node >= 0) {
		off = (uint32_t)node;
		if (next_token(dt, off, &tag, &next) || tag != FDT_BEGIN_NODE)
			return -1;
		off = next;
		d++;
	}
	for (int guard = 0; guard < 1000000; guard++) {
		if (next_token(dt, off, &tag, &next))
			return -1;
		if (tag == FDT_BEGIN_NODE) {
			if (node < 0)
				d = 0;
			if (depth)
				*depth = d;
			return (int)off;
		}
		if (tag == FDT_END_NODE)
			d--;
		if (tag == FDT_END)
			return -1;
		off = next;
	}
	return -1;
}

const char *dt_node_name(const struct dt *dt, int node)
{
	if (node < 0 || !in_struct(dt, (uint32_t)node, 4) ||
	    struct_strlen(dt, (uint32_t)node + 4) < 0)
		return NULL;
	return (const char *)dt->blob + dt->struct_off + node + 4;
}

static const char *string_at(const struct dt *dt, uint32_t off)
{
	const char *s = (const char *)dt->blob + dt->strings_off;
	for (uint32_t i = off; i < dt->strings_size; i++)
		if (s[i] == 0)
			return s + off;
	return NULL;
}

/**
 * dt_prop() - find a property of a node.
 * Return: pointer to its value (big-endian) and its length in *len, or NULL.
 */
const void *dt_prop(const struct dt *dt, int node, const char *name, uint32_t *len)
{
	uint32_t tag, off;
	if (node < 0 || next_token(dt, (uint32_t)node, &tag, &off) || tag != FDT_BEGIN_NODE)
		return NULL;
	const uint8_t *s = dt->blob + dt->struct_off;
	for (;;) {
		uint32_t next;
		if (next_token(dt, off, &tag, &next))
			return NULL;
		if (tag == FDT_PROP) {
			uint32_t plen = dt_be32(s + off + 4);
			const char *pname = string_at(dt, dt_be32(s + off + 8));
			if (pname && strcmp(pname, name) == 0) {
				if (len)
					*len = plen;
				return s + off + 12;
			}
		} else if (tag != FDT_NOP) {
			return NULL; /* properties come before subnodes */
		}
		off = next;
	}
}

bool dt_prop_u32(const struct dt *dt, int node, const char *name, uint32_t *value)
{
	uint32_t len;
	const void *p = dt_prop(dt, node, name, &len);
	if (!p || len != 4)
		return false;
	*value = dt_be32(p);
	return true;
}

/* Does a node name ("uart@9000000") match a path component ("uart@9000000" or "uart")? */
static bool name_matches(const char *name, const char *comp, size_t comp_len)
{
	if (strncmp(name, comp, comp_len) != 0)
		return false;
	return name[comp_len] == 0 ||
	       (name[comp_len] == '@' && memchr(comp, '@', comp_len) == NULL);
}

/**
 * dt_find_path() - look up a node by absolute path, e.g. "/chosen".
 * Return: its offset or -1.
 */
int dt_find_path(const struct dt *dt, const char *path)
{
	int depth = 0;
	int node = dt_next_node(dt, -1, &depth);
	if (node < 0 || path[0] != '/')
		return -1;
	const char *p = path + 1;
	int want = 1;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int found = -1;
		for (;;) {
			node = dt_next_node(dt, node, &depth);
			if (node < 0 || depth < want)
				return -1;
			if (depth == want && name_matches(dt_node_name(dt, node), p, len)) {
				found = node;
				break;
			}
		}
		node = found;
		want++;
		p += len;
		if (*p == '/')
			p++;
	}
	return node;
}

/**
 * dt_is_compatible() - does the node's "compatible" list contain @compat?
 */
bool dt_is_compatible(const struct dt *dt, int node, const char *compat)
{
	uint32_t len;
	const char *list = dt_prop(dt, node, "compatible", &len);
	if (!list)
		return false;
	size_t clen = strlen(compat);
	for (uint32_t i = 0; i < len;) {
		const char *end = memchr(list + i, 0, len - i);
		if (!end)
			return false;
		size_t l = (size_t)(end - (list + i));
		if (l == clen && memcmp(list + i, compat, clen) == 0)
			return true;
		i += (uint32_t)l + 1;
	}
	return false;
}

/**
 * dt_find_compatible() - the first node after @after (-1: from the start) that is
 * compatible with @compat; -1 if none.
 */
int dt_find_compatible(const struct dt *dt, int after, const char *compat)
{
	int depth = 0;
	int node = after < 0 ? dt_next_node(dt, -1, &depth) : dt_next_node(dt, after, &depth);
	for (; node >= 0; node = dt_next_node(dt, node, &depth))
		if (dt_is_compatible(dt, node, compat))
			return node;
	return -1;
}

/**
 * dt_parent() - the parent of a node (by a walk from the root); -1 for the root.
 */
int dt_parent(const struct dt *dt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth = 0;
	for (int n = dt_next_node(dt, -1, &depth); n >= 0; n = dt_next_node(dt, n, &depth)) {
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			return -1;
		stack[depth] = n;
		if (n == node)
			return depth > 0 ? stack[depth - 1] : -1;
	}
	return -1;
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < cells; i++)
		v = v << 32 | dt_be32(p + 4 * i);
	return v;
}

/**
 * dt_reg() - entry @index of a node's "reg", sized by its parent's cell counts.
 * Return: 0, or -1 if there is no such entry.
 */
int dt_reg(const struct dt *dt, int node, unsigned index, struct dt_range *out)
{
	int parent = dt_parent(dt, node);
	uint32_t ac = 2, sc = 1, len;
	if (parent >= 0) {
		dt_prop_u32(dt, parent, "#address-cells", &ac);
		dt_prop_u32(dt, parent, "#size-cells", &sc);
	}
	if (ac < 1 || ac > 2 || sc > 2)
		return -1;
	const uint8_t *reg = dt_prop(dt, node, "reg", &len);
	uint32_t entry = 4 * (ac + sc);
	if (!reg || index >= len / entry)
		return -1;
	out->base = read_cells(reg + index * entry, ac);
	out->size = read_cells(reg + index * entry + 4 * ac, sc);
	return 0;
}

/**
 * dt_memory() - the RAM banks: every "reg" entry of nodes with device_type "memory".
 * Return: how many were stored in @out (at most @max).
 */
int dt_memory(const struct dt *dt, struct dt_range *out, int max)
{
	int count = 0, depth = 0;
	for (int n = dt_next_node(dt, -1, &depth); n >= 0; n = dt_next_node(dt, n, &depth)) {
		uint32_t len;
		const char *type = dt_prop(dt, n, "device_type", &len);
		if (!type || len != 7 || memcmp(type, "memory", 7) != 0)
			continue;
		for (unsigned i = 0; count < max && dt_reg(dt, n, i, &out[count]) == 0; i++)
			if (out[count].size != 0)
				count++;
	}
	return count;
}

/**
 * dt_stdout_node() - the node /chosen's "stdout-path" names (options after ':' ignored).
 */
int dt_stdout_node(const struct dt *dt)
{
	uint32_t len;
	int chosen = dt_find_path(dt, "/chosen");
	const char *path = dt_prop(dt, chosen, "stdout-path", &len);
	if (!path || len == 0 || len > 128 || path[len - 1] != 0)
		return -1;
	char buf[128];
	size_t n = 0;
	while (path[n] && path[n] != ':')
		n++;
	memcpy(buf, path, n);
	buf[n] = 0;
	return dt_find_path(dt, buf);
}

/**
 * dt_memreserve() - entry @index of the header's memory reservation block (the
 * "/memreserve/" ranges a boot loader or the tree's author set aside).
 * Return: 0, or -1 past the last entry or if the block lies outside the blob.
 */
int dt_memreserve(const struct dt *dt, unsigned index, struct dt_range *out)
{
	uint32_t off = dt_be32(dt->blob + 16);
	if (off > dt->size || (off & 7) || index >= (dt->size - off) / 16)
		return -1;
	const uint8_t *e = dt->blob + off + 16 * (size_t)index;
	out->base = read_cells(e, 2);
	out->size = read_cells(e + 8, 2);
	return out->base == 0 && out->size == 0 ? -1 : 0;
}

/**
 * dt_reserved_memory() - the ranges the tree's /reserved-memory children name in
 * their "reg" (firmware, shared buffers: memory no one else may use); children with
 * only a "size" are for a driver to place and are not reported.
 * Return: how many were stored in @out (at most @max).
 */
int dt_reserved_memory(const struct dt *dt, struct dt_range *out, int max)
{
	int parent = dt_find_path(dt, "/reserved-memory"), count = 0, depth = 0;
	if (parent < 0)
		return 0;
	for (int n = dt_next_node(dt, parent, &depth); n >= 0 && depth > 0;
	     n = dt_next_node(dt, n, &depth)) {
		if (depth != 1)
			continue;
		for (unsigned i = 0; count < max && dt_reg(dt, n, i, &out[count]) == 0; i++)
			if (out[count].size != 0)
				count++;
	}
	return count;
}

/**
 * dt_prop_cells() - a property of one or two 32-bit cells (such as /chosen's
 * "linux,initrd-start", which U-Boot writes with the root's #address-cells).
 * Return: true with *value set; false if it is missing or of another length.
 */
bool dt_prop_cells(const struct dt *dt, int node, const char *name, uint64_t *value)
{
	uint32_t len;
	const uint8_t *p = dt_prop(dt, node, name, &len);
	if (!p || (len != 4 && len != 8))
		return false;
	*value = read_cells(p, len / 4);
	return true;
}
