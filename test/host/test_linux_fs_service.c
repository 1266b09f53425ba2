/* test_linux_fs_service.c - host tests of the Linux file-system task's requests (fs_service.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fs.h"
#include "fs_service.h"

/*
 * Every request goes through lx_fs_serve() as the core would send it, with the shared
 * buffer a heap block of exactly LX_FS_BUF_BYTES: a read or write past it is an
 * AddressSanitizer error. The requests are untrusted, so half of these are attacks.
 */

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

static uint8_t *buf;	       /* the shared buffer */
static struct lx_fs_reply rep; /* the last request's reply */

#define DATA ((char *)buf + LX_FS_DATA) /* the data area */
#define NOW  1000u			/* the clock of a request that gives none */

static long serve(struct lx_fs_req req)
{
	if (!req.now)
		req.now = NOW;
	return lx_fs_serve(&req, &rep, buf);
}

/* Put NUL-terminated @s at @at of the buffer (NULL: leave it). */
static void set_path(uint32_t at, const char *s)
{
	if (s) {
		assert_true(strlen(s) < FS_PATH_MAX);
		strcpy((char *)buf + at, s);
	}
}

static long init(void)
{
	return serve((struct lx_fs_req){.op = LX_FS_INIT});
}

/* A request on path A from @node (and path B). */
static long op_path(uint32_t op, uint32_t node, const char *a, const char *b)
{
	set_path(LX_FS_PATH_A, a);
	set_path(LX_FS_PATH_B, b);
	return serve((struct lx_fs_req){.op = op, .node = node, .mode = 0755});
}

static long open_at(uint32_t node, const char *path, uint32_t flags, uint32_t mode)
{
	set_path(LX_FS_PATH_A, path);
	return serve(
	    (struct lx_fs_req){.op = LX_FS_OPEN, .node = node, .flags = flags, .mode = mode});
}

/* Open @path from the root: the handle. */
static uint32_t open_h(const char *path, uint32_t flags)
{
	assert_int_equal(open_at(LX_FS_ROOT, path, flags, 0644), 0);
	assert_true(rep.handle > LX_FS_ROOT && rep.handle < LX_FS_HANDLES);
	return rep.handle;
}

static long close_h(uint32_t h)
{
	return serve((struct lx_fs_req){.op = LX_FS_CLOSE, .node = h});
}

static long write_at(uint32_t h, uint64_t off, const void *data, uint32_t n, uint32_t flags)
{
	memcpy(DATA, data, n);
	return serve(
	    (struct lx_fs_req){.op = LX_FS_WRITE, .node = h, .n = n, .off = off, .flags = flags});
}

static long read_at(uint32_t h, uint64_t off, uint32_t n)
{
	return serve((struct lx_fs_req){.op = LX_FS_READ, .node = h, .n = n, .off = off});
}

/* PUT @path with the text @s. */
static long put(const char *path, const char *s)
{
	set_path(LX_FS_PATH_A, path);
	memcpy(DATA, s, strlen(s));
	return serve((struct lx_fs_req){
	    .op = LX_FS_PUT, .node = LX_FS_ROOT, .mode = 0644, .n = (uint32_t)strlen(s)});
}

/* STAT of @path from the root (following links if @follow) into rep.st. */
static long stat_path(const char *path, bool follow)
{
	set_path(LX_FS_PATH_A, path);
	return serve((struct lx_fs_req){.op = LX_FS_STAT,
					.node = LX_FS_ROOT,
					.at = LX_FS_AT_PATH | (follow ? LX_FS_FOLLOW : 0)});
}

static long stat_h(uint32_t h)
{
	return serve((struct lx_fs_req){.op = LX_FS_STAT, .node = h});
}

/* Inodes in use (LX_FS_USAGE). */
static uint64_t inodes_used(void)
{
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_USAGE}), 0);
	return rep.a;
}

static int setup_buf(void **state)
{
	(void)state;
	buf = malloc(LX_FS_BUF_BYTES);
	if (!buf)
		return -1;
	memset(buf, 0, LX_FS_BUF_BYTES);
	return 0;
}

static int setup(void **state)
{
	if (setup_buf(state))
		return -1;
	return init() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	lx_fs_service_reset();
	free(buf);
	buf = NULL;
	return 0;
}

/* ---- what the core does ---- */

static void test_open_write_read_stat(void **state)
{
	(void)state;
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp/f", FS_O_RDWR | FS_O_CREAT, 0644 | FS_IFDIR), 0);
	uint32_t h = rep.handle;
	assert_true(h > LX_FS_ROOT && h < LX_FS_HANDLES);
	assert_int_equal(rep.st.mode, FS_IFREG | 0644); /* the type bits of mode are not taken */
	assert_int_equal(rep.st.size, 0);
	assert_int_equal(rep.dev, FS_DEV_NONE);
	uint32_t ino = rep.st.ino;
	assert_int_equal(write_at(h, 3, "hello", 5, 0), 5);
	assert_int_equal(rep.off, 8);
	memset(DATA, 'x', 16);
	assert_int_equal(read_at(h, 0, 64), 8);
	assert_memory_equal(DATA, "\0\0\0hello", 8);
	assert_int_equal(rep.off, 8);
	assert_int_equal(read_at(h, 5, 2), 2);
	assert_memory_equal(DATA, "ll", 2);
	assert_int_equal(rep.off, 7);
	assert_int_equal(read_at(h, 8, 64), 0); /* the end */
	assert_int_equal(rep.off, 8);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.size, 8);
	assert_int_equal(rep.st.ino, ino);
	assert_int_equal(stat_path("/tmp/f", true), 0);
	assert_int_equal(rep.st.size, 8);
	assert_int_equal(rep.st.ino, ino);
	/* O_CREAT of what is there opens it; O_EXCL does not. */
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp/f", FS_O_RDONLY | FS_O_CREAT, 0600), 0);
	assert_int_equal(rep.st.ino, ino);
	assert_int_equal(close_h(rep.handle), 0);
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp/f", FS_O_RDWR | FS_O_CREAT | FS_O_EXCL, 0600),
			 -LX_EEXIST);
	assert_int_equal(close_h(h), 0);
}

static void test_append(void **state)
{
	(void)state;
	uint32_t w = open_h("/tmp/log", FS_O_WRONLY | FS_O_CREAT);
	assert_int_equal(write_at(w, 0, "abc", 3, 0), 3);
	/* O_APPEND goes to the end whatever offset the core passes. */
	assert_int_equal(write_at(w, 0, "de", 2, FS_O_APPEND), 2);
	assert_int_equal(rep.off, 5);
	assert_int_equal(write_at(w, 1, "fg", 2, FS_O_APPEND), 2);
	assert_int_equal(rep.off, 7);
	/* Without it, the offset the core passes. */
	assert_int_equal(write_at(w, 0, "X", 1, 0), 1);
	assert_int_equal(rep.off, 1);
	uint32_t r = open_h("/tmp/log", FS_O_RDONLY);
	assert_int_equal(read_at(r, 0, 64), 7);
	assert_memory_equal(DATA, "Xbcdefg", 7);
	/* A read-only handle is not written, a write-only one not read. */
	assert_int_equal(write_at(r, 0, "y", 1, 0), -LX_EBADF);
	assert_int_equal(read_at(w, 0, 4), -LX_EBADF);
	assert_int_equal(close_h(r), 0);
	assert_int_equal(close_h(w), 0);
}

/* The names of the linux_dirent64 records in the first @n bytes of the data, each
 * followed by a space. */
static void names_of(long n, char *out, size_t size)
{
	out[0] = 0;
	for (long at = 0; at < n;) {
		uint16_t reclen;
		memcpy(&reclen, DATA + at + 16, 2);
		assert_true(reclen >= 24 && reclen % 8 == 0 && at + reclen <= n);
		strncat(out, DATA + at + 19, size - strlen(out) - 2);
		strcat(out, " ");
		at += reclen;
	}
}

static void test_getdents(void **state)
{
	(void)state;
	char names[256];
	assert_int_equal(op_path(LX_FS_MKDIR, LX_FS_ROOT, "/tmp/d", NULL), 0);
	assert_int_equal(put("/tmp/d/file", "1"), 1);
	assert_int_equal(op_path(LX_FS_MKDIR, LX_FS_ROOT, "/tmp/d/sub", NULL), 0);
	uint32_t d = open_h("/tmp/d", FS_O_RDONLY | FS_O_DIRECTORY);
	long n = serve((struct lx_fs_req){.op = LX_FS_GETDENTS, .node = d, .n = LX_FS_IO_MAX});
	assert_true(n > 0);
	names_of(n, names, sizeof(names));
	assert_string_equal(names, ". .. file sub ");
	/* Going on from the cookie replied: the end. */
	uint64_t cookie = rep.off;
	assert_int_equal(serve((struct lx_fs_req){
			     .op = LX_FS_GETDENTS, .node = d, .n = LX_FS_IO_MAX, .off = cookie}),
			 0);
	/* A name made later comes after that cookie. */
	assert_int_equal(put("/tmp/d/late", ""), 0);
	n = serve(
	    (struct lx_fs_req){.op = LX_FS_GETDENTS, .node = d, .n = LX_FS_IO_MAX, .off = cookie});
	names_of(n, names, sizeof(names));
	assert_string_equal(names, "late ");
	/* One record at a time: the data holds one and the cookie moves on. */
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETDENTS, .node = d, .n = 24}), 24);
	assert_int_equal(rep.off, 1);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETDENTS, .node = d, .n = 8}),
			 -LX_EINVAL);
	/* Not a directory. */
	uint32_t f = open_h("/tmp/d/file", FS_O_RDONLY);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETDENTS, .node = f, .n = 256}),
			 -LX_ENOTDIR);
	assert_int_equal(read_at(d, 0, 16), -LX_EISDIR);
	assert_int_equal(close_h(f), 0);
	assert_int_equal(close_h(d), 0);
}

static void test_handle_life(void **state)
{
	(void)state;
	uint64_t before = inodes_used();
	assert_int_equal(put("/tmp/f", "data"), 4);
	set_path(LX_FS_PATH_A, "/tmp/f");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RESOLVE, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH}),
	    0);
	uint32_t resolved = rep.handle;
	uint32_t ino = rep.st.ino;
	assert_int_equal(rep.st.size, 4);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_DUP, .node = resolved}), 0);
	uint32_t dup = rep.handle;
	assert_true(dup != resolved && dup > LX_FS_ROOT);
	assert_int_equal(rep.st.ino, ino);
	uint32_t opened = open_h("/tmp/f", FS_O_RDONLY);
	/* Unlinked, it lives on while a handle holds it. */
	assert_int_equal(op_path(LX_FS_UNLINK, LX_FS_ROOT, "/tmp/f", NULL), 0);
	assert_int_equal(stat_path("/tmp/f", true), -LX_ENOENT);
	assert_int_equal(read_at(opened, 0, 64), 4);
	assert_memory_equal(DATA, "data", 4);
	assert_int_equal(stat_h(opened), 0);
	assert_int_equal(rep.st.nlink, 0);
	assert_int_equal(rep.st.ino, ino);
	/* A closed handle is gone, and closing it again fails. */
	assert_int_equal(close_h(opened), 0);
	assert_int_equal(read_at(opened, 0, 64), -LX_EBADF);
	assert_int_equal(stat_h(opened), -LX_EBADF);
	assert_int_equal(close_h(opened), -LX_EBADF);
	assert_int_equal(stat_h(resolved), 0);
	assert_int_equal(rep.st.ino, ino);
	assert_int_equal(close_h(resolved), 0);
	assert_int_equal(stat_h(dup), 0); /* the DUP holds it still */
	assert_int_equal(rep.st.ino, ino);
	assert_int_equal(inodes_used(), before + 1);
	assert_int_equal(close_h(dup), 0);
	assert_int_equal(inodes_used(), before); /* the last handle freed it */
	/* A freed handle is given out again. */
	uint32_t again = open_h("/tmp", FS_O_RDONLY);
	assert_true(again == resolved || again == dup || again == opened);
	assert_int_equal(close_h(again), 0);
}

static void test_resolve_links(void **state)
{
	(void)state;
	assert_int_equal(put("/tmp/t", "x"), 1);
	assert_int_equal(op_path(LX_FS_SYMLINK, LX_FS_ROOT, "t", "/tmp/s"), 0);
	set_path(LX_FS_PATH_A, "/tmp/s");
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_RESOLVE,
						  .node = LX_FS_ROOT,
						  .at = LX_FS_AT_PATH | LX_FS_FOLLOW}),
			 0);
	assert_int_equal(rep.st.mode & FS_IFMT, FS_IFREG);
	assert_int_equal(close_h(rep.handle), 0);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RESOLVE, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH}),
	    0);
	assert_int_equal(rep.st.mode & FS_IFMT, FS_IFLNK);
	uint32_t link = rep.handle;
	/* The handle of the link itself: its target. */
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_READLINK, .node = link, .n = 64}), 1);
	assert_memory_equal(DATA, "t", 1);
	assert_int_equal(close_h(link), 0);
	/* RESOLVE of the handle itself (no path) is a new handle of the same inode. */
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_RESOLVE, .node = LX_FS_ROOT}), 0);
	assert_int_equal(rep.st.mode, FS_IFDIR | 0755);
	assert_int_equal(close_h(rep.handle), 0);
}

static void test_put(void **state)
{
	(void)state;
	set_path(LX_FS_PATH_A, "/tmp/p");
	memcpy(DATA, "hello", 5);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_PUT, .node = LX_FS_ROOT, .mode = 0640, .n = 5}),
	    5);
	assert_int_equal(stat_path("/tmp/p", true), 0);
	assert_int_equal(rep.st.mode, FS_IFREG | 0640);
	assert_int_equal(rep.st.size, 5);
	uint32_t h = open_h("/tmp/p", FS_O_RDONLY);
	assert_int_equal(read_at(h, 0, 64), 5);
	assert_memory_equal(DATA, "hello", 5);
	/* Made anew: shorter data leaves nothing of the old. */
	assert_int_equal(put("/tmp/p", "ab"), 2);
	assert_int_equal(read_at(h, 0, 64), 2);
	assert_memory_equal(DATA, "ab", 2);
	assert_int_equal(put("/tmp/p", ""), 0);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.size, 0);
	/* The most it takes, all of the data area. */
	memset(DATA, 'q', LX_FS_IO_MAX);
	assert_int_equal(serve((struct lx_fs_req){
			     .op = LX_FS_PUT, .node = LX_FS_ROOT, .mode = 0600, .n = LX_FS_IO_MAX}),
			 LX_FS_IO_MAX);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.size, LX_FS_IO_MAX);
	assert_int_equal(close_h(h), 0);
	assert_int_equal(put("/tmp", "x"), -LX_EISDIR);
	assert_int_equal(put("/tmp/none/p", "x"), -LX_ENOENT);
}

static void test_rename_link(void **state)
{
	(void)state;
	assert_int_equal(put("/tmp/a", "A"), 1);
	assert_int_equal(op_path(LX_FS_RENAME, LX_FS_ROOT, "/tmp/a", "/tmp/b"),
			 -LX_EBADF); /* node2 */
	set_path(LX_FS_PATH_A, "/tmp/a");
	set_path(LX_FS_PATH_B, "/tmp/b");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RENAME, .node = LX_FS_ROOT, .node2 = LX_FS_ROOT}),
	    0);
	assert_int_equal(stat_path("/tmp/a", true), -LX_ENOENT);
	assert_int_equal(stat_path("/tmp/b", true), 0);
	uint32_t ino = rep.st.ino;
	/* Path B from another directory's handle. */
	assert_int_equal(op_path(LX_FS_MKDIR, LX_FS_ROOT, "/tmp/d", NULL), 0);
	uint32_t d = open_h("/tmp/d", FS_O_RDONLY);
	set_path(LX_FS_PATH_A, "/tmp/b");
	set_path(LX_FS_PATH_B, "c");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RENAME, .node = LX_FS_ROOT, .node2 = d}), 0);
	assert_int_equal(stat_path("/tmp/d/c", true), 0);
	assert_int_equal(rep.st.ino, ino);
	/* flags: RENAME_NOREPLACE, and nothing else. */
	assert_int_equal(put("/tmp/e", "E"), 1);
	set_path(LX_FS_PATH_A, "c");
	set_path(LX_FS_PATH_B, "/tmp/e");
	assert_int_equal(serve((struct lx_fs_req){
			     .op = LX_FS_RENAME, .node = d, .node2 = LX_FS_ROOT, .flags = 1}),
			 -LX_EEXIST);
	assert_int_equal(serve((struct lx_fs_req){
			     .op = LX_FS_RENAME, .node = d, .node2 = LX_FS_ROOT, .flags = 2}),
			 -LX_EINVAL);
	/* LINK: path A from node to path B from node2. */
	set_path(LX_FS_PATH_B, "/tmp/l");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_LINK, .node = d, .node2 = LX_FS_ROOT}), 0);
	assert_int_equal(stat_path("/tmp/l", true), 0);
	assert_int_equal(rep.st.ino, ino);
	assert_int_equal(rep.st.nlink, 2);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_LINK, .node = d, .node2 = LX_FS_ROOT}),
	    -LX_EEXIST);
	set_path(LX_FS_PATH_A, "/tmp/d");
	set_path(LX_FS_PATH_B, "/tmp/d2");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_LINK, .node = LX_FS_ROOT, .node2 = LX_FS_ROOT}),
	    -LX_EPERM);
	/* LINK of a symbolic link: the link itself, or (flags 1) what it names. */
	assert_int_equal(op_path(LX_FS_SYMLINK, LX_FS_ROOT, "/tmp/l", "/tmp/sym"), 0);
	set_path(LX_FS_PATH_A, "/tmp/sym");
	set_path(LX_FS_PATH_B, "/tmp/sym2");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_LINK, .node = LX_FS_ROOT, .node2 = LX_FS_ROOT}),
	    0);
	assert_int_equal(stat_path("/tmp/sym2", false), 0);
	assert_int_equal(rep.st.mode & FS_IFMT, FS_IFLNK);
	set_path(LX_FS_PATH_B, "/tmp/target2");
	assert_int_equal(
	    serve((struct lx_fs_req){
		.op = LX_FS_LINK, .node = LX_FS_ROOT, .node2 = LX_FS_ROOT, .flags = 1}),
	    0);
	assert_int_equal(stat_path("/tmp/target2", false), 0);
	assert_int_equal(rep.st.ino, ino);
	assert_int_equal(op_path(LX_FS_UNLINK, LX_FS_ROOT, "/tmp/target2", NULL), 0);
	/* LINK_NODE: the handle's inode to path B. */
	uint32_t h = open_h("/tmp/l", FS_O_RDONLY);
	set_path(LX_FS_PATH_B, "g");
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_LINK_NODE, .node = h, .node2 = d}),
			 0);
	assert_int_equal(stat_path("/tmp/d/g", true), 0);
	assert_int_equal(rep.st.ino, ino);
	assert_int_equal(rep.st.nlink, 3);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_LINK_NODE, .node = d, .node2 = d}),
			 -LX_EPERM); /* a directory */
	/* An unlinked file gets no name again. */
	uint32_t gone = open_h("/tmp/e", FS_O_RDONLY);
	assert_int_equal(op_path(LX_FS_UNLINK, LX_FS_ROOT, "/tmp/e", NULL), 0);
	set_path(LX_FS_PATH_B, "back");
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_LINK_NODE, .node = gone, .node2 = d}),
			 -LX_ENOENT);
	assert_int_equal(close_h(gone), 0);
	assert_int_equal(close_h(h), 0);
	assert_int_equal(close_h(d), 0);
}

static void test_symlink_readlink(void **state)
{
	(void)state;
	/* Path A is the target (any text), path B the new name. */
	assert_int_equal(op_path(LX_FS_SYMLINK, LX_FS_ROOT, "no/such/target", "/tmp/s"), 0);
	assert_int_equal(stat_path("/tmp/s", false), 0);
	assert_int_equal(rep.st.mode, FS_IFLNK | 0777);
	assert_int_equal(rep.st.size, 14);
	assert_int_equal(stat_path("/tmp/s", true), -LX_ENOENT);
	set_path(LX_FS_PATH_A, "/tmp/s");
	memset(DATA, 'x', 32);
	assert_int_equal(
	    serve((struct lx_fs_req){
		.op = LX_FS_READLINK, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH, .n = 64}),
	    14);
	assert_memory_equal(DATA, "no/such/target", 14);
	assert_int_equal(DATA[14], 'x'); /* readlink writes no NUL */
	assert_int_equal(
	    serve((struct lx_fs_req){
		.op = LX_FS_READLINK, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH, .n = 5}),
	    5);
	assert_memory_equal(DATA, "no/su", 5);
	assert_int_equal(op_path(LX_FS_SYMLINK, LX_FS_ROOT, "other", "/tmp/s"), -LX_EEXIST);
	/* Relative to a directory's handle. */
	uint32_t tmp = open_h("/tmp", FS_O_RDONLY);
	assert_int_equal(op_path(LX_FS_SYMLINK, tmp, "/tmp", "up"), 0);
	assert_int_equal(stat_path("/tmp/up/up/up", true), 0);
	assert_int_equal(rep.st.mode, FS_IFDIR | 01777);
	/* Not a link. */
	set_path(LX_FS_PATH_A, "/tmp");
	assert_int_equal(
	    serve((struct lx_fs_req){
		.op = LX_FS_READLINK, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH, .n = 64}),
	    -LX_EINVAL);
	assert_int_equal(close_h(tmp), 0);
}

static void test_seek(void **state)
{
	(void)state;
	assert_int_equal(put("/tmp/f", "0123456789"), 10);
	uint32_t h = open_h("/tmp/f", FS_O_RDONLY);
	struct lx_fs_req req = {.op = LX_FS_SEEK, .node = h, .flags = SEEK_SET, .a = 4};
	assert_int_equal(serve(req), 0);
	assert_int_equal(rep.off, 4);
	req = (struct lx_fs_req){.op = LX_FS_SEEK, .node = h, .flags = SEEK_CUR, .off = 4, .a = 2};
	assert_int_equal(serve(req), 0);
	assert_int_equal(rep.off, 6);
	req.flags = SEEK_END, req.a = (uint64_t)-3;
	assert_int_equal(serve(req), 0);
	assert_int_equal(rep.off, 7);
	req.flags = SEEK_END, req.a = 5;
	assert_int_equal(serve(req), 0);
	assert_int_equal(rep.off, 15);
	/* Bad whence, and offsets before the start. */
	req.a = 0;
	for (uint32_t whence = 3; whence < 8; whence++) {
		req.flags = whence;
		assert_int_equal(serve(req), -LX_EINVAL);
	}
	req.flags = UINT32_MAX;
	assert_int_equal(serve(req), -LX_EINVAL);
	req.flags = 0x80000000u;
	assert_int_equal(serve(req), -LX_EINVAL);
	req.flags = SEEK_SET, req.a = (uint64_t)-1;
	assert_int_equal(serve(req), -LX_EINVAL);
	req.flags = SEEK_CUR, req.off = 2, req.a = (uint64_t)-3;
	assert_int_equal(serve(req), -LX_EINVAL);
	req.flags = SEEK_END, req.a = (uint64_t)-11;
	assert_int_equal(serve(req), -LX_EINVAL);
	assert_int_equal(close_h(h), 0);
	req.node = h;
	assert_int_equal(serve(req), -LX_EBADF);
}

/*
 * A new offset past the largest one either way, with a sum that overflows: EINVAL (no
 * signed overflow, which UBSan would report). The offset is the core's, untrusted, and
 * a program reaches it too: lseek(fd, INT64_MAX, SEEK_SET) then lseek(fd, 1,
 * SEEK_CUR), or lseek(fd, INT64_MAX, SEEK_END) on a file that is not empty.
 */
static void test_seek_overflow(void **state)
{
	(void)state;
	assert_int_equal(put("/tmp/f", "0123456789"), 10);
	uint32_t h = open_h("/tmp/f", FS_O_RDONLY);
	struct lx_fs_req req = {
	    .op = LX_FS_SEEK, .node = h, .flags = SEEK_CUR, .off = INT64_MAX, .a = 1};
	assert_int_equal(serve(req), -LX_EINVAL);
	req = (struct lx_fs_req){.op = LX_FS_SEEK, .node = h, .flags = SEEK_END, .a = INT64_MAX};
	assert_int_equal(serve(req), -LX_EINVAL);
	req = (struct lx_fs_req){.op = LX_FS_SEEK,
				 .node = h,
				 .flags = SEEK_CUR,
				 .off = (uint64_t)INT64_MAX + 1,
				 .a = (uint64_t)INT64_MIN};
	assert_int_equal(serve(req), -LX_EINVAL);
	assert_int_equal(close_h(h), 0);
}

static void test_node_ops(void **state)
{
	(void)state;
	assert_int_equal(put("/tmp/f", "abcdefgh"), 8);
	uint32_t h = open_h("/tmp/f", FS_O_RDONLY);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_TRUNCATE, .node = h, .a = 3}), 0);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.size, 3);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_TRUNCATE, .node = h, .a = FS_FILE_MAX + 1ull}),
	    -LX_EFBIG);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_TRUNCATE, .node = LX_FS_ROOT, .a = 0}),
	    -LX_EISDIR);
	/* chmod takes the permission bits only: the type stays. */
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_CHMOD, .node = h, .mode = FS_IFDIR | 0700}), 0);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.mode, FS_IFREG | 0700);
	assert_int_equal(rep.st.ctime, NOW);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_CHMOD, .node = h, .mode = UINT32_MAX}), 0);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.mode, FS_IFREG | 07777);
	set_path(LX_FS_PATH_A, "/tmp/none");
	assert_int_equal(
	    serve((struct lx_fs_req){
		.op = LX_FS_CHMOD, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH, .mode = 0600}),
	    -LX_ENOENT);
	assert_int_equal(stat_h(h), 0);
	uint64_t mtime = rep.st.mtime;
	assert_int_equal(serve((struct lx_fs_req){
			     .op = LX_FS_UTIMES, .node = h, .a = 5, .b = UINT64_MAX, .now = 77}),
			 0);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.atime, 5);
	assert_int_equal(rep.st.mtime, mtime);
	assert_int_equal(rep.st.ctime, 77);
	assert_int_equal(close_h(h), 0);
}

static void test_readlink_getcwd_clamped(void **state)
{
	(void)state;
	/* The longest target there can be, read with a length past the data area. */
	static char target[FS_PATH_MAX];
	memset(target, 't', FS_PATH_MAX - 1);
	target[FS_PATH_MAX - 1] = 0;
	assert_int_equal(op_path(LX_FS_SYMLINK, LX_FS_ROOT, target, "/tmp/long"), 0);
	set_path(LX_FS_PATH_A, "/tmp/long");
	static const uint32_t lengths[] = {LX_FS_IO_MAX, LX_FS_IO_MAX + 1, 0x80000000u, UINT32_MAX};
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		memset(DATA, 0, LX_FS_IO_MAX);
		assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_READLINK,
							  .node = LX_FS_ROOT,
							  .at = LX_FS_AT_PATH,
							  .n = lengths[i]}),
				 FS_PATH_MAX - 1);
		assert_memory_equal(DATA, target, FS_PATH_MAX - 1);
	}
	assert_int_equal(op_path(LX_FS_MKDIR, LX_FS_ROOT, "/tmp/d", NULL), 0);
	uint32_t d = open_h("/tmp/d", FS_O_RDONLY);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETCWD, .node = d, .n = UINT32_MAX}),
			 7);
	assert_string_equal(DATA, "/tmp/d");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_GETCWD, .node = d, .n = LX_FS_IO_MAX + 1}), 7);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETCWD, .node = d, .n = 7}), 7);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETCWD, .node = d, .n = 6}),
			 -LX_ERANGE);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETCWD, .node = d, .n = 0}),
			 -LX_ERANGE);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_GETCWD, .node = LX_FS_ROOT, .n = UINT32_MAX}), 2);
	assert_string_equal(DATA, "/");
	/* A file is no working directory. */
	assert_int_equal(put("/tmp/f", "x"), 1);
	uint32_t f = open_h("/tmp/f", FS_O_RDONLY);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETCWD, .node = f, .n = 64}),
			 -LX_ENOENT);
	assert_int_equal(close_h(f), 0);
	assert_int_equal(close_h(d), 0);
}

/* A tree as deep as the inode limit allows, emptied in one call (without recursion:
 * a program can build it where the core empties /proc, and the task's stack is small),
 * with a file and a second directory at every level. */
static void test_empty_deep_dir(void **state)
{
	(void)state;
	uint64_t before = inodes_used();
	assert_int_equal(op_path(LX_FS_MKDIR, LX_FS_ROOT, "/tmp/deep", NULL), 0);
	uint32_t top = open_h("/tmp/deep", FS_O_RDONLY), cur = open_h("/tmp/deep", FS_O_RDONLY);
	for (int i = 0; i < 1200; i++) {
		assert_int_equal(op_path(LX_FS_MKDIR, cur, "d", NULL), 0);
		assert_int_equal(op_path(LX_FS_MKDIR, cur, "e", NULL), 0);
		set_path(LX_FS_PATH_A, "f");
		memcpy(DATA, "x", 1);
		assert_int_equal(
		    serve((struct lx_fs_req){.op = LX_FS_PUT, .node = cur, .mode = 0644, .n = 1}),
		    1);
		uint32_t next;
		set_path(LX_FS_PATH_A, "d");
		assert_int_equal(serve((struct lx_fs_req){
				     .op = LX_FS_RESOLVE, .node = cur, .at = LX_FS_AT_PATH}),
				 0);
		next = rep.handle;
		assert_int_equal(close_h(cur), 0);
		cur = next;
	}
	assert_int_equal(close_h(cur), 0);
	assert_true(inodes_used() > before + 3000);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_EMPTY_DIR, .node = top}), 0);
	assert_int_equal(inodes_used(), before + 1);
	long n = serve((struct lx_fs_req){.op = LX_FS_GETDENTS, .node = top, .n = 4096});
	char names[64];
	names_of(n, names, sizeof(names));
	assert_string_equal(names, ". .. ");
	assert_int_equal(close_h(top), 0);
}

static void test_empty_dir(void **state)
{
	(void)state;
	uint64_t before = inodes_used();
	assert_int_equal(op_path(LX_FS_MKDIR, LX_FS_ROOT, "/tmp/proc", NULL), 0);
	assert_int_equal(op_path(LX_FS_MKDIR, LX_FS_ROOT, "/tmp/proc/1", NULL), 0);
	assert_int_equal(put("/tmp/proc/1/stat", "S"), 1);
	assert_int_equal(put("/tmp/proc/uptime", "U"), 1);
	assert_int_equal(op_path(LX_FS_SYMLINK, LX_FS_ROOT, "1", "/tmp/proc/self"), 0);
	uint32_t p = open_h("/tmp/proc", FS_O_RDONLY);
	/* A directory below, held by a handle, and a file, held too. */
	uint32_t sub = open_h("/tmp/proc/1", FS_O_RDONLY);
	uint32_t file = open_h("/tmp/proc/uptime", FS_O_RDONLY);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_EMPTY_DIR, .node = p}), 0);
	long n = serve((struct lx_fs_req){.op = LX_FS_GETDENTS, .node = p, .n = 4096});
	char names[64];
	names_of(n, names, sizeof(names));
	assert_string_equal(names, ". .. ");
	assert_int_equal(stat_h(sub), 0);
	assert_int_equal(rep.st.nlink, 0);
	/* What was below takes no new names. */
	assert_int_equal(open_at(sub, "new", FS_O_RDWR | FS_O_CREAT, 0600), -LX_ENOENT);
	assert_int_equal(op_path(LX_FS_MKDIR, sub, "new", NULL), -LX_ENOENT);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETCWD, .node = sub, .n = 64}),
			 -LX_ENOENT);
	assert_int_equal(read_at(file, 0, 8), 1);
	assert_int_equal(inodes_used(), before + 3);
	assert_int_equal(close_h(sub), 0);
	assert_int_equal(close_h(file), 0);
	assert_int_equal(inodes_used(), before + 1);
	assert_int_equal(close_h(p), 0);
	/* Not a directory: by handle and by path. */
	assert_int_equal(put("/tmp/f", "x"), 1);
	uint32_t f = open_h("/tmp/f", FS_O_RDONLY);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_EMPTY_DIR, .node = f}), -LX_ENOTDIR);
	set_path(LX_FS_PATH_A, "/tmp/f");
	assert_int_equal(serve((struct lx_fs_req){
			     .op = LX_FS_EMPTY_DIR, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH}),
			 -LX_ENOTDIR);
	assert_int_equal(stat_path("/tmp/f", true), 0);
	assert_int_equal(close_h(f), 0);
}

static void test_removed_dir_as_base(void **state)
{
	(void)state;
	uint64_t before = inodes_used();
	assert_int_equal(op_path(LX_FS_MKDIR, LX_FS_ROOT, "/tmp/d", NULL), 0);
	uint32_t d = open_h("/tmp/d", FS_O_RDONLY);
	assert_int_equal(op_path(LX_FS_RMDIR, LX_FS_ROOT, "/tmp/d", NULL), 0);
	assert_int_equal(open_at(d, "x", FS_O_RDWR | FS_O_CREAT, 0600), -LX_ENOENT);
	assert_int_equal(op_path(LX_FS_MKDIR, d, "y", NULL), -LX_ENOENT);
	assert_int_equal(op_path(LX_FS_MKFIFO, d, "p", NULL), -LX_ENOENT);
	assert_int_equal(op_path(LX_FS_SYMLINK, d, "t", "z"), -LX_ENOENT);
	assert_int_equal(put("/tmp/a", "A"), 1);
	set_path(LX_FS_PATH_A, "/tmp/a");
	set_path(LX_FS_PATH_B, "a");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RENAME, .node = LX_FS_ROOT, .node2 = d}),
	    -LX_ENOENT);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_LINK, .node = LX_FS_ROOT, .node2 = d}),
	    -LX_ENOENT);
	set_path(LX_FS_PATH_A, "w");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_PUT, .node = d, .mode = 0600, .n = 1}),
	    -LX_ENOENT);
	set_path(LX_FS_PATH_A, "..");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RESOLVE, .node = d, .at = LX_FS_AT_PATH}),
	    -LX_ENOENT);
	assert_int_equal(inodes_used(), before + 2);
	assert_int_equal(close_h(d), 0);
	assert_int_equal(inodes_used(), before + 1);
}

static void test_fifo_and_devices(void **state)
{
	(void)state;
	assert_int_equal(op_path(LX_FS_MKFIFO, LX_FS_ROOT, "/tmp/fifo", NULL), 0);
	assert_int_equal(op_path(LX_FS_MKFIFO, LX_FS_ROOT, "/tmp/fifo", NULL), -LX_EEXIST);
	uint32_t p = open_h("/tmp/fifo", FS_O_RDWR);
	assert_int_equal(rep.st.mode & FS_IFMT, FS_IFIFO);
	assert_int_equal(read_at(p, 0, 8), -LX_ESPIPE); /* its data is the core's */
	assert_int_equal(write_at(p, 0, "x", 1, 0), -LX_ESPIPE);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_SEEK, .node = p}), -LX_ESPIPE);
	assert_int_equal(close_h(p), 0);
	uint32_t null = open_h("/dev/null", FS_O_RDWR);
	assert_int_equal(rep.dev, FS_DEV_NULL);
	assert_int_equal(write_at(null, 0, "abc", 3, FS_O_APPEND), 3);
	assert_int_equal(read_at(null, 0, 16), 0);
	uint32_t zero = open_h("/dev/zero", FS_O_RDONLY);
	assert_int_equal(rep.dev, FS_DEV_ZERO);
	memset(DATA, 7, LX_FS_IO_MAX);
	assert_int_equal(read_at(zero, 0, LX_FS_IO_MAX), LX_FS_IO_MAX);
	for (uint32_t i = 0; i < LX_FS_IO_MAX; i++)
		assert_int_equal(DATA[i], 0);
	assert_int_equal(close_h(zero), 0);
	assert_int_equal(close_h(null), 0);
	assert_int_equal(open_at(LX_FS_ROOT, "/dev/tty", FS_O_RDWR, 0), 0);
	assert_int_equal(rep.dev, FS_DEV_TTY);
	assert_int_equal(close_h(rep.handle), 0);
}

static void test_usage(void **state)
{
	(void)state;
	uint64_t inodes = inodes_used();
	assert_int_equal(rep.off, 0);
	memset(DATA, 'u', 5000);
	set_path(LX_FS_PATH_A, "/tmp/u");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_PUT, .node = LX_FS_ROOT, .mode = 0600, .n = 5000}),
	    5000);
	assert_int_equal(inodes_used(), inodes + 1);
	assert_int_equal(rep.off, 2 * FS_PAGE);
	assert_int_equal(op_path(LX_FS_UNLINK, LX_FS_ROOT, "/tmp/u", NULL), 0);
	assert_int_equal(inodes_used(), inodes);
	assert_int_equal(rep.off, 0);
}

static void test_init_again(void **state)
{
	(void)state;
	uint64_t before = inodes_used();
	assert_int_equal(put("/tmp/keep", "kept"), 4);
	assert_int_equal(put("/tmp/gone", "gone"), 4);
	uint32_t a = open_h("/tmp/keep", FS_O_RDONLY);
	uint32_t b = open_h("/tmp", FS_O_RDONLY);
	uint32_t held = open_h("/tmp/gone", FS_O_RDONLY);
	assert_int_equal(op_path(LX_FS_UNLINK, LX_FS_ROOT, "/tmp/gone", NULL), 0);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_DUP, .node = LX_FS_ROOT}), 0);
	uint32_t root2 = rep.handle;
	assert_int_equal(inodes_used(), before + 2);
	/* A core that starts anew: the files stay, the handles go, the root stays. */
	assert_int_equal(init(), 0);
	assert_int_equal(stat_h(a), -LX_EBADF);
	assert_int_equal(stat_h(b), -LX_EBADF);
	assert_int_equal(stat_h(held), -LX_EBADF);
	assert_int_equal(stat_h(root2), -LX_EBADF);
	assert_int_equal(inodes_used(), before + 1); /* the unlinked file went with its handle */
	assert_int_equal(stat_h(LX_FS_ROOT), 0);
	assert_int_equal(rep.st.mode, FS_IFDIR | 0755);
	uint32_t h = open_h("/tmp/keep", FS_O_RDONLY);
	assert_int_equal(h, LX_FS_ROOT + 1); /* the handles are all free again */
	assert_int_equal(read_at(h, 0, 16), 4);
	assert_memory_equal(DATA, "kept", 4);
	assert_int_equal(stat_path("/tmp/gone", true), -LX_ENOENT);
	assert_int_equal(close_h(h), 0);
}

/* ---- attacks ---- */

static void test_before_init(void **state)
{
	(void)state;
	for (uint32_t op = LX_FS_OPEN; op < LX_FS_OPS; op++) {
		set_path(LX_FS_PATH_A, "/tmp/x");
		set_path(LX_FS_PATH_B, "/tmp/y");
		assert_int_equal(serve((struct lx_fs_req){.op = op,
							  .node = LX_FS_ROOT,
							  .node2 = LX_FS_ROOT,
							  .at = LX_FS_AT_PATH,
							  .n = 4}),
				 -LX_EINVAL);
		assert_int_equal(serve((struct lx_fs_req){.op = op, .node = LX_FS_ROOT}),
				 -LX_EINVAL);
	}
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_OPS}), -LX_EINVAL);
	assert_int_equal(serve((struct lx_fs_req){.op = UINT32_MAX}), -LX_EINVAL);
	/* Then INIT, and the root is there. */
	assert_int_equal(init(), 0);
	assert_int_equal(stat_h(LX_FS_ROOT), 0);
	assert_int_equal(rep.st.mode, FS_IFDIR | 0755);
}

/* The handles no request may use: none, the table's end and past it, never given. */
static const uint32_t bad_handles[] = {
    0,		LX_FS_HANDLES,	LX_FS_HANDLES + 1, 0x7fffffffu, 0x80000000u,
    UINT32_MAX, LX_FS_ROOT + 1, LX_FS_HANDLES - 1, 77};

static void test_bad_handles(void **state)
{
	(void)state;
	static const uint32_t by_node[] = {
	    LX_FS_RESOLVE, LX_FS_DUP,	   LX_FS_CLOSE,	   LX_FS_STAT,	    LX_FS_READ,
	    LX_FS_WRITE,   LX_FS_SEEK,	   LX_FS_GETDENTS, LX_FS_TRUNCATE,  LX_FS_CHMOD,
	    LX_FS_UTIMES,  LX_FS_READLINK, LX_FS_GETCWD,   LX_FS_EMPTY_DIR, LX_FS_LINK_NODE};
	static const uint32_t by_base[] = {
	    LX_FS_OPEN,	  LX_FS_RESOLVE,  LX_FS_STAT,	LX_FS_TRUNCATE,	 LX_FS_CHMOD,
	    LX_FS_UTIMES, LX_FS_READLINK, LX_FS_GETCWD, LX_FS_EMPTY_DIR, LX_FS_MKDIR,
	    LX_FS_RMDIR,  LX_FS_UNLINK,	  LX_FS_MKFIFO, LX_FS_SYMLINK,	 LX_FS_RENAME,
	    LX_FS_LINK,	  LX_FS_PUT};
	assert_int_equal(put("/tmp/a", "A"), 1);
	uint64_t inodes = inodes_used();
	for (size_t i = 0; i < sizeof(bad_handles) / sizeof(bad_handles[0]); i++) {
		uint32_t h = bad_handles[i];
		for (size_t j = 0; j < sizeof(by_node) / sizeof(by_node[0]); j++)
			assert_int_equal(serve((struct lx_fs_req){.op = by_node[j],
								  .node = h,
								  .node2 = LX_FS_ROOT,
								  .n = 64,
								  .flags = FS_O_RDWR}),
					 -LX_EBADF);
		/* As the base of a path (node), and as node2. */
		for (size_t j = 0; j < sizeof(by_base) / sizeof(by_base[0]); j++) {
			set_path(LX_FS_PATH_A, "/tmp/a");
			set_path(LX_FS_PATH_B, "/tmp/b");
			assert_int_equal(serve((struct lx_fs_req){.op = by_base[j],
								  .node = h,
								  .node2 = LX_FS_ROOT,
								  .at = LX_FS_AT_PATH,
								  .flags = FS_O_RDWR | FS_O_CREAT,
								  .n = 1}),
					 -LX_EBADF);
		}
		set_path(LX_FS_PATH_A, "/tmp/a");
		set_path(LX_FS_PATH_B, "/tmp/b");
		assert_int_equal(
		    serve((struct lx_fs_req){.op = LX_FS_RENAME, .node = LX_FS_ROOT, .node2 = h}),
		    -LX_EBADF);
		assert_int_equal(
		    serve((struct lx_fs_req){.op = LX_FS_LINK, .node = LX_FS_ROOT, .node2 = h}),
		    -LX_EBADF);
		assert_int_equal(serve((struct lx_fs_req){
				     .op = LX_FS_LINK_NODE, .node = LX_FS_ROOT, .node2 = h}),
				 -LX_EBADF);
	}
	/* Nothing happened. */
	assert_int_equal(inodes_used(), inodes);
	assert_int_equal(stat_path("/tmp/a", true), 0);
	assert_int_equal(rep.st.nlink, 1);
	assert_int_equal(stat_path("/tmp/b", true), -LX_ENOENT);
}

static void test_close_root(void **state)
{
	(void)state;
	assert_int_equal(close_h(LX_FS_ROOT), -LX_EBADF);
	assert_int_equal(close_h(LX_FS_ROOT), -LX_EBADF);
	assert_int_equal(stat_h(LX_FS_ROOT), 0);
	assert_int_equal(rep.st.mode, FS_IFDIR | 0755);
	uint32_t tmp = open_h("tmp", FS_O_RDONLY); /* relative to the root */
	assert_int_equal(close_h(tmp), 0);
	/* A DUP of the root closes; the root stays. */
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_DUP, .node = LX_FS_ROOT}), 0);
	uint32_t dup = rep.handle;
	assert_true(dup != LX_FS_ROOT);
	assert_int_equal(close_h(dup), 0);
	assert_int_equal(close_h(dup), -LX_EBADF);
	/* The core writing the root's shared description changes nothing. */
	assert_int_equal(write_at(LX_FS_ROOT, 0, "x", 1, FS_O_APPEND), -LX_EBADF);
	assert_int_equal(read_at(LX_FS_ROOT, UINT64_MAX, 8), -LX_EISDIR);
	assert_int_equal(
	    serve((struct lx_fs_req){
		.op = LX_FS_GETDENTS, .node = LX_FS_ROOT, .n = 4096, .off = UINT64_MAX}),
	    0);
	assert_int_equal(open_at(LX_FS_ROOT, "dev/null", FS_O_RDWR, 0), 0);
	assert_int_equal(close_h(rep.handle), 0);
	assert_int_equal(stat_h(LX_FS_ROOT), 0);
}

/* Fill the whole buffer with 'a': no NUL anywhere, a scan that does not stop at
 * FS_PATH_MAX runs off its end (an ASan error). */
static void no_nul(void)
{
	memset(buf, 'a', LX_FS_BUF_BYTES);
}

static void test_unterminated_paths(void **state)
{
	(void)state;
	static const uint32_t with_a[] = {
	    LX_FS_OPEN,	  LX_FS_RESOLVE, LX_FS_STAT,   LX_FS_READLINK, LX_FS_CHMOD,
	    LX_FS_MKDIR,  LX_FS_RMDIR,	 LX_FS_UNLINK, LX_FS_MKFIFO,   LX_FS_SYMLINK,
	    LX_FS_RENAME, LX_FS_LINK,	 LX_FS_PUT,    LX_FS_EMPTY_DIR};
	static const uint32_t with_b[] = {LX_FS_SYMLINK, LX_FS_RENAME, LX_FS_LINK, LX_FS_LINK_NODE};
	uint32_t dir = open_h("/tmp", FS_O_RDONLY);
	uint64_t inodes = inodes_used();
	for (size_t i = 0; i < sizeof(with_a) / sizeof(with_a[0]); i++) {
		struct lx_fs_req req = {.op = with_a[i],
					.node = LX_FS_ROOT,
					.node2 = LX_FS_ROOT,
					.at = LX_FS_AT_PATH,
					.flags = FS_O_RDWR | FS_O_CREAT,
					.mode = 0600,
					.n = 1};
		no_nul();
		assert_int_equal(serve(req), -LX_ENAMETOOLONG);
		/* The NUL just past path A's FS_PATH_MAX bytes does not end it. */
		buf[LX_FS_PATH_B] = 0;
		assert_int_equal(serve(req), -LX_ENAMETOOLONG);
	}
	for (size_t i = 0; i < sizeof(with_b) / sizeof(with_b[0]); i++) {
		struct lx_fs_req req = {
		    .op = with_b[i], .node = LX_FS_ROOT, .node2 = LX_FS_ROOT, .n = 1};
		if (with_b[i] == LX_FS_LINK_NODE)
			req.node = dir; /* LINK_NODE reads no path A */
		no_nul();
		strcpy((char *)buf + LX_FS_PATH_A, "/tmp");
		assert_int_equal(serve(req), -LX_ENAMETOOLONG);
		buf[LX_FS_DATA] = 0;
		assert_int_equal(serve(req), -LX_ENAMETOOLONG);
	}
	assert_int_equal(inodes_used(), inodes);
	/* The longest path there can be: FS_PATH_MAX - 1 bytes and the NUL at the end. */
	memset(buf, 0, LX_FS_BUF_BYTES);
	buf[0] = '/';
	for (uint32_t i = 1; i + 1 < FS_PATH_MAX - 1; i += 2)
		memcpy(buf + i, "./", 2);
	assert_int_equal(strlen((char *)buf), FS_PATH_MAX - 1);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_STAT, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH}),
	    0);
	assert_int_equal(rep.st.mode, FS_IFDIR | 0755);
	/* An empty path names nothing. */
	buf[0] = 0;
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_STAT, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH}),
	    -LX_ENOENT);
	assert_int_equal(close_h(dir), 0);
}

static void test_io_too_long(void **state)
{
	(void)state;
	uint32_t h = open_h("/tmp/f", FS_O_RDWR | FS_O_CREAT);
	uint32_t d = open_h("/tmp", FS_O_RDONLY);
	static const uint32_t too_long[] = {LX_FS_IO_MAX + 1, LX_FS_IO_MAX * 2, 0x80000000u,
					    UINT32_MAX};
	for (size_t i = 0; i < sizeof(too_long) / sizeof(too_long[0]); i++) {
		uint32_t n = too_long[i];
		assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_READ, .node = h, .n = n}),
				 -LX_EINVAL);
		assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_WRITE, .node = h, .n = n}),
				 -LX_EINVAL);
		assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_GETDENTS, .node = d, .n = n}),
				 -LX_EINVAL);
		set_path(LX_FS_PATH_A, "/tmp/p");
		assert_int_equal(
		    serve((struct lx_fs_req){.op = LX_FS_PUT, .node = LX_FS_ROOT, .n = n}),
		    -LX_EINVAL);
	}
	assert_int_equal(stat_path("/tmp/p", true), -LX_ENOENT);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.size, 0);
	/* LX_FS_IO_MAX itself is the whole data area, no more. */
	for (uint32_t i = 0; i < LX_FS_IO_MAX; i++)
		DATA[i] = (char)(i * 7 + 3);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_WRITE, .node = h, .n = LX_FS_IO_MAX, .off = 1}),
	    LX_FS_IO_MAX);
	memset(DATA, 0, LX_FS_IO_MAX);
	assert_int_equal(read_at(h, 1, LX_FS_IO_MAX), LX_FS_IO_MAX);
	for (uint32_t i = 0; i < LX_FS_IO_MAX; i++)
		assert_int_equal((uint8_t)DATA[i], (uint8_t)(i * 7 + 3));
	assert_int_equal(close_h(d), 0);
	assert_int_equal(close_h(h), 0);
}

static void test_hostile_offsets(void **state)
{
	(void)state;
	uint32_t h = open_h("/tmp/f", FS_O_RDWR | FS_O_CREAT);
	assert_int_equal(write_at(h, 0, "abc", 3, 0), 3);
	/* Writes past the largest file, also where off + n wraps around. */
	assert_int_equal(write_at(h, FS_FILE_MAX, "x", 1, 0), -LX_EFBIG);
	assert_int_equal(write_at(h, UINT64_MAX, "x", 1, 0), -LX_EFBIG);
	assert_int_equal(write_at(h, UINT64_MAX - 2, "xyzw", 4, 0), -LX_EFBIG);
	assert_int_equal(write_at(h, (uint64_t)INT64_MAX + 1, "x", 1, 0), -LX_EFBIG);
	/* Up to the end of the largest file: what fits. */
	assert_int_equal(write_at(h, FS_FILE_MAX - 2, "xyzw", 4, 0), 2);
	assert_int_equal(stat_h(h), 0);
	assert_int_equal(rep.st.size, FS_FILE_MAX);
	assert_int_equal(rep.st.blocks, 2 * FS_PAGE / 512); /* the holes take nothing */
	/* Reads past the end are the end. */
	assert_int_equal(read_at(h, UINT64_MAX, 16), 0);
	assert_int_equal(read_at(h, (uint64_t)INT64_MAX + 1, 16), 0);
	assert_int_equal(read_at(h, FS_FILE_MAX - 1, 16), 1);
	assert_int_equal(DATA[0], 'y');
	/* Cookies nothing has. */
	uint32_t d = open_h("/tmp", FS_O_RDONLY);
	assert_int_equal(serve((struct lx_fs_req){
			     .op = LX_FS_GETDENTS, .node = d, .n = 4096, .off = UINT64_MAX}),
			 0);
	assert_int_equal(close_h(d), 0);
	assert_int_equal(close_h(h), 0);
}

static void test_unknown_op(void **state)
{
	(void)state;
	static const uint32_t ops[] = {LX_FS_OPS,  LX_FS_OPS + 1, 0x100,
				       0x7fffffff, 0x80000000u,	  UINT32_MAX};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		assert_int_equal(serve((struct lx_fs_req){.op = ops[i], .node = LX_FS_ROOT}),
				 -LX_ENOSYS);
	/* The reply is cleared, not left with an earlier request's words. */
	assert_int_equal(stat_h(LX_FS_ROOT), 0);
	assert_int_equal(serve((struct lx_fs_req){.op = UINT32_MAX}), -LX_ENOSYS);
	assert_int_equal(rep.st.mode, 0);
	assert_int_equal(rep.handle, 0);
}

static void test_file_as_base(void **state)
{
	(void)state;
	assert_int_equal(put("/tmp/f", "x"), 1);
	uint32_t f = open_h("/tmp/f", FS_O_RDONLY);
	assert_int_equal(open_at(f, "x", FS_O_RDWR | FS_O_CREAT, 0600), -LX_ENOTDIR);
	assert_int_equal(open_at(f, "x", FS_O_RDONLY, 0), -LX_ENOTDIR);
	/* The base is checked even where an absolute path would not use it. */
	assert_int_equal(open_at(f, "/tmp/f", FS_O_RDONLY, 0), -LX_ENOTDIR);
	assert_int_equal(op_path(LX_FS_MKDIR, f, "x", NULL), -LX_ENOTDIR);
	assert_int_equal(op_path(LX_FS_UNLINK, f, "x", NULL), -LX_ENOTDIR);
	assert_int_equal(op_path(LX_FS_SYMLINK, f, "t", "x"), -LX_ENOTDIR);
	set_path(LX_FS_PATH_A, "x");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_STAT, .node = f, .at = LX_FS_AT_PATH}),
	    -LX_ENOTDIR);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RESOLVE, .node = f, .at = LX_FS_AT_PATH}),
	    -LX_ENOTDIR);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_PUT, .node = f, .mode = 0600, .n = 1}),
	    -LX_ENOTDIR);
	set_path(LX_FS_PATH_A, "/tmp/f");
	set_path(LX_FS_PATH_B, "y");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RENAME, .node = LX_FS_ROOT, .node2 = f}),
	    -LX_ENOTDIR);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_LINK, .node = LX_FS_ROOT, .node2 = f}),
	    -LX_ENOTDIR);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_LINK_NODE, .node = f, .node2 = f}),
			 -LX_ENOTDIR);
	assert_int_equal(stat_h(f), 0);
	assert_int_equal(rep.st.nlink, 1);
	assert_int_equal(close_h(f), 0);
}

static void test_bad_open_flags(void **state)
{
	(void)state;
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp/f", 3 | FS_O_CREAT, 0600), -LX_EINVAL);
	assert_int_equal(stat_path("/tmp/f", true), -LX_ENOENT);
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp", FS_O_WRONLY, 0), -LX_EISDIR);
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp", FS_O_RDONLY | FS_O_CREAT, 0), -LX_EISDIR);
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp/none", FS_O_RDONLY, 0), -LX_ENOENT);
	assert_int_equal(open_at(LX_FS_ROOT, "/dev/null", FS_O_RDONLY | FS_O_DIRECTORY, 0),
			 -LX_ENOTDIR);
	/* The handle of RESOLVE is read-only. */
	assert_int_equal(put("/tmp/f", "abc"), 3);
	set_path(LX_FS_PATH_A, "/tmp/f");
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_RESOLVE, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH}),
	    0);
	uint32_t h = rep.handle;
	assert_int_equal(write_at(h, 0, "x", 1, 0), -LX_EBADF);
	assert_int_equal(read_at(h, 0, 8), 3);
	assert_int_equal(close_h(h), 0);
}

static void test_handle_exhaustion(void **state)
{
	(void)state;
	uint32_t count = 0;
	long r;
	while ((r = open_at(LX_FS_ROOT, "/tmp", FS_O_RDONLY, 0)) == 0) {
		assert_true(rep.handle > LX_FS_ROOT && rep.handle < LX_FS_HANDLES);
		count++;
		assert_true(count < LX_FS_HANDLES);
	}
	assert_int_equal(r, -LX_ENFILE);
	assert_int_equal(rep.handle, 0);
	assert_int_equal(count, LX_FS_HANDLES - 2); /* all but 0 and the root */
	/* Every way to a handle fails, and takes nothing. */
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_DUP, .node = LX_FS_ROOT}),
			 -LX_ENFILE);
	assert_int_equal(serve((struct lx_fs_req){.op = LX_FS_RESOLVE, .node = LX_FS_ROOT}),
			 -LX_ENFILE);
	uint64_t inodes = inodes_used();
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp/new", FS_O_RDWR | FS_O_CREAT, 0600), -LX_ENFILE);
	/* ENFILE comes before anything is made, as on Linux. */
	assert_int_equal(inodes_used(), inodes);
	assert_int_equal(
	    serve((struct lx_fs_req){.op = LX_FS_STAT, .node = LX_FS_ROOT, .at = LX_FS_AT_PATH}),
	    -LX_ENOENT);
	/* The root and the other requests go on. */
	assert_int_equal(stat_h(LX_FS_ROOT), 0);
	assert_int_equal(put("/tmp/p", "x"), 1);
	/* One closed, one opened again, in the same place. */
	assert_int_equal(close_h(100), 0);
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp", FS_O_RDONLY, 0), 0);
	assert_int_equal(rep.handle, 100);
	assert_int_equal(open_at(LX_FS_ROOT, "/tmp", FS_O_RDONLY, 0), -LX_ENFILE);
	for (uint32_t h = LX_FS_ROOT + 1; h < LX_FS_HANDLES; h++)
		assert_int_equal(close_h(h), 0);
	assert_int_equal(close_h(LX_FS_ROOT + 1), -LX_EBADF);
	assert_int_equal(open_h("/tmp", FS_O_RDONLY), LX_FS_ROOT + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_write_read_stat, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_append, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_getdents, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_handle_life, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resolve_links, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_put, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rename_link, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_symlink_readlink, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_seek, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_seek_overflow, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_node_ops, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_readlink_getcwd_clamped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_dir, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_deep_dir, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_removed_dir_as_base, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fifo_and_devices, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_usage, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_init_again, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_before_init, setup_buf, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_handles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_close_root, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unterminated_paths, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_io_too_long, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_offsets, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_op, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_as_base, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_open_flags, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_handle_exhaustion, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
