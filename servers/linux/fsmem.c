/* fsmem.c - memory of the Linux server's tasks: power-of-two blocks from one arena of their own. */
#include "fs.h"
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <string.h>

/*
 * The file system takes its memory from a dataspace of its own rather than from the C
 * heap: file data is bounded (FS_DATA_MAX) and so is this arena, so that a program
 * filling /tmp gets ENOSPC and cannot starve the server. Blocks are powers of two from
 * 16 bytes to 64 KiB; a freed block goes on its size's free list and is used again for
 * that size only (the file system's sizes are few: inodes, entries, pages).
 */

#define MIN_SHIFT 4
#define MAX_SHIFT 16

static uint8_t *arena;
static size_t arena_used, arena_size, arena_want;
static void *free_list[MAX_SHIFT + 1];

static int arena_init(void)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	void *at = NULL;
	if (!arena_want || l4re_ma_alloc(arena_want, ds, 0) < 0 ||
	    l4re_rm_attach(&at, arena_want, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 12) < 0)
		return -1;
	arena = at;
	arena_size = arena_want;
	return 0;
}

void fs_mem_init(size_t bytes)
{
	arena_want = bytes;
}

static unsigned shift_of(size_t n)
{
	unsigned s = MIN_SHIFT;
	while (((size_t)1 << s) < n)
		s++;
	return s;
}

void *fs_zalloc(size_t n)
{
	unsigned s = shift_of(n);
	void *p;
	if (s > MAX_SHIFT || (!arena && arena_init() != 0))
		return NULL;
	size_t size = (size_t)1 << s;
	if (free_list[s]) {
		p = free_list[s];
		free_list[s] = *(void **)p;
	} else {
		/* aligned to its size (up to a page), so pages are pages */
		size_t align = size < FS_PAGE ? size : FS_PAGE;
		size_t at = (arena_used + align - 1) & ~(align - 1);
		if (at > arena_size || size > arena_size - at)
			return NULL;
		p = arena + at;
		arena_used = at + size;
	}
	memset(p, 0, size);
	return p;
}

void fs_free(void *p, size_t n)
{
	unsigned s = shift_of(n);
	*(void **)p = free_list[s];
	free_list[s] = p;
}
