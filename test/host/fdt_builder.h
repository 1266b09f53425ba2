/* fdt_builder.h - a tiny flattened-device-tree builder for the host tests (test_dt, test_devices).
 */
#ifndef TEST_HOST_FDT_BUILDER_H
#define TEST_HOST_FDT_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9

#define HDR_SIZE     40
#define RSVMAP_SIZE  16
#define STRUCT_START (HDR_SIZE + RSVMAP_SIZE)

/* Header field offsets. */
#define H_MAGIC	       0
#define H_TOTALSIZE    4
#define H_OFF_STRUCT   8
#define H_OFF_STRINGS  12
#define H_OFF_RSVMAP   16
#define H_VERSION      20
#define H_LAST_COMP    24
#define H_BOOT_CPUID   28
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT  36

/*
 * The structure and strings blocks are collected separately; fb_finish() lays out the
 * header, an empty reservation map, the structure and the strings.
 */
struct fb {
	uint8_t st[4096];
	uint32_t st_len;
	char str[1024];
	uint32_t str_len;
};

void put_be32(uint8_t *p, uint32_t v);
void fb_bytes(struct fb *b, const void *data, uint32_t len);
void fb_u32(struct fb *b, uint32_t v);
/* Start a node; return its offset in the structure block (what the dt_* API uses). */
int fb_begin(struct fb *b, const char *name);
void fb_end(struct fb *b);
void fb_nop(struct fb *b);
void fb_prop(struct fb *b, const char *name, const void *value, uint32_t len);
void fb_prop_cells(struct fb *b, const char *name, const uint32_t *cells, uint32_t n);
void fb_prop_u32(struct fb *b, const char *name, uint32_t v);
void fb_prop_str(struct fb *b, const char *name, const char *s);
/* The blob in a heap buffer of exactly its size (so ASan sees any over-read); free it. */
uint8_t *fb_finish(struct fb *b, size_t *size);

#define FB_CELLS(b, name, ...)                                                                     \
	fb_prop_cells(b, name, (const uint32_t[]){__VA_ARGS__},                                    \
		      (uint32_t)(sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t)))

#endif
