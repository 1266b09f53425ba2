/* cpio.c - unpack a cpio archive (the "newc" format of Linux's initramfs) into the Linux server's
 * file system. */
#include "cpio.h"
#include "fs.h"
#include <string.h>

/*
 * The archive is a boot module, so it is checked as it is read: every header field
 * is hex, every name is inside the archive and NUL-terminated, every size fits, and a
 * path the file system refuses stops the unpacking with the reason.
 */

#define HEADER	   110
#define NAME_MAX_C 4096u

/* The @i-th 8-digit hex field of the header at @h (after the 6-byte magic). */
static bool field(const uint8_t *h, unsigned i, uint32_t *out)
{
	uint32_t v = 0;
	for (unsigned k = 0; k < 8; k++) {
		uint8_t c = h[6 + 8 * i + k];
		uint32_t d = c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
			     : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
						    : 16;
		if (d == 16)
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/* Create one entry: a directory, a regular file with @data, or a symbolic link. */
static int make_entry(const char *path, uint32_t mode, const uint8_t *data, uint32_t size,
		      uint64_t now)
{
	struct fs_file *f;
	char target[NAME_MAX_C + 1];
	int err;
	switch (mode & FS_IFMT) {
	case FS_IFDIR:
		err = fs_mkdir(fs_root(), path, mode & 07777, now);
		return err == -17 /* EEXIST: / and /tmp are there already */ ? 0 : err;
	case FS_IFREG:
		err = fs_open(fs_root(), path, FS_O_WRONLY | FS_O_CREAT | FS_O_TRUNC, mode & 07777,
			      now, &f);
		if (err)
			return err;
		long n = size ? fs_write(f, data, size, now) : 0;
		fs_file_put(f);
		return n < 0 ? (int)n : n != (long)size ? -28 /* ENOSPC */ : 0;
	case FS_IFLNK:
		if (size > NAME_MAX_C)
			return -36; /* ENAMETOOLONG */
		memcpy(target, data, size);
		target[size] = 0;
		return fs_symlink(target, fs_root(), path, now);
	default:
		return 0; /* devices, FIFOs, sockets: the server makes its own /dev */
	}
}

int lx_cpio_unpack(const uint8_t *cpio, size_t size, uint64_t now, const char **why)
{
	size_t at = 0;
	for (;;) {
		uint32_t mode, filesize, namesize;
		if (at > size || size - at < HEADER) {
			*why = "a cpio archive without its trailer";
			return -22;
		}
		const uint8_t *h = cpio + at;
		if (memcmp(h, "070701", 6) != 0 || !field(h, 1, &mode) || !field(h, 6, &filesize) ||
		    !field(h, 11, &namesize)) {
			*why = "a bad cpio header (only the newc format, 070701)";
			return -22;
		}
		const char *name = (const char *)h + HEADER;
		if (namesize < 1 || namesize > NAME_MAX_C || namesize > size - at - HEADER ||
		    name[namesize - 1] != 0 || memchr(name, 0, namesize) != name + namesize - 1) {
			*why = "a cpio name outside the archive or not terminated";
			return -22;
		}
		size_t data_at = align4(at + HEADER + namesize);
		if (data_at > size || filesize > size - data_at) {
			*why = "a cpio file outside the archive";
			return -22;
		}
		if (strcmp(name, "TRAILER!!!") == 0)
			return 0;
		/* "./bin/sh", "bin/sh" and "/bin/sh" are the same; "." is the root. */
		while (name[0] == '.' && name[1] == '/')
			name += 2;
		while (name[0] == '/')
			name++;
		if (name[0] && strcmp(name, ".") != 0) {
			int err = make_entry(name, mode, cpio + data_at, filesize, now);
			if (err) {
				*why = "a cpio entry the file system refuses";
				return err;
			}
		}
		at = align4(data_at + filesize);
	}
}
