/*
 * posix_file.c - open(), read(), write(), lseek(), close() and fstat() as picolibc's
 * headers declare them, which its fopen() and fdopen() build on: L4Re's read-only
 * rom/ namespace of boot modules, and file descriptors 0, 1 and 2 for stdio.
 *
 * "rom/NAME" (or "/rom/NAME") is the named capability NAME of the environment if the
 * loader marked it a boot module's dataspace (L4RE_ENV_CAP_F_ROM, from a capDL cap to
 * `memory ... module`): a program reads the modules it was given and no other.
 * open() attaches the dataspace read-only through the region mapper; read() copies
 * from there; close() detaches it. docs/posix.md.
 */
/* picolibc declares usleep(), nanosleep() and the POSIX calls for POSIX programs. */
#define _DEFAULT_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/rm.h>
#include <l4/re/env.h>
#include <l4/sys/vcon.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIRST_FILE 3 /* 0, 1, 2: stdin (no input), stdout and stderr (the log) */
#define MAX_FILES  8

static struct rom_file {
	bool used;
	const char *data; /* where its dataspace is attached */
	unsigned long size;
	unsigned long pos;
} files[MAX_FILES];

static struct rom_file *file_of(int fd)
{
	if (fd < FIRST_FILE || fd >= FIRST_FILE + MAX_FILES || !files[fd - FIRST_FILE].used)
		return NULL;
	return &files[fd - FIRST_FILE];
}

static int fail(int err)
{
	errno = err;
	return -1;
}

/* The environment entry of rom file @path, or NULL. */
static const l4re_env_cap_entry_t *rom_entry(const char *path)
{
	if (*path == '/')
		path++;
	if (strncmp(path, "rom/", 4) != 0)
		return NULL;
	path += 4;
	const l4re_env_cap_entry_t *e =
	    *path ? l4re_env_get_cap_l(path, (unsigned)strlen(path), l4re_env()) : NULL;
	return e && (e->flags & L4RE_ENV_CAP_F_ROM) ? e : NULL;
}

int open(const char *path, int flags, ...)
{
	if (!path)
		return fail(EFAULT);
	const l4re_env_cap_entry_t *e = rom_entry(path);
	if (!e)
		return fail(ENOENT);
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND)))
		return fail(EROFS);
	unsigned i = 0;
	while (i < MAX_FILES && files[i].used)
		i++;
	if (i == MAX_FILES)
		return fail(EMFILE);
	long size = l4re_ds_keel_bytes(e->cap);
	if (size < 0)
		return fail(EIO);
	void *at = NULL;
	/* An empty module has nothing to attach. */
	if (size && l4re_rm_attach(&at, (unsigned long)size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R,
				   e->cap, 0, L4_PAGESHIFT) < 0)
		return fail(l4_is_invalid_cap(l4re_env()->rm) ? ENOTSUP : ENOMEM);
	files[i] = (struct rom_file){.used = true, .data = at, .size = (unsigned long)size};
	return FIRST_FILE + (int)i;
}

ssize_t read(int fd, void *buf, size_t count)
{
	if (fd == STDIN_FILENO)
		return 0; /* no input: the console server brings it */
	struct rom_file *f = file_of(fd);
	if (!f)
		return fail(EBADF);
	if (f->pos >= f->size)
		return 0;
	size_t n = f->size - f->pos < count ? f->size - f->pos : count;
	memcpy(buf, f->data + f->pos, n);
	f->pos += n;
	return (ssize_t)n;
}

ssize_t write(int fd, const void *buf, size_t count)
{
	if (fd != STDOUT_FILENO && fd != STDERR_FILENO)
		return fail(EBADF); /* stdin, and rom files: not open for writing */
	/* After what stdio buffered, in the log's pieces. */
	l4re_flush_output();
	for (size_t done = 0; done < count;) {
		size_t n = count - done < L4_VCON_WRITE_SIZE ? count - done : L4_VCON_WRITE_SIZE;
		l4_vcon_write(l4re_log_cap(), (const char *)buf + done, (unsigned)n);
		done += n;
	}
	return (ssize_t)count;
}

off_t lseek(int fd, off_t offset, int whence)
{
	struct rom_file *f = file_of(fd);
	if (!f)
		return fail(fd >= 0 && fd < FIRST_FILE ? ESPIPE : EBADF);
	off_t base = whence == SEEK_SET	  ? 0
		     : whence == SEEK_CUR ? (off_t)f->pos
		     : whence == SEEK_END ? (off_t)f->size
					  : -1;
	if (base < 0 || offset < -base || offset > (off_t)0x7fffffff - base)
		return fail(EINVAL);
	f->pos = (unsigned long)(base + offset);
	return (off_t)f->pos;
}

int close(int fd)
{
	if (fd >= 0 && fd < FIRST_FILE)
		return 0; /* stdio stays the log */
	struct rom_file *f = file_of(fd);
	if (!f)
		return fail(EBADF);
	if (f->size)
		l4re_rm_detach((void *)f->data);
	*f = (struct rom_file){0};
	return 0;
}

int fstat(int fd, struct stat *st)
{
	struct rom_file *f = file_of(fd);
	if (!f && (fd < 0 || fd >= FIRST_FILE))
		return fail(EBADF);
	memset(st, 0, sizeof(*st));
	st->st_mode = f ? S_IFREG | 0444 : S_IFCHR | 0620;
	st->st_size = f ? (off_t)f->size : 0;
	st->st_blksize = L4_PAGESIZE;
	return 0;
}
