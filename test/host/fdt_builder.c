/* fdt_builder.c - a tiny flattened-device-tree builder for the host tests. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fdt_builder.h"

void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void fb_bytes(struct fb *b, const void *data, uint32_t len)
{
	assert_true(b->st_len + len + 4 <= sizeof(b->st));
	memcpy(b->st + b->st_len, data, len);
	b->st_len += len;
	while (b->st_len & 3)
		b->st[b->st_len++] = 0;
}

void fb_u32(struct fb *b, uint32_t v)
{
	uint8_t raw[4];
	put_be32(raw, v);
	fb_bytes(b, raw, 4);
}

uint32_t fb_string(struct fb *b, const char *name)
{
	for (uint32_t off = 0; off < b->str_len; off += (uint32_t)strlen(b->str + off) + 1)
		if (strcmp(b->str + off, name) == 0)
			return off;
	uint32_t off = b->str_len;
	size_t len = strlen(name) + 1;
	assert_true(off + len <= sizeof(b->str));
	memcpy(b->str + off, name, len);
	b->str_len += (uint32_t)len;
	return off;
}

int fb_begin(struct fb *b, const char *name)
{
	int node = (int)b->st_len;
	fb_u32(b, FDT_BEGIN_NODE);
	fb_bytes(b, name, (uint32_t)strlen(name) + 1);
	return node;
}

void fb_end(struct fb *b)
{
	fb_u32(b, FDT_END_NODE);
}

void fb_nop(struct fb *b)
{
	fb_u32(b, FDT_NOP);
}

void fb_prop(struct fb *b, const char *name, const void *value, uint32_t len)
{
	fb_u32(b, FDT_PROP);
	fb_u32(b, len);
	fb_u32(b, fb_string(b, name));
	if (len)
		fb_bytes(b, value, len);
}

void fb_prop_cells(struct fb *b, const char *name, const uint32_t *cells, uint32_t n)
{
	uint8_t raw[64];
	assert_true(n * 4 <= sizeof(raw));
	for (uint32_t i = 0; i < n; i++)
		put_be32(raw + 4 * i, cells[i]);
	fb_prop(b, name, raw, 4 * n);
}

void fb_prop_u32(struct fb *b, const char *name, uint32_t v)
{
	fb_prop_cells(b, name, &v, 1);
}

void fb_prop_str(struct fb *b, const char *name, const char *s)
{
	fb_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

/* Lay the blob out in a heap buffer of exactly its size, so ASan sees any over-read. */
uint8_t *fb_finish(struct fb *b, size_t *size)
{
	fb_u32(b, FDT_END);
	uint32_t strings = STRUCT_START + b->st_len;
	uint32_t total = strings + b->str_len;
	uint8_t *blob = calloc(1, total);
	assert_non_null(blob);
	put_be32(blob + H_MAGIC, 0xd00dfeedu);
	put_be32(blob + H_TOTALSIZE, total);
	put_be32(blob + H_OFF_STRUCT, STRUCT_START);
	put_be32(blob + H_OFF_STRINGS, strings);
	put_be32(blob + H_OFF_RSVMAP, HDR_SIZE);
	put_be32(blob + H_VERSION, 17);
	put_be32(blob + H_LAST_COMP, 16);
	put_be32(blob + H_BOOT_CPUID, 0);
	put_be32(blob + H_SIZE_STRINGS, b->str_len);
	put_be32(blob + H_SIZE_STRUCT, b->st_len);
	memcpy(blob + STRUCT_START, b->st, b->st_len);
	memcpy(blob + strings, b->str, b->str_len);
	*size = total;
	return blob;
}
