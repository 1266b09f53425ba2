/* fuzz_cpio.c - libFuzzer: the Linux server's cpio unpacker on any bytes (its root file system is a
 * boot module). */
#include "cpio.h"
#include "fs.h"
#include <stdlib.h>
#include <string.h>

void *fs_zalloc(size_t n)
{
	return calloc(1, n);
}

void fs_free(void *p, size_t n)
{
	(void)n;
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	/* A copy of exactly @size bytes: reading past it is caught. */
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	if (fs_init(1) == 0) {
		lx_cpio_unpack(copy, size, 2, &why);
		fs_reset();
	}
	free(copy);
	return 0;
}
