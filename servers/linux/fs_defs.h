/* fs_defs.h - what the Linux server's core and file-system task both know of files. */
#ifndef LINUX_FS_DEFS_H
#define LINUX_FS_DEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Linux errno values (the server's C library numbers some differently). */
enum {
	LX_EPERM = 1,
	LX_ENOENT = 2,
	LX_EBADF = 9,
	LX_ENOMEM = 12,
	LX_EACCES = 13,
	LX_EFAULT = 14,
	LX_EBUSY = 16,
	LX_EEXIST = 17,
	LX_EXDEV = 18,
	LX_ENOTDIR = 20,
	LX_EISDIR = 21,
	LX_EINVAL = 22,
	LX_EMFILE = 24,
	LX_ENOTTY = 25,
	LX_EFBIG = 27,
	LX_ENOSPC = 28,
	LX_ESPIPE = 29,
	LX_ERANGE = 34,
	LX_ENAMETOOLONG = 36,
	LX_ENOSYS = 38,
	LX_ENOTEMPTY = 39,
	LX_ELOOP = 40,
	LX_EOVERFLOW = 75,
	LX_EAGAIN = 11,
	LX_EPIPE = 32,
	LX_ENFILE = 23,
};

/* Limits: more file data or inodes than these is ENOSPC, a longer file EFBIG. */
#define FS_DATA_MAX    (16u << 20)
#define FS_INODES_MAX  4096u
#define FS_FILE_MAX    (64u << 20)
#define FS_NAME_MAX    255u
#define FS_PATH_MAX    4096u /* with the terminating NUL */
#define FS_LINKS_MAX   40    /* symbolic links followed in one resolution */
#define FS_PAGE	       4096u
#define FS_PIPE_SIZE   65536u /* a pipe's capacity, as Linux's default */
#define FS_PIPE_ATOMIC 4096u  /* PIPE_BUF: writes up to this are never split */

/* File types and mode bits, as Linux's. */
#define FS_IFMT	     0170000u
#define FS_IFDIR     0040000u
#define FS_IFREG     0100000u
#define FS_IFLNK     0120000u
#define FS_IFCHR     0020000u
#define FS_IFIFO     0010000u
#define FS_ISDIR(m)  (((m)&FS_IFMT) == FS_IFDIR)
#define FS_ISREG(m)  (((m)&FS_IFMT) == FS_IFREG)
#define FS_ISLNK(m)  (((m)&FS_IFMT) == FS_IFLNK)
#define FS_ISFIFO(m) (((m)&FS_IFMT) == FS_IFIFO)

/* open(2) flags as on ARM Linux. */
#define FS_O_ACCMODE   3u
#define FS_O_RDONLY    0u
#define FS_O_WRONLY    1u
#define FS_O_RDWR      2u
#define FS_O_CREAT     0100u
#define FS_O_EXCL      0200u
#define FS_O_NOCTTY    0400u
#define FS_O_TRUNC     01000u
#define FS_O_APPEND    02000u
#define FS_O_NONBLOCK  04000u
#define FS_O_DIRECTORY 040000u
#define FS_O_NOFOLLOW  0100000u
#define FS_O_LARGEFILE 0400000u
#define FS_O_CLOEXEC   02000000u

/* Device inodes (rdev = major << 8 | minor, as Linux's old encoding). */
enum fs_dev { FS_DEV_NONE, FS_DEV_NULL, FS_DEV_ZERO, FS_DEV_URANDOM, FS_DEV_TTY, FS_DEV_CONSOLE };
/* The terminal devices: the server reads and writes them (tty.c); here they read end
 * of file and take every write. */
#define FS_IS_TTY(dev) ((dev) == FS_DEV_TTY || (dev) == FS_DEV_CONSOLE)

/* What stat(2) shows of an inode. */
struct fs_stat {
	uint32_t ino, mode, nlink, uid, gid, rdev_major, rdev_minor, blksize;
	uint64_t size, blocks, atime, mtime, ctime;
};

#endif
