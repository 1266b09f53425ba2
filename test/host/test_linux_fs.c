/* test_linux_fs.c - host tests of the Linux server's in-memory file system (servers/linux/fs.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fs.h"

/* The server has an arena of its own; here the C library's heap (ASan watches it). */
void *fs_zalloc(size_t n)
{
	return calloc(1, n);
}

void fs_free(void *p, size_t n)
{
	(void)n;
	free(p);
}

static int setup(void **state)
{
	(void)state;
	return fs_init(1000) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fs_reset();
	return 0;
}

static struct fs_inode *lookup(const char *path, bool follow)
{
	struct fs_inode *ip = NULL;
	return fs_resolve(fs_root(), path, follow, &ip) == 0 ? ip : NULL;
}

/* Make file @path holding @s. */
static void put(const char *path, const char *s)
{
	struct fs_file *f;
	assert_int_equal(
	    fs_open(fs_root(), path, FS_O_WRONLY | FS_O_CREAT | FS_O_TRUNC, 0644, 1, &f), 0);
	assert_int_equal(fs_write(f, s, strlen(s), 2), (long)strlen(s));
	fs_file_put(f);
}

static void test_tree(void **state)
{
	(void)state;
	struct fs_stat st;
	struct fs_inode *tmp = lookup("/tmp", true);
	assert_non_null(tmp);
	fs_stat(tmp, &st);
	assert_int_equal(st.mode, FS_IFDIR | 01777);
	assert_int_equal(st.nlink, 2);
	fs_stat(fs_root(), &st);
	assert_int_equal(st.nlink, 4); /* ., .., dev and tmp */
	assert_ptr_equal(lookup("/..", true), fs_root());
	assert_ptr_equal(lookup("/tmp/../tmp/./", true), tmp);
	assert_ptr_equal(lookup("//tmp//", true), tmp);
	struct fs_inode *null = lookup("/dev/null", true);
	assert_non_null(null);
	fs_stat(null, &st);
	assert_int_equal(st.mode, FS_IFCHR | 0666);
	assert_int_equal(st.rdev_major, 1);
	assert_int_equal(st.rdev_minor, 3);
}

static void test_devices(void **state)
{
	(void)state;
	struct fs_file *f;
	uint8_t buf[16];
	assert_int_equal(fs_open(fs_root(), "/dev/null", FS_O_RDWR, 0, 1, &f), 0);
	assert_int_equal(fs_read(f, buf, sizeof(buf), 1), 0);
	assert_int_equal(fs_write(f, "abc", 3, 1), 3);
	fs_file_put(f);
	assert_int_equal(fs_open(fs_root(), "/dev/zero", FS_O_RDONLY, 0, 1, &f), 0);
	memset(buf, 7, sizeof(buf));
	assert_int_equal(fs_read(f, buf, sizeof(buf), 1), 16);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	fs_file_put(f);
}

static void test_read_write(void **state)
{
	(void)state;
	struct fs_file *f;
	char buf[64];
	assert_int_equal(
	    fs_open(fs_root(), "/tmp/a", FS_O_RDWR | FS_O_CREAT | FS_O_EXCL, 0600, 5, &f), 0);
	assert_int_equal(fs_write(f, "hello", 5, 6), 5);
	uint64_t at;
	assert_int_equal(fs_seek(f, 10, 0, &at), 0);
	assert_int_equal(fs_write(f, "!", 1, 6), 1);
	assert_int_equal(f->ino->size, 11);
	assert_int_equal(fs_pread(f, buf, sizeof(buf), 0, 7), 11);
	assert_memory_equal(buf, "hello\0\0\0\0\0!", 11);
	assert_int_equal(fs_seek(f, -1, 0, &at), -LX_EINVAL);
	assert_int_equal(fs_seek(f, 0, 3, &at), -LX_EINVAL);
	fs_file_put(f);
	struct fs_file *g;
	assert_int_equal(fs_open(fs_root(), "/tmp/a", FS_O_RDWR | FS_O_CREAT | FS_O_EXCL, 0, 1, &g),
			 -LX_EEXIST);
	assert_int_equal(fs_open(fs_root(), "/tmp/a/", FS_O_RDONLY, 0, 1, &g), -LX_ENOTDIR);
	assert_int_equal(fs_open(fs_root(), "/tmp/new/", FS_O_RDWR | FS_O_CREAT, 0, 1, &g),
			 -LX_EISDIR);
	assert_int_equal(fs_open(fs_root(), "/tmp", FS_O_WRONLY, 0, 1, &g), -LX_EISDIR);
	assert_int_equal(fs_open(fs_root(), "/tmp/a", FS_O_RDONLY | FS_O_DIRECTORY, 0, 1, &g),
			 -LX_ENOTDIR);
	/* O_APPEND writes at the end whatever the offset. */
	assert_int_equal(fs_open(fs_root(), "/tmp/a", FS_O_WRONLY | FS_O_APPEND, 0, 1, &g), 0);
	assert_int_equal(fs_write(g, "++", 2, 1), 2);
	assert_int_equal(g->ino->size, 13);
	fs_file_put(g);
	/* O_RDONLY files are not written, O_WRONLY ones not read. */
	assert_int_equal(fs_open(fs_root(), "/tmp/a", FS_O_RDONLY, 0, 1, &g), 0);
	assert_int_equal(fs_write(g, "x", 1, 1), -LX_EBADF);
	fs_file_put(g);
}

static void test_truncate_and_holes(void **state)
{
	(void)state;
	struct fs_file *f;
	char buf[8];
	put("/tmp/t", "abcdefgh");
	struct fs_inode *ip = lookup("/tmp/t", true);
	assert_int_equal(fs_truncate(ip, 3, 1), 0);
	assert_int_equal(fs_truncate(ip, 6, 1), 0);
	assert_int_equal(fs_open(fs_root(), "/tmp/t", FS_O_RDWR, 0, 1, &f), 0);
	assert_int_equal(fs_read(f, buf, sizeof(buf), 1), 6);
	assert_memory_equal(buf, "abc\0\0\0", 6);
	/* A far write leaves holes that take no pages. */
	assert_int_equal(fs_pwrite(f, "z", 1, 5 * FS_PAGE, 1), 1);
	struct fs_stat st;
	fs_stat(ip, &st);
	assert_int_equal(st.size, 5 * FS_PAGE + 1);
	assert_int_equal(st.blocks, 2 * FS_PAGE / 512);
	assert_int_equal(fs_pwrite(f, "z", 1, FS_FILE_MAX, 1), -LX_EFBIG);
	assert_int_equal(fs_truncate(ip, (uint64_t)FS_FILE_MAX + 1, 1), -LX_EFBIG);
	assert_int_equal(fs_truncate(lookup("/tmp", true), 0, 1), -LX_EISDIR);
	fs_file_put(f);
}

static void test_space_limit(void **state)
{
	(void)state;
	struct fs_file *f;
	static uint8_t chunk[1 << 16];
	uint64_t bytes;
	uint32_t count;
	long r = 0;
	size_t total = 0;
	assert_int_equal(fs_open(fs_root(), "/tmp/big", FS_O_RDWR | FS_O_CREAT, 0600, 1, &f), 0);
	while ((r = fs_write(f, chunk, sizeof(chunk), 1)) > 0)
		total += (size_t)r;
	assert_int_equal(r, -LX_ENOSPC);
	assert_int_equal(total, FS_DATA_MAX);
	fs_usage(&bytes, &count);
	assert_int_equal(bytes, FS_DATA_MAX);
	assert_int_equal(fs_truncate(f->ino, 0, 1), 0);
	fs_usage(&bytes, &count);
	assert_int_equal(bytes, 0);
	fs_file_put(f);
	assert_int_equal(fs_unlink(fs_root(), "/tmp/big", 1), 0);
}

static void test_dirs(void **state)
{
	(void)state;
	struct fs_stat st;
	assert_int_equal(fs_mkdir(fs_root(), "/tmp/d", 0755, 1), 0);
	assert_int_equal(fs_mkdir(fs_root(), "/tmp/d", 0755, 1), -LX_EEXIST);
	assert_int_equal(fs_mkdir(fs_root(), "/tmp/d/e/", 0700, 1), 0);
	assert_int_equal(fs_mkdir(fs_root(), "/tmp/x/y", 0700, 1), -LX_ENOENT);
	assert_int_equal(fs_mkdir(fs_root(), "/tmp/d/.", 0700, 1), -LX_EEXIST);
	fs_stat(lookup("/tmp/d", true), &st);
	assert_int_equal(st.nlink, 3);
	assert_int_equal(fs_rmdir(fs_root(), "/tmp/d", 1), -LX_ENOTEMPTY);
	assert_int_equal(fs_rmdir(fs_root(), "/tmp/d/e/.", 1), -LX_EINVAL);
	assert_int_equal(fs_rmdir(fs_root(), "/", 1), -LX_EBUSY);
	assert_int_equal(fs_unlink(fs_root(), "/tmp/d/e", 1), -LX_EISDIR);
	put("/tmp/d/f", "x");
	assert_int_equal(fs_rmdir(fs_root(), "/tmp/d/f", 1), -LX_ENOTDIR);
	assert_int_equal(fs_unlink(fs_root(), "/tmp/d/f/", 1), -LX_ENOTDIR);
	assert_int_equal(fs_mkdir(fs_root(), "/tmp/d/f/g", 0700, 1), -LX_ENOTDIR);
	assert_int_equal(fs_unlink(fs_root(), "/tmp/d/f", 1), 0);
	assert_int_equal(fs_rmdir(fs_root(), "/tmp/d/e", 1), 0);
	fs_stat(lookup("/tmp/d", true), &st);
	assert_int_equal(st.nlink, 2);
	char cwd[64];
	assert_int_equal(fs_getcwd(lookup("/tmp/d", true), cwd, sizeof(cwd)), 7);
	assert_string_equal(cwd, "/tmp/d");
	assert_int_equal(fs_getcwd(lookup("/tmp/d", true), cwd, 4), -LX_ERANGE);
	assert_int_equal(fs_getcwd(fs_root(), cwd, sizeof(cwd)), 2);
	assert_string_equal(cwd, "/");
	assert_int_equal(fs_rmdir(fs_root(), "/tmp/d", 1), 0);
}

/* The names a listing of @path gives, in order, joined by spaces. */
static void list(const char *path, char *out, size_t n)
{
	struct fs_file *f;
	uint8_t buf[256];
	long r;
	out[0] = 0;
	assert_int_equal(fs_open(fs_root(), path, FS_O_RDONLY | FS_O_DIRECTORY, 0, 1, &f), 0);
	while ((r = fs_getdents(f, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < r;) {
			uint16_t reclen;
			memcpy(&reclen, buf + at + 16, 2);
			assert_true(reclen % 8 == 0);
			strncat(out, (char *)buf + at + 19, n - strlen(out) - 2);
			strcat(out, " ");
			at += reclen;
		}
	}
	assert_int_equal(r, 0);
	assert_int_equal(fs_getdents(f, buf, 10), 0);
	fs_file_put(f);
}

static void test_getdents(void **state)
{
	(void)state;
	char names[512];
	struct fs_file *f;
	uint8_t small[16];
	fs_mkdir(fs_root(), "/tmp/l", 0755, 1);
	put("/tmp/l/one", "1");
	put("/tmp/l/two", "2");
	fs_mkdir(fs_root(), "/tmp/l/three", 0755, 1);
	list("/tmp/l", names, sizeof(names));
	assert_string_equal(names, ". .. one two three ");
	assert_int_equal(fs_open(fs_root(), "/tmp/l", FS_O_RDONLY, 0, 1, &f), 0);
	assert_int_equal(fs_getdents(f, small, sizeof(small)), -LX_EINVAL);
	fs_file_put(f);
	fs_unlink(fs_root(), "/tmp/l/one", 1);
	fs_unlink(fs_root(), "/tmp/l/two", 1);
	fs_rmdir(fs_root(), "/tmp/l/three", 1);
	fs_rmdir(fs_root(), "/tmp/l", 1);
}

static void test_links(void **state)
{
	(void)state;
	char buf[64];
	struct fs_inode *ip;
	put("/tmp/f", "data");
	assert_int_equal(fs_link(fs_root(), "/tmp/f", fs_root(), "/tmp/g", false, 1), 0);
	assert_int_equal(lookup("/tmp/f", true)->nlink, 2);
	assert_int_equal(fs_link(fs_root(), "/tmp", fs_root(), "/tmp/t2", false, 1), -LX_EPERM);
	assert_int_equal(fs_symlink("f", fs_root(), "/tmp/s", 1), 0);
	assert_int_equal(fs_symlink("f", fs_root(), "/tmp/s", 1), -LX_EEXIST);
	assert_ptr_equal(lookup("/tmp/s", true), lookup("/tmp/f", true));
	ip = lookup("/tmp/s", false);
	assert_true(FS_ISLNK(ip->mode));
	assert_int_equal(fs_readlink(ip, buf, sizeof(buf)), 1);
	assert_int_equal(fs_readlink(lookup("/tmp/f", true), buf, sizeof(buf)), -LX_EINVAL);
	assert_int_equal(fs_symlink("/tmp", fs_root(), "/tmp/up", 1), 0);
	assert_ptr_equal(lookup("/tmp/up/up/up/f", true), lookup("/tmp/f", true));
	assert_int_equal(fs_symlink("l2", fs_root(), "/tmp/l1", 1), 0);
	assert_int_equal(fs_symlink("l1", fs_root(), "/tmp/l2", 1), 0);
	assert_int_equal(fs_resolve(fs_root(), "/tmp/l1", true, &ip), -LX_ELOOP);
	assert_int_equal(fs_resolve(fs_root(), "/tmp/l1", false, &ip), 0);
	assert_int_equal(fs_symlink("nowhere", fs_root(), "/tmp/dangle", 1), 0);
	assert_int_equal(fs_resolve(fs_root(), "/tmp/dangle", true, &ip), -LX_ENOENT);
	struct fs_file *f;
	assert_int_equal(
	    fs_open(fs_root(), "/tmp/dangle", FS_O_WRONLY | FS_O_CREAT | FS_O_EXCL, 0600, 1, &f),
	    -LX_EEXIST);
	assert_int_equal(fs_open(fs_root(), "/tmp/dangle", FS_O_WRONLY | FS_O_CREAT, 0600, 1, &f),
			 0);
	fs_file_put(f);
	assert_non_null(lookup("/tmp/nowhere", true));
	assert_int_equal(fs_open(fs_root(), "/tmp/s", FS_O_RDONLY | FS_O_NOFOLLOW, 0, 1, &f),
			 -LX_ELOOP);
	/* An open file outlives its names. */
	assert_int_equal(fs_open(fs_root(), "/tmp/f", FS_O_RDONLY, 0, 1, &f), 0);
	assert_int_equal(fs_unlink(fs_root(), "/tmp/f", 1), 0);
	assert_int_equal(fs_unlink(fs_root(), "/tmp/g", 1), 0);
	assert_int_equal(f->ino->nlink, 0);
	assert_int_equal(fs_read(f, buf, sizeof(buf), 1), 4);
	fs_file_put(f);
}

static void test_names(void **state)
{
	(void)state;
	static char path[FS_PATH_MAX + 8];
	struct fs_inode *ip;
	memset(path, 0, sizeof(path));
	strcpy(path, "/tmp/");
	memset(path + 5, 'n', 256);
	assert_int_equal(fs_mkdir(fs_root(), path, 0755, 1), -LX_ENAMETOOLONG);
	assert_int_equal(fs_resolve(fs_root(), path, true, &ip), -LX_ENAMETOOLONG);
	path[5 + 255] = 0;
	assert_int_equal(fs_mkdir(fs_root(), path, 0755, 1), 0);
	assert_int_equal(fs_rmdir(fs_root(), path, 1), 0);
	for (size_t i = 0; i < FS_PATH_MAX; i += 2)
		memcpy(path + i, "./", 2);
	path[FS_PATH_MAX] = 0;
	assert_int_equal(fs_resolve(fs_root(), path, true, &ip), -LX_ENAMETOOLONG);
	path[FS_PATH_MAX - 2] = 0;
	assert_int_equal(fs_resolve(fs_root(), path, true, &ip), 0);
	assert_int_equal(fs_resolve(fs_root(), "", true, &ip), -LX_ENOENT);
	/* 40 links are followed, not 41 */
	char from[16], to[16];
	for (int i = 0; i < 41; i++) {
		snprintf(from, sizeof(from), "c%d", i + 1);
		snprintf(to, sizeof(to), "/tmp/c%d", i);
		assert_int_equal(fs_symlink(from, fs_root(), to, 1), 0);
	}
	put("/tmp/c41", "end");
	assert_int_equal(fs_resolve(fs_root(), "/tmp/c1", true, &ip), 0);
	assert_int_equal(fs_resolve(fs_root(), "/tmp/c0", true, &ip), -LX_ELOOP);
}

static void test_rename(void **state)
{
	(void)state;
	struct fs_inode *r = fs_root();
	put("/tmp/a", "A");
	put("/tmp/b", "B");
	fs_mkdir(r, "/tmp/d", 0755, 1);
	fs_mkdir(r, "/tmp/d/sub", 0755, 1);
	fs_mkdir(r, "/tmp/e", 0755, 1);
	fs_mkdir(r, "/tmp/full", 0755, 1);
	put("/tmp/full/x", "x");
	assert_int_equal(fs_rename(r, "/tmp/a", r, "/tmp/b", 0, 1), 0);
	assert_null(lookup("/tmp/a", true));
	assert_int_equal(lookup("/tmp/b", true)->size, 1);
	assert_int_equal(fs_rename(r, "/tmp/missing", r, "/tmp/z", 0, 1), -LX_ENOENT);
	assert_int_equal(fs_rename(r, "/tmp/d", r, "/tmp/d/sub/in", 0, 1), -LX_EINVAL);
	assert_int_equal(fs_rename(r, "/tmp/d", r, "/tmp/d", 0, 1), 0);
	assert_int_equal(fs_rename(r, "/tmp/b", r, "/tmp/d", 0, 1), -LX_EISDIR);
	assert_int_equal(fs_rename(r, "/tmp/e", r, "/tmp/b", 0, 1), -LX_ENOTDIR);
	assert_int_equal(fs_rename(r, "/tmp/e", r, "/tmp/full", 0, 1), -LX_ENOTEMPTY);
	assert_int_equal(fs_rename(r, "/tmp/b", r, "/tmp/b/", 0, 1), -LX_ENOTDIR);
	assert_int_equal(fs_rename(r, "/tmp/b", r, "/tmp/e", 1, 1), -LX_EEXIST);
	assert_int_equal(fs_rename(r, "/tmp/e", r, "/tmp/d/sub", 0, 1), 0);
	assert_int_equal(lookup("/tmp/d", true)->nlink, 3);
	assert_int_equal(fs_rename(r, "/tmp/d/sub", r, "/tmp/top", 0, 1), 0);
	assert_int_equal(lookup("/tmp/d", true)->nlink, 2);
	assert_int_equal(lookup("/tmp/top", true)->nlink, 2);
	assert_ptr_equal(lookup("/tmp/top/..", true), lookup("/tmp", true));
	assert_int_equal(fs_rename(r, "/tmp/.", r, "/tmp/x", 0, 1), -LX_EBUSY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_devices, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_write, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_truncate_and_holes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_space_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dirs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_getdents, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_links, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
