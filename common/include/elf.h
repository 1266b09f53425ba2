/* elf.h - checking ELF32 ARM executables before loading one (kernel: the root task; root task:
 * programs). */
#ifndef KEEL_ELF_H
#define KEEL_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16

struct elf_segment {
	uintptr_t vaddr;
	size_t memsz;
	size_t filesz;
	size_t offset;
	unsigned rights; /* L4 memory rights: X 1, W 2, R 4 */
};

struct elf_image {
	uintptr_t entry;
	unsigned count;
	struct elf_segment segs[ELF_MAX_SEGMENTS];
};

/*
 * Checks: ELF32, little endian, ARM, executable, program headers inside the file,
 * every loadable segment inside the file and inside [user_lo, user_hi), no
 * overlapping segments, entry inside an executable segment.
 */
int elf_check(const void *file, size_t size, uintptr_t user_lo, uintptr_t user_hi,
	      struct elf_image *out, const char **why);

#endif
