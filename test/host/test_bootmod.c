/* test_bootmod.c - host tests of the boot-module table parser (kernel/bootmod.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "boot/bootmod.h"

/* The layout keel_image() in cmake/target.cmake emits. */
_Static_assert(sizeof(struct keel_bootmod_header) == 16, "header is 4 words");
_Static_assert(sizeof(struct keel_bootmod_entry) == 64, "entry is 3 words and a 52-byte name");

#define MOD_ALIGN 4096u

struct mod {
	const char *name;
	uint32_t size;
	uint32_t flags;
};

/*
 * Lay out a blob as the build does: header, entries, then each module's data 4 KiB
 * aligned, filled with a byte derived from its index. The buffer has exactly
 * total_size bytes (malloc'ed, so 4-byte aligned).
 */
static uint8_t *build(const struct mod *mods, unsigned count, size_t *size)
{
	size_t off =
	    align_up(sizeof(struct keel_bootmod_header) + count * sizeof(struct keel_bootmod_entry),
		     MOD_ALIGN);
	uint32_t offsets[BOOTMOD_MAX + 1];
	for (unsigned i = 0; i < count; i++) {
		offsets[i] = (uint32_t)off;
		off = align_up(off + mods[i].size, MOD_ALIGN);
	}
	uint8_t *blob = calloc(1, off);
	assert_non_null(blob);
	struct keel_bootmod_header h = {BOOTMOD_MAGIC, BOOTMOD_VERSION, count, (uint32_t)off};
	memcpy(blob, &h, sizeof(h));
	for (unsigned i = 0; i < count; i++) {
		struct keel_bootmod_entry e;
		memset(&e, 0, sizeof(e));
		e.offset = offsets[i];
		e.size = mods[i].size;
		e.flags = mods[i].flags;
		size_t len = strlen(mods[i].name);
		memcpy(e.name, mods[i].name, len < BOOTMOD_NAME_LEN ? len : BOOTMOD_NAME_LEN);
		memcpy(blob + sizeof(h) + i * sizeof(e), &e, sizeof(e));
		memset(blob + offsets[i], 0xa0 + (int)i, mods[i].size);
	}
	*size = off;
	return blob;
}

static struct keel_bootmod_header *header(uint8_t *blob)
{
	return (struct keel_bootmod_header *)blob;
}

static struct keel_bootmod_entry *entry(uint8_t *blob, unsigned i)
{
	return (struct keel_bootmod_entry *)(blob + sizeof(struct keel_bootmod_header)) + i;
}

static const struct mod three[] = {
    {"roottask", 5000, BOOTMOD_FLAG_ROOTTASK},
    {"hello", 1, 0},
    {"empty", 0, 0x80},
};

static void test_parse_valid(void **state)
{
	(void)state;
	size_t size;
	uint8_t *blob = build(three, 3, &size);
	assert_int_equal(size, 4 * MOD_ALIGN);
	struct bootmod_table table;
	assert_int_equal(bootmod_parse(blob, size, &table), 0);
	assert_int_equal(table.count, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_string_equal(table.mods[i].name, three[i].name);
		assert_int_equal(table.mods[i].size, three[i].size);
		assert_int_equal(table.mods[i].flags, three[i].flags);
		/* Names and data point into the blob; nothing is copied. */
		assert_ptr_equal(table.mods[i].name, entry(blob, i)->name);
		assert_ptr_equal(table.mods[i].data, blob + entry(blob, i)->offset);
		assert_int_equal((table.mods[i].data - blob) % MOD_ALIGN, 0);
		for (size_t j = 0; j < table.mods[i].size; j++)
			assert_int_equal(table.mods[i].data[j], 0xa0 + i);
	}
	assert_ptr_equal(table.mods[0].data, blob + MOD_ALIGN);
	assert_ptr_equal(table.mods[1].data, blob + 3 * MOD_ALIGN);

	/* More room after the blob than it claims is fine. */
	uint8_t *big = calloc(1, size + 100);
	assert_non_null(big);
	memcpy(big, blob, size);
	assert_int_equal(bootmod_parse(big, size + 100, &table), 0);
	assert_int_equal(table.count, 3);
	free(big);
	free(blob);
}

static void test_find_and_roottask(void **state)
{
	(void)state;
	size_t size;
	uint8_t *blob = build(three, 3, &size);
	struct bootmod_table table;
	assert_int_equal(bootmod_parse(blob, size, &table), 0);
	assert_ptr_equal(bootmod_find(&table, "roottask"), &table.mods[0]);
	assert_ptr_equal(bootmod_find(&table, "hello"), &table.mods[1]);
	assert_ptr_equal(bootmod_find(&table, "empty"), &table.mods[2]);
	assert_null(bootmod_find(&table, "hell"));
	assert_null(bootmod_find(&table, "hello2"));
	assert_null(bootmod_find(&table, ""));
	assert_ptr_equal(bootmod_roottask(&table), &table.mods[0]);
	free(blob);

	/* Not the first module; and the first of several flagged ones. */
	static const struct mod later[] = {
	    {"a", 10, 0},
	    {"b", 10, 0x2 | BOOTMOD_FLAG_ROOTTASK},
	    {"c", 10, BOOTMOD_FLAG_ROOTTASK},
	};
	blob = build(later, 3, &size);
	assert_int_equal(bootmod_parse(blob, size, &table), 0);
	assert_ptr_equal(bootmod_roottask(&table), &table.mods[1]);
	free(blob);

	/* None flagged. */
	static const struct mod none[] = {{"a", 10, 0x2}};
	blob = build(none, 1, &size);
	assert_int_equal(bootmod_parse(blob, size, &table), 0);
	assert_null(bootmod_roottask(&table));
	free(blob);
}

static void test_no_modules(void **state)
{
	(void)state;
	size_t size;
	uint8_t *blob = build(NULL, 0, &size);
	struct bootmod_table table;
	table.count = 99;
	assert_int_equal(bootmod_parse(blob, size, &table), 0);
	assert_int_equal(table.count, 0);
	assert_null(bootmod_find(&table, "roottask"));
	assert_null(bootmod_roottask(&table));
	free(blob);

	/* Just a header, nothing else. */
	struct keel_bootmod_header *h = malloc(sizeof(*h));
	assert_non_null(h);
	*h = (struct keel_bootmod_header){BOOTMOD_MAGIC, BOOTMOD_VERSION, 0, sizeof(*h)};
	assert_int_equal(bootmod_parse(h, sizeof(*h), &table), 0);
	assert_int_equal(table.count, 0);
	free(h);
}

/* The longest names fit with their NUL; the limit of 32 modules is accepted. */
static void test_limits(void **state)
{
	(void)state;
	static char names[BOOTMOD_MAX][BOOTMOD_NAME_LEN];
	struct mod mods[BOOTMOD_MAX];
	for (unsigned i = 0; i < BOOTMOD_MAX; i++) {
		memset(names[i], 'a' + (int)(i % 26), BOOTMOD_NAME_LEN - 1);
		names[i][0] = (char)('0' + i / 10);
		names[i][1] = (char)('0' + i % 10);
		names[i][BOOTMOD_NAME_LEN - 1] = 0;
		mods[i] = (struct mod){names[i], i * 3, i == 7 ? BOOTMOD_FLAG_ROOTTASK : 0};
	}
	size_t size;
	uint8_t *blob = build(mods, BOOTMOD_MAX, &size);
	struct bootmod_table table;
	assert_int_equal(bootmod_parse(blob, size, &table), 0);
	assert_int_equal(table.count, BOOTMOD_MAX);
	for (unsigned i = 0; i < BOOTMOD_MAX; i++) {
		assert_int_equal(strlen(table.mods[i].name), BOOTMOD_NAME_LEN - 1);
		assert_ptr_equal(bootmod_find(&table, names[i]), &table.mods[i]);
	}
	assert_ptr_equal(bootmod_roottask(&table), &table.mods[7]);
	free(blob);
}

/* Parse a copy of a valid blob after patch() changed it; expect failure. */
static void expect_reject(void (*patch)(uint8_t *blob, size_t size))
{
	size_t size;
	uint8_t *blob = build(three, 3, &size);
	patch(blob, size);
	struct bootmod_table table;
	table.count = 77;
	assert_int_equal(bootmod_parse(blob, size, &table), -1);
	assert_int_equal(table.count, 0);
	free(blob);
}

static void bad_magic(uint8_t *b, size_t s)
{
	(void)s;
	header(b)->magic = 0x4b4d4f44u; /* byte-swapped */
}

static void bad_version0(uint8_t *b, size_t s)
{
	(void)s;
	header(b)->version = 0;
}

static void bad_version2(uint8_t *b, size_t s)
{
	(void)s;
	header(b)->version = 2;
}

static void too_many(uint8_t *b, size_t s)
{
	(void)s;
	header(b)->count = BOOTMOD_MAX + 1;
}

static void way_too_many(uint8_t *b, size_t s)
{
	(void)s;
	header(b)->count = 0xffffffffu;
}

static void total_beyond_size(uint8_t *b, size_t s)
{
	header(b)->total_size = (uint32_t)s + 1;
}

static void total_huge(uint8_t *b, size_t s)
{
	(void)s;
	header(b)->total_size = 0xffffffffu;
}

/* The entry table does not fit the blob the header claims. */
static void table_beyond_total(uint8_t *b, size_t s)
{
	(void)s;
	header(b)->total_size =
	    sizeof(struct keel_bootmod_header) + 2 * sizeof(struct keel_bootmod_entry);
}

static void offset_in_table(uint8_t *b, size_t s)
{
	(void)s;
	entry(b, 1)->offset = sizeof(struct keel_bootmod_header);
}

static void offset_just_in_table(uint8_t *b, size_t s)
{
	(void)s;
	entry(b, 1)->offset =
	    sizeof(struct keel_bootmod_header) + 3 * sizeof(struct keel_bootmod_entry) - 1;
}

static void offset_beyond(uint8_t *b, size_t s)
{
	entry(b, 2)->offset = (uint32_t)s + 1;
}

static void size_beyond(uint8_t *b, size_t s)
{
	entry(b, 0)->size = (uint32_t)s - entry(b, 0)->offset + 1;
}

static void size_wraps(uint8_t *b, size_t s)
{
	entry(b, 2)->offset = (uint32_t)s - 4;
	entry(b, 2)->size = 0xfffffffeu;
}

static void name_without_nul(uint8_t *b, size_t s)
{
	(void)s;
	memset(entry(b, 1)->name, 'x', BOOTMOD_NAME_LEN);
}

static void name_empty(uint8_t *b, size_t s)
{
	(void)s;
	memset(entry(b, 2)->name, 0, BOOTMOD_NAME_LEN);
}

static void test_rejects(void **state)
{
	(void)state;
	expect_reject(bad_magic);
	expect_reject(bad_version0);
	expect_reject(bad_version2);
	expect_reject(too_many);
	expect_reject(way_too_many);
	expect_reject(total_beyond_size);
	expect_reject(total_huge);
	expect_reject(table_beyond_total);
	expect_reject(offset_in_table);
	expect_reject(offset_just_in_table);
	expect_reject(offset_beyond);
	expect_reject(size_beyond);
	expect_reject(size_wraps);
	expect_reject(name_without_nul);
	expect_reject(name_empty);
}

/* Edge cases that are fine: data right after the table, an empty module at the end. */
static void test_edges_accepted(void **state)
{
	(void)state;
	size_t size;
	uint8_t *blob = build(three, 3, &size);
	struct bootmod_table table;
	entry(blob, 1)->offset =
	    sizeof(struct keel_bootmod_header) + 3 * sizeof(struct keel_bootmod_entry);
	entry(blob, 2)->offset = (uint32_t)size;
	entry(blob, 2)->size = 0;
	entry(blob, 0)->size = (uint32_t)size - entry(blob, 0)->offset;
	assert_int_equal(bootmod_parse(blob, size, &table), 0);
	assert_ptr_equal(table.mods[1].data, blob + 16 + 3 * 64);
	assert_ptr_equal(table.mods[2].data, blob + size);
	assert_int_equal(table.mods[2].size, 0);
	assert_int_equal(table.mods[0].size, size - MOD_ALIGN);
	free(blob);
}

static void test_bad_buffer(void **state)
{
	(void)state;
	size_t size;
	uint8_t *blob = build(three, 3, &size);
	struct bootmod_table table;
	assert_int_equal(bootmod_parse(NULL, size, &table), -1);
	assert_int_equal(table.count, 0);
	assert_int_equal(bootmod_parse(blob, 0, &table), -1);
	assert_int_equal(bootmod_parse(blob, sizeof(struct keel_bootmod_header) - 1, &table), -1);
	/* Less room than the header claims. */
	assert_int_equal(bootmod_parse(blob, size - 1, &table), -1);
	free(blob);

	/* Not 4-byte aligned. */
	uint8_t *raw = malloc(size + 4);
	assert_non_null(raw);
	blob = build(three, 3, &size);
	for (unsigned shift = 1; shift < 4; shift++) {
		memcpy(raw + shift, blob, size);
		assert_int_equal(bootmod_parse(raw + shift, size, &table), -1);
	}
	memcpy(raw, blob, size);
	assert_int_equal(bootmod_parse(raw, size, &table), 0);
	free(raw);
	free(blob);
}

/* Every shorter buffer, with total_size as the header says or as long as the buffer. */
static void test_truncated(void **state)
{
	(void)state;
	size_t size;
	uint8_t *blob = build(three, 3, &size);
	for (size_t len = 0; len < size; len += len < 512 ? 1 : 61) {
		uint8_t *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, blob, len);
		struct bootmod_table table;
		assert_int_equal(bootmod_parse(copy, len, &table), -1);
		if (len >= sizeof(struct keel_bootmod_header)) {
			header(copy)->total_size = (uint32_t)len;
			int r = bootmod_parse(copy, len, &table);
			/* Fine exactly when every module still fits. */
			bool fits = len >= 16 + 3 * 64;
			for (unsigned i = 0; i < 3 && fits; i++)
				fits = entry(blob, i)->offset + entry(blob, i)->size <= len;
			assert_int_equal(r, fits ? 0 : -1);
			for (unsigned i = 0; r == 0 && i < table.count; i++)
				assert_true(table.mods[i].data + table.mods[i].size <= copy + len);
		}
		free(copy);
	}
	free(blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_valid), cmocka_unit_test(test_find_and_roottask),
	    cmocka_unit_test(test_no_modules),	cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_rejects),	cmocka_unit_test(test_edges_accepted),
	    cmocka_unit_test(test_bad_buffer),	cmocka_unit_test(test_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
