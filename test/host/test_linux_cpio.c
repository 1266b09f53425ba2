/* test_linux_cpio.c - the Linux server's cpio (newc) unpacker: good archives, and every way a boot
 * module may be broken. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpio.h"
#include "fs.h"

void *fs_zalloc(size_t n)
{
	return calloc(1, n);
}

void fs_free(void *p, size_t n)
{
	(void)n;
	free(p);
}

static uint8_t arc[8192];
static size_t arc_len;

/* Append an entry as mkrootfs.py writes it. */
static void add(const char *name, uint32_t mode, const char *data)
{
	size_t dlen = strlen(data), nlen = strlen(name) + 1;
	arc_len += (size_t)sprintf(
	    (char *)arc + arc_len, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08zx%08x",
	    1u, mode, 0u, 0u, 1u, 0u, (unsigned)dlen, 0u, 0u, 0u, 0u, nlen, 0u);
	memcpy(arc + arc_len, name, nlen);
	arc_len = (arc_len + nlen + 3) & ~(size_t)3;
	memcpy(arc + arc_len, data, dlen);
	arc_len = (arc_len + dlen + 3) & ~(size_t)3;
}

static void trailer(void)
{
	add("TRAILER!!!", 0, "");
}

static int setup(void **state)
{
	(void)state;
	memset(arc, 0, sizeof(arc));
	arc_len = 0;
	return fs_init(1000) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fs_reset();
	return 0;
}

static void test_unpacks_dirs_files_links(void **state)
{
	(void)state;
	const char *why = NULL;
	struct fs_inode *ip;
	struct fs_file *f;
	char buf[32];
	add("bin", 0040755, "");
	add("./bin/prog", 0100755, "#!program bytes");
	add("/bin/sh", 0120777, "prog");
	add(".", 0040755, "");
	add("tmp", 0041777, ""); /* there already: fine */
	add("dev/console", 0020600, "");
	trailer();
	assert_int_equal(lx_cpio_unpack(arc, arc_len, 2000, &why), 0);
	assert_int_equal(fs_resolve(fs_root(), "/bin/sh", true, &ip), 0);
	assert_int_equal(fs_open(fs_root(), "/bin/sh", FS_O_RDONLY, 0, 2000, &f), 0);
	assert_int_equal(fs_read(f, buf, sizeof(buf), 2000), 15);
	assert_memory_equal(buf, "#!program bytes", 15);
	fs_file_put(f);
	struct fs_stat st;
	fs_stat(ip, &st);
	assert_int_equal(st.mode & 07777, 0755);
	assert_int_equal(fs_resolve(fs_root(), "/bin/sh", false, &ip), 0);
	fs_stat(ip, &st);
	assert_true(FS_ISLNK(st.mode));
}

/* Each broken archive is refused with a reason; nothing reads outside it. */
static void test_refuses_broken_archives(void **state)
{
	(void)state;
	const char *why;
	add("file", 0100644, "data");
	trailer();
	size_t good = arc_len;
	/* Cut anywhere: never accepted past the cut, never a crash (ASan watches). */
	for (size_t cut = 0; cut < good - 1; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, arc, cut);
		why = NULL;
		int err = lx_cpio_unpack(copy, cut, 2000, &why);
		assert_true(err < 0);
		assert_non_null(why);
		free(copy);
		fs_reset();
		fs_init(1000);
	}
	memcpy(arc, "070707", 6); /* the old binary-ish magic */
	assert_true(lx_cpio_unpack(arc, good, 2000, &why) < 0);
	memcpy(arc, "070701", 6);
	arc[6 + 8 * 6] = 'g'; /* a non-hex digit in the size */
	assert_true(lx_cpio_unpack(arc, good, 2000, &why) < 0);
}

static void test_refuses_huge_sizes(void **state)
{
	(void)state;
	const char *why;
	add("file", 0100644, "data");
	trailer();
	memcpy(arc + 6 + 8 * 6, "ffffffff", 8); /* filesize */
	assert_true(lx_cpio_unpack(arc, arc_len, 2000, &why) < 0);
	memcpy(arc + 6 + 8 * 6, "00000004", 8);
	memcpy(arc + 6 + 8 * 11, "ffffffff", 8); /* namesize */
	assert_true(lx_cpio_unpack(arc, arc_len, 2000, &why) < 0);
	memcpy(arc + 6 + 8 * 11, "00000000", 8);
	assert_true(lx_cpio_unpack(arc, arc_len, 2000, &why) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_unpacks_dirs_files_links, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_broken_archives, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_huge_sizes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
