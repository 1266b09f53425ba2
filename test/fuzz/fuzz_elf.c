/* fuzz_elf.c - libFuzzer harness: common/elf.c, the ELF checker the kernel and the loader trust. */
#include "elf.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Where the kernel loads the root task and the root task loads programs (docs/abi.md). */
static const uintptr_t bounds[][2] = {
    {0x1000, 0xbfe00000},  /* the root task: below its boot-info page */
    {0x10000, 0xbfe00000}, /* a program: above 64 KiB, below its environment page */
    {0x8000, 0x9000},	   /* a tight window */
};

#define PAGE 4096u

/* What elf_check() promises about an image it accepted (elf.h). */
static void check_image(const uint8_t *data, size_t size, uintptr_t lo, uintptr_t hi,
			const struct elf_image *img)
{
	assert(img->count >= 1 && img->count <= ELF_MAX_SEGMENTS);
	int entry_ok = 0;
	for (unsigned i = 0; i < img->count; i++) {
		const struct elf_segment *s = &img->segs[i];
		assert(s->memsz > 0 && s->filesz <= s->memsz);
		assert(s->offset <= size && s->filesz <= size - s->offset);
		assert(s->vaddr >= lo && s->vaddr < hi && s->memsz <= hi - s->vaddr);
		assert((s->rights & ~7u) == 0);
		for (unsigned j = 0; j < i; j++) {
			const struct elf_segment *t = &img->segs[j];
			uintptr_t a0 = s->vaddr & ~(uintptr_t)(PAGE - 1);
			uintptr_t a1 = (s->vaddr + s->memsz + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
			uintptr_t b0 = t->vaddr & ~(uintptr_t)(PAGE - 1);
			uintptr_t b1 = (t->vaddr + t->memsz + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
			assert(!(a0 < b1 && b0 < a1));
		}
		if ((s->rights & 1) && (img->entry & ~1u) >= s->vaddr &&
		    (img->entry & ~1u) - s->vaddr < s->memsz)
			entry_ok = 1;
		/* Read the segment's file data as a loader copies it (ASan checks the range). */
		volatile uint8_t sum = 0;
		for (size_t k = 0; k < s->filesz; k += 97)
			sum = (uint8_t)(sum + data[s->offset + k]);
		if (s->filesz)
			sum = (uint8_t)(sum + data[s->offset + s->filesz - 1]);
		(void)sum;
	}
	assert(entry_ok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: a read past the end is an ASan error, not the fuzzer's slack. */
	uint8_t *file = malloc(size ? size : 1);
	if (!file)
		return 0;
	memcpy(file, data, size);
	for (unsigned b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++) {
		struct elf_image img;
		const char *why = NULL;
		memset(&img, 0xa5, sizeof(img));
		if (elf_check(file, size, bounds[b][0], bounds[b][1], &img, &why) == 0)
			check_image(file, size, bounds[b][0], bounds[b][1], &img);
		else
			assert(why != NULL && why[0] != 0);
	}
	free(file);
	return 0;
}
