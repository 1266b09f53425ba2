/* elf.c - validate an ELF32 ARM executable and list its loadable segments. */
#include "elf.h"
#include <string.h>

#define ELF_PAGE_SIZE 4096u /* segments are mapped in 4 KiB pages */

static uintptr_t elf_align_down(uintptr_t v, uintptr_t align)
{
	return v & ~(align - 1);
}

static uintptr_t elf_align_up(uintptr_t v, uintptr_t align)
{
	return elf_align_down(v + align - 1, align);
}

struct elf32_ehdr {
	uint8_t ident[16];
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint32_t entry;
	uint32_t phoff;
	uint32_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

struct elf32_phdr {
	uint32_t type;
	uint32_t offset;
	uint32_t vaddr;
	uint32_t paddr;
	uint32_t filesz;
	uint32_t memsz;
	uint32_t flags;
	uint32_t align;
};

#define ET_EXEC 2
#define EM_ARM	40
#define PT_LOAD 1
#define PF_X	1
#define PF_W	2
#define PF_R	4

static int reject(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

static bool overlaps(const struct elf_segment *a, const struct elf_segment *b)
{
	uintptr_t a0 = elf_align_down(a->vaddr, ELF_PAGE_SIZE),
		  a1 = elf_align_up(a->vaddr + a->memsz, ELF_PAGE_SIZE);
	uintptr_t b0 = elf_align_down(b->vaddr, ELF_PAGE_SIZE),
		  b1 = elf_align_up(b->vaddr + b->memsz, ELF_PAGE_SIZE);
	return a0 < b1 && b0 < a1;
}

/**
 * elf_check() - see elf.h. On failure *why names the first problem found.
 * Return: 0 or -1.
 */
int elf_check(const void *file, size_t size, uintptr_t user_lo, uintptr_t user_hi,
	      struct elf_image *out, const char **why)
{
	struct elf32_ehdr eh;
	if (!file || size < sizeof(eh))
		return reject(why, "file too small for an ELF header");
	memcpy(&eh, file, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4) != 0)
		return reject(why, "no ELF magic");
	if (eh.ident[4] != 1 || eh.ident[5] != 1)
		return reject(why, "not ELF32 little endian");
	if (eh.type != ET_EXEC || eh.machine != EM_ARM)
		return reject(why, "not an ARM executable");
	if (eh.phentsize != sizeof(struct elf32_phdr) || eh.phnum == 0)
		return reject(why, "bad program header size or count");
	if (eh.phoff > size || (size_t)eh.phnum * sizeof(struct elf32_phdr) > size - eh.phoff)
		return reject(why, "program headers outside the file");
	out->count = 0;
	out->entry = eh.entry;
	bool entry_ok = false;
	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf32_phdr ph;
		memcpy(&ph, (const uint8_t *)file + eh.phoff + i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		if (out->count == ELF_MAX_SEGMENTS)
			return reject(why, "too many loadable segments");
		if (ph.filesz > ph.memsz)
			return reject(why, "segment file size exceeds memory size");
		if (ph.offset > size || ph.filesz > size - ph.offset)
			return reject(why, "segment data outside the file");
		if (ph.vaddr < user_lo || ph.vaddr >= user_hi || ph.memsz > user_hi - ph.vaddr)
			return reject(why, "segment outside user space");
		if ((ph.vaddr & (ELF_PAGE_SIZE - 1)) != (ph.offset & (ELF_PAGE_SIZE - 1)) &&
		    ph.filesz)
			return reject(why,
				      "segment offset and address disagree modulo the page size");
		struct elf_segment *s = &out->segs[out->count];
		s->vaddr = ph.vaddr;
		s->memsz = ph.memsz;
		s->filesz = ph.filesz;
		s->offset = ph.offset;
		s->rights = (ph.flags & PF_X ? 1u : 0) | (ph.flags & PF_W ? 2u : 0) |
			    (ph.flags & PF_R ? 4u : 0);
		for (unsigned j = 0; j < out->count; j++)
			if (overlaps(s, &out->segs[j]))
				return reject(why, "segments overlap");
		if ((s->rights & 1) && (eh.entry & ~1u) >= s->vaddr &&
		    (eh.entry & ~1u) < s->vaddr + s->memsz)
			entry_ok = true;
		out->count++;
	}
	if (out->count == 0)
		return reject(why, "no loadable segment");
	if (!entry_ok)
		return reject(why, "entry point not in an executable segment");
	return 0;
}
