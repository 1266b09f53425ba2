/* test_elf.c - host tests of the ELF32 ARM executable checker (kernel/elf.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <elf.h>

#include "elf.h"
#include "types.h"

/* The user range the tests check against (the kernel uses 0x1000-0xbff00000). */
#define USER_LO 0x00008000u
#define USER_HI 0x80000000u

#define FILE_SIZE 0x3000u

/* An ELF file under construction: a header, program headers at 52, then data. */
struct elf {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[24];
	size_t size;
};

static Elf32_Phdr load(uint32_t offset, uint32_t vaddr, uint32_t filesz, uint32_t memsz,
		       uint32_t flags)
{
	Elf32_Phdr p = {PT_LOAD, offset, vaddr, vaddr, filesz, memsz, flags, PAGE_SIZE};
	return p;
}

/* A typical executable: text (R X) at 0x10000, data + bss (R W) at 0x12000. */
static void good(struct elf *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
	e->eh.e_ident[EI_CLASS] = ELFCLASS32;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_ident[EI_VERSION] = EV_CURRENT;
	e->eh.e_type = ET_EXEC;
	e->eh.e_machine = EM_ARM;
	e->eh.e_version = EV_CURRENT;
	e->eh.e_entry = 0x10100;
	e->eh.e_phoff = sizeof(Elf32_Ehdr);
	e->eh.e_ehsize = sizeof(Elf32_Ehdr);
	e->eh.e_phentsize = sizeof(Elf32_Phdr);
	e->eh.e_phnum = 4;
	e->ph[0] = (Elf32_Phdr){PT_ARM_EXIDX, 0x1000, 0x11000, 0x11000, 8, 8, PF_R, 4};
	e->ph[1] = load(0, 0x10000, 0x1800, 0x1800, PF_R | PF_X);
	e->ph[2] = load(0x2000, 0x12000, 0x100, 0x2000, PF_R | PF_W);
	e->ph[3] = (Elf32_Phdr){PT_GNU_STACK, 0, 0, 0, 0, 0, PF_R | PF_W, 16};
	e->size = FILE_SIZE;
}

/* The file bytes in a buffer of exactly e->size bytes (so ASan sees any over-read). */
static uint8_t *image(const struct elf *e)
{
	uint8_t *f = calloc(1, e->size ? e->size : 1);
	assert_non_null(f);
	uint8_t tmp[sizeof(e->eh) + sizeof(e->ph)];
	memcpy(tmp, &e->eh, sizeof(e->eh));
	memcpy(tmp + sizeof(e->eh), e->ph, sizeof(e->ph));
	memcpy(f, tmp, e->size < sizeof(tmp) ? e->size : sizeof(tmp));
	return f;
}

static int check(const struct elf *e, struct elf_image *img, const char **why)
{
	uint8_t *f = image(e);
	*why = NULL;
	int r = elf_check(f, e->size, USER_LO, USER_HI, img, why);
	free(f);
	return r;
}

/* Expect rejection for the given reason. */
static void rejected(const struct elf *e, const char *reason)
{
	struct elf_image img;
	const char *why;
	assert_int_equal(check(e, &img, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, reason);
}

static void accepted(const struct elf *e, struct elf_image *img)
{
	const char *why;
	int r = check(e, img, &why);
	if (r != 0)
		fail_msg("rejected: %s", why);
	assert_null(why);
}

static void test_valid(void **state)
{
	(void)state;
	struct elf e;
	struct elf_image img;
	good(&e);
	accepted(&e, &img);
	assert_int_equal(img.entry, 0x10100);
	assert_int_equal(img.count, 2);
	assert_int_equal(img.segs[0].vaddr, 0x10000);
	assert_int_equal(img.segs[0].memsz, 0x1800);
	assert_int_equal(img.segs[0].filesz, 0x1800);
	assert_int_equal(img.segs[0].offset, 0);
	assert_int_equal(img.segs[0].rights, 4 | 1);
	assert_int_equal(img.segs[1].vaddr, 0x12000);
	assert_int_equal(img.segs[1].memsz, 0x2000);
	assert_int_equal(img.segs[1].filesz, 0x100);
	assert_int_equal(img.segs[1].offset, 0x2000);
	assert_int_equal(img.segs[1].rights, 4 | 2);

	/* why may be NULL. */
	uint8_t *f = image(&e);
	assert_int_equal(elf_check(f, e.size, USER_LO, USER_HI, &img, NULL), 0);
	f[0] = 0;
	assert_int_equal(elf_check(f, e.size, USER_LO, USER_HI, &img, NULL), -1);
	free(f);
}

static void test_rights_and_entry(void **state)
{
	(void)state;
	struct elf e;
	struct elf_image img;
	/* A Thumb entry point (bit 0 set). */
	good(&e);
	e.eh.e_entry = 0x10101;
	accepted(&e, &img);
	assert_int_equal(img.entry, 0x10101);
	/* First and last byte of the executable segment. */
	e.eh.e_entry = 0x10000;
	accepted(&e, &img);
	e.eh.e_entry = 0x117ff;
	accepted(&e, &img);
	/* Flags map to L4 rights X 1, W 2, R 4; a segment with no rights is kept. */
	good(&e);
	e.ph[1].p_flags = PF_X;
	e.ph[2].p_flags = 0;
	accepted(&e, &img);
	assert_int_equal(img.segs[0].rights, 1);
	assert_int_equal(img.segs[1].rights, 0);
	e.ph[1].p_flags = PF_R | PF_W | PF_X | 0x0ff00000; /* OS-specific bits are ignored */
	accepted(&e, &img);
	assert_int_equal(img.segs[0].rights, 7);
}

static void test_entry_rejected(void **state)
{
	(void)state;
	struct elf e;
	static const char reason[] = "entry point not in an executable segment";
	good(&e);
	e.eh.e_entry = 0x10000 + 0x1800; /* one past the end of text */
	rejected(&e, reason);
	e.eh.e_entry = 0x0fffe;
	rejected(&e, reason);
	e.eh.e_entry = 0x12000; /* in the data segment */
	rejected(&e, reason);
	e.ph[0].p_vaddr = 0x20000; /* in an executable segment that is not loaded */
	e.ph[0].p_flags = PF_R | PF_X;
	e.eh.e_entry = 0x20004;
	rejected(&e, reason);
	e.eh.e_entry = 0;
	rejected(&e, reason);
	e.eh.e_entry = 0xffffffffu;
	rejected(&e, reason);
	good(&e);
	e.ph[1].p_flags = PF_R; /* nothing executable at all */
	rejected(&e, reason);
}

static void test_truncated(void **state)
{
	(void)state;
	struct elf e;
	struct elf_image img;
	const char *why;
	good(&e);
	/* The data segment's file bytes end at 0x2100; the file may end anywhere after. */
	for (size_t len = 0; len <= FILE_SIZE; len++) {
		e.size = len;
		int r = check(&e, &img, &why);
		if (len >= 0x2100) {
			assert_int_equal(r, 0);
			continue;
		}
		assert_int_equal(r, -1);
		assert_non_null(why);
		if (len < sizeof(Elf32_Ehdr))
			assert_string_equal(why, "file too small for an ELF header");
		else if (len < sizeof(Elf32_Ehdr) + 4 * sizeof(Elf32_Phdr))
			assert_string_equal(why, "program headers outside the file");
		else
			assert_string_equal(why, "segment data outside the file");
	}
	assert_int_equal(elf_check(NULL, FILE_SIZE, USER_LO, USER_HI, &img, &why), -1);
	assert_string_equal(why, "file too small for an ELF header");
}

static void test_bad_header(void **state)
{
	(void)state;
	struct elf e;
	good(&e);
	e.eh.e_ident[EI_MAG3] = 'G';
	rejected(&e, "no ELF magic");
	good(&e);
	e.eh.e_ident[EI_MAG0] = 0;
	rejected(&e, "no ELF magic");
	good(&e);
	e.eh.e_ident[EI_CLASS] = ELFCLASS64;
	rejected(&e, "not ELF32 little endian");
	good(&e);
	e.eh.e_ident[EI_CLASS] = ELFCLASSNONE;
	rejected(&e, "not ELF32 little endian");
	good(&e);
	e.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	rejected(&e, "not ELF32 little endian");
	good(&e);
	e.eh.e_type = ET_DYN;
	rejected(&e, "not an ARM executable");
	good(&e);
	e.eh.e_type = ET_REL;
	rejected(&e, "not an ARM executable");
	good(&e);
	e.eh.e_machine = EM_386;
	rejected(&e, "not an ARM executable");
	good(&e);
	e.eh.e_machine = EM_AARCH64;
	rejected(&e, "not an ARM executable");
}

static void test_bad_program_headers(void **state)
{
	(void)state;
	struct elf e;
	good(&e);
	e.eh.e_phentsize = sizeof(Elf32_Phdr) + 4;
	rejected(&e, "bad program header size or count");
	good(&e);
	e.eh.e_phentsize = 0;
	rejected(&e, "bad program header size or count");
	good(&e);
	e.eh.e_phnum = 0;
	rejected(&e, "bad program header size or count");

	static const char outside[] = "program headers outside the file";
	good(&e);
	e.eh.e_phoff = FILE_SIZE + 4;
	rejected(&e, outside);
	good(&e);
	e.eh.e_phoff = 0xffffffe0u;
	rejected(&e, outside);
	good(&e);
	e.eh.e_phoff = FILE_SIZE - 3 * sizeof(Elf32_Phdr); /* 4 do not fit */
	rejected(&e, outside);
	good(&e);
	e.eh.e_phnum = 0xffff;
	rejected(&e, outside);
	/* Exactly at the end of the file is fine (the headers there are all zero). */
	good(&e);
	struct elf_image img;
	e.size = sizeof(Elf32_Ehdr) + 4 * sizeof(Elf32_Phdr);
	e.ph[1].p_filesz = 0;
	e.ph[2].p_filesz = 0;
	e.ph[2].p_offset = 0;
	accepted(&e, &img);
}

static void test_segment_data(void **state)
{
	(void)state;
	struct elf e;
	struct elf_image img;
	good(&e);
	e.ph[2].p_filesz = 0x2001;
	rejected(&e, "segment file size exceeds memory size");

	static const char outside[] = "segment data outside the file";
	good(&e);
	e.ph[2].p_offset = FILE_SIZE + 0x2000;
	rejected(&e, outside);
	good(&e);
	e.ph[2].p_filesz = 0x1001; /* to FILE_SIZE + 1 */
	rejected(&e, outside);
	good(&e);
	e.ph[2].p_offset = 0xfffff000u; /* offset + filesz wraps */
	e.ph[2].p_vaddr = 0x12000;
	e.ph[2].p_filesz = 0x1000;
	rejected(&e, outside);
	/* Up to the last byte is fine; a bss-only segment needs no file data. */
	good(&e);
	e.ph[2].p_filesz = 0x1000;
	accepted(&e, &img);
	e.ph[2].p_offset = FILE_SIZE;
	e.ph[2].p_filesz = 0;
	accepted(&e, &img);
	assert_int_equal(img.segs[1].filesz, 0);
	/* Even without file data the offset must lie inside the file. */
	e.ph[2].p_offset = FILE_SIZE + 1;
	rejected(&e, outside);

	/* Offset and address must agree modulo the page size when there is file data. */
	good(&e);
	e.ph[2].p_offset = 0x2010;
	rejected(&e, "segment offset and address disagree modulo the page size");
	e.ph[2].p_vaddr = 0x12010;
	accepted(&e, &img);
	e.ph[2].p_vaddr = 0x12020;
	e.ph[2].p_filesz = 0;
	accepted(&e, &img);
}

static void test_user_range(void **state)
{
	(void)state;
	struct elf e;
	struct elf_image img;
	static const char outside[] = "segment outside user space";
	good(&e);
	e.ph[2].p_vaddr = USER_LO - PAGE_SIZE;
	e.ph[2].p_offset = 0x2000;
	rejected(&e, outside);
	good(&e);
	e.ph[2].p_vaddr = 0;
	rejected(&e, outside);
	good(&e);
	e.ph[2].p_vaddr = USER_HI;
	rejected(&e, outside);
	good(&e);
	e.ph[2].p_vaddr = 0xfffff000u;
	rejected(&e, outside);
	good(&e);
	e.ph[2].p_vaddr = USER_HI - 0x1000; /* memsz 0x2000 runs past the end */
	rejected(&e, outside);
	good(&e);
	e.ph[2].p_memsz = 0xffffffffu; /* vaddr + memsz wraps */
	rejected(&e, outside);
	/* Ending exactly at the top, starting exactly at the bottom. */
	good(&e);
	e.ph[2].p_vaddr = USER_HI - 0x2000;
	accepted(&e, &img);
	e.ph[1].p_vaddr = USER_LO;
	e.eh.e_entry = USER_LO;
	accepted(&e, &img);
	assert_int_equal(img.segs[0].vaddr, USER_LO);
	/* A different range given by the caller. */
	uint8_t *f = image(&e);
	assert_int_equal(elf_check(f, e.size, USER_LO + 1, USER_HI, &img, NULL), -1);
	assert_int_equal(elf_check(f, e.size, USER_LO, USER_HI - 1, &img, NULL), -1);
	assert_int_equal(elf_check(f, e.size, 0, 0xffffffffu, &img, NULL), 0);
	free(f);
}

static void test_overlap(void **state)
{
	(void)state;
	struct elf e;
	struct elf_image img;
	static const char overlap[] = "segments overlap";
	good(&e);
	e.ph[2] = load(0x2000, 0x10000, 0x100, 0x100, PF_R | PF_W); /* same address */
	rejected(&e, overlap);
	good(&e);
	e.ph[2] = load(0x2800, 0x11800, 0x100, 0x100, PF_R | PF_W); /* the text's last page */
	rejected(&e, overlap);
	good(&e);
	e.ph[2] = load(0x2000, 0x0f000, 0x100, 0x1001, PF_R | PF_W); /* into text's first page */
	rejected(&e, overlap);
	good(&e);
	e.ph[2] = load(0x2000, 0x8000, 0x100, 0x10000, PF_R | PF_W); /* all around text */
	rejected(&e, overlap);
	/* Adjacent pages are fine, in either order. */
	good(&e);
	e.ph[2] = load(0x2000, 0x12000, 0x100, 0x100, PF_R | PF_W);
	accepted(&e, &img);
	e.ph[2] = load(0x2000, 0x0f000, 0x100, 0x1000, PF_R | PF_W);
	accepted(&e, &img);
	/* A third segment overlapping the second, not the first. */
	good(&e);
	e.ph[3] = load(0x2000, 0x13000, 0x10, 0x10, PF_R);
	rejected(&e, overlap);
}

/* PT_LOAD with memsz 0 and other types are skipped; without any PT_LOAD, rejected. */
static void test_no_loadable(void **state)
{
	(void)state;
	struct elf e;
	struct elf_image img;
	good(&e);
	e.ph[4] = load(0x2000, 0x10000, 0, 0, PF_R); /* empty: would overlap otherwise */
	e.eh.e_phnum = 5;
	accepted(&e, &img);
	assert_int_equal(img.count, 2);
	good(&e);
	e.ph[1].p_type = PT_NOTE;
	e.ph[2].p_type = PT_DYNAMIC;
	rejected(&e, "no loadable segment");
	good(&e);
	e.ph[1].p_memsz = 0;
	e.ph[1].p_filesz = 0;
	e.ph[2].p_memsz = 0;
	e.ph[2].p_filesz = 0;
	rejected(&e, "no loadable segment");
}

static void test_too_many(void **state)
{
	(void)state;
	struct elf e;
	struct elf_image img;
	good(&e);
	/* Text at 0x10000, then one page per segment from 0x20000 on. */
	for (unsigned i = 2; i < 2 + ELF_MAX_SEGMENTS - 1; i++)
		e.ph[i] = load(0x2000, 0x20000 + i * PAGE_SIZE, 0x10, 0x10, PF_R);
	e.ph[2 + ELF_MAX_SEGMENTS - 1] = (Elf32_Phdr){PT_NOTE, 0, 0, 0, 0, 0, 0, 0};
	e.eh.e_phnum = 2 + ELF_MAX_SEGMENTS;
	e.size = FILE_SIZE + 0x1000;
	accepted(&e, &img);
	assert_int_equal(img.count, ELF_MAX_SEGMENTS);
	assert_int_equal(img.segs[ELF_MAX_SEGMENTS - 1].vaddr, 0x20000 + 16 * PAGE_SIZE);
	e.ph[2 + ELF_MAX_SEGMENTS - 1] = load(0x2000, 0x40000, 0x10, 0x10, PF_R);
	rejected(&e, "too many loadable segments");
}

/* Every header byte replaced by a few values: accepted or not, nothing breaks. */
static void test_corrupt_bytes(void **state)
{
	(void)state;
	static const uint8_t values[] = {0x00, 0x01, 0x20, 0x7f, 0x80, 0xff};
	struct elf e;
	good(&e);
	uint8_t *f = image(&e);
	size_t header_bytes = sizeof(Elf32_Ehdr) + 4 * sizeof(Elf32_Phdr);
	for (size_t off = 0; off < header_bytes; off++) {
		uint8_t saved = f[off];
		for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
			f[off] = values[v];
			struct elf_image img;
			const char *why = NULL;
			int r = elf_check(f, e.size, USER_LO, USER_HI, &img, &why);
			if (r == 0) {
				assert_true(img.count >= 1 && img.count <= ELF_MAX_SEGMENTS);
				for (unsigned i = 0; i < img.count; i++) {
					assert_true(img.segs[i].vaddr >= USER_LO);
					assert_true(img.segs[i].vaddr + img.segs[i].memsz <=
						    USER_HI);
					assert_true(img.segs[i].offset + img.segs[i].filesz <=
						    e.size);
				}
			} else {
				assert_non_null(why);
			}
		}
		f[off] = saved;
	}
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),	   cmocka_unit_test(test_rights_and_entry),
	    cmocka_unit_test(test_entry_rejected), cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_bad_header),	   cmocka_unit_test(test_bad_program_headers),
	    cmocka_unit_test(test_segment_data),   cmocka_unit_test(test_user_range),
	    cmocka_unit_test(test_overlap),	   cmocka_unit_test(test_no_loadable),
	    cmocka_unit_test(test_too_many),	   cmocka_unit_test(test_corrupt_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
