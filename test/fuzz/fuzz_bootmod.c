/* fuzz_bootmod.c - libFuzzer harness: the boot-module table (kernel/boot/bootmod.c), each
 * module checked as the kernel checks the root task's ELF (common/elf.c), and the root
 * task's page allocator started from a boot-info page (roottask/page_alloc.c). */
#include "boot/bootmod.h"
#include "elf.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The allocator only keeps books: any addresses do (as in test/host/test_page_alloc.c). */
#include "../../roottask/page_alloc.c"

/* What bootmod_parse() promises about a table it accepted. */
static void check_table(const uint8_t *blob, size_t size, const struct bootmod_table *t)
{
	assert(t->count <= BOOTMOD_MAX);
	for (unsigned i = 0; i < t->count; i++) {
		const struct bootmod *m = &t->mods[i];
		assert(m->data >= blob && m->data <= blob + size);
		assert(m->size <= size - (size_t)(m->data - blob));
		const char *end = memchr(m->name, 0, BOOTMOD_NAME_LEN);
		assert(end != NULL && end > m->name);
		assert(bootmod_find(t, m->name) != NULL);
		struct elf_image img;
		const char *why = NULL;
		/* The kernel's check of the root task (kernel/boot/root_task.c). */
		if (elf_check(m->data, m->size, 0x1000, 0xbfe00000, &img, &why) == 0)
			assert(img.count > 0);
		else
			assert(why != NULL);
	}
	bootmod_find(t, "no such module");
	const struct bootmod *root = bootmod_roottask(t);
	assert(!root || (root->flags & BOOTMOD_FLAG_ROOTTASK));
}

/* The root task's RAM from a boot-info page: whatever it allocates lies in that RAM. */
static void check_page_alloc(uint32_t ram_base, uint32_t ram_size, uint8_t align)
{
	struct keel_bootinfo bi = {.magic = KEEL_BOOTINFO_MAGIC,
				   .version = KEEL_BOOTINFO_VERSION,
				   .ram_base = ram_base,
				   .ram_size = ram_size};
	memset(&ram, 0, sizeof(ram));
	/* RAM at address 0 loses its first page (0 means "none"). */
	if (page_alloc_init(&bi) != 0)
		return;
	unsigned long free_before = page_free_count();
	l4_addr_t a = page_alloc(1 + align % 64, align % 40);
	if (a) {
		assert(a >= ram_base && a != 0 && (a & 0xfff) == 0);
		assert((uint64_t)a + (1 + align % 64) * 4096ull <= (uint64_t)ram_base + ram_size);
		page_free(a, 1 + align % 64);
	}
	assert(page_free_count() == free_before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 9) {
		uint32_t w[2];
		memcpy(w, data, sizeof(w));
		check_page_alloc(w[0], w[1], data[8]);
		data += 9;
		size -= 9;
	}
	/* The table is read in place: 4-byte aligned, exactly the input's size. */
	uint32_t *blob = malloc(size ? size : 1);
	if (!blob)
		return 0;
	memcpy(blob, data, size);
	static struct bootmod_table table;
	if (bootmod_parse(blob, size, &table) == 0)
		check_table((const uint8_t *)blob, size, &table);
	else
		assert(table.count == 0);
	free(blob);
	return 0;
}
