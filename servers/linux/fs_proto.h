/* fs_proto.h - the protocol between the Linux server's core and its file-system task. */
#ifndef LINUX_FS_PROTO_H
#define LINUX_FS_PROTO_H

#include "fs_defs.h"

/*
 * The core calls the file-system task with a struct lx_fs_req in its message words
 * (label LX_FS_PROTO); the task answers with a struct lx_fs_reply, whose result is 0,
 * a byte count, or a negative Linux errno (a message label has 16 bits: too few). Paths and data go
 * through the memory both tasks attach (the spec's "fsbuf", LX_FS_BUF_BYTES): paths at LX_FS_PATH_A
 * and LX_FS_PATH_B, NUL-terminated within FS_PATH_MAX bytes, data at LX_FS_DATA, at most
 * LX_FS_IO_MAX bytes. The core has one thread and calls one at a time, so the buffer is the call's
 * alone.
 *
 * Open files and directories are handles: numbers the task gives out, each holding
 * its inode (an unlinked file lives on while a handle holds it). The core keeps the
 * offsets and flags of its open file descriptions and passes them in each request.
 * Handle LX_FS_ROOT is the root directory, always there. The task checks every
 * handle, length, offset and path: it trusts the core no more than a program.
 */
#define LX_FS_PROTO	0x6673
#define LX_FS_PATH_A	0u
#define LX_FS_PATH_B	FS_PATH_MAX
#define LX_FS_DATA	(2u * FS_PATH_MAX)
#define LX_FS_IO_MAX	65536u
#define LX_FS_BUF_BYTES (LX_FS_DATA + LX_FS_IO_MAX)
#define LX_FS_ROOT	1u
#define LX_FS_HANDLES	4096u /* open handles at once, the root's included */

/* req.at: the node an operation acts on is path A from req.node (not req.node itself),
 * following a final symbolic link if LX_FS_FOLLOW. */
#define LX_FS_AT_PATH 1u
#define LX_FS_FOLLOW  2u

enum lx_fs_op {
	LX_FS_INIT,	 /* make the tree, unpack the boot module linux_root */
	LX_FS_OPEN,	 /* path A from node with flags and mode: reply handle, stat, dev */
	LX_FS_RESOLVE,	 /* the node (at, follow) as a new handle: reply handle, stat, dev */
	LX_FS_DUP,	 /* another handle of node */
	LX_FS_CLOSE,	 /* give node's handle back */
	LX_FS_STAT,	 /* reply stat of the node */
	LX_FS_READ,	 /* n bytes at off of handle node to the data: reply off after */
	LX_FS_WRITE,	 /* n bytes of the data at off (flags: O_APPEND): reply off after */
	LX_FS_SEEK,	 /* lseek from off by a (signed) with whence in flags: reply off */
	LX_FS_GETDENTS,	 /* n bytes of linux_dirent64 records from cookie off: reply off */
	LX_FS_TRUNCATE,	 /* the node's length to a */
	LX_FS_CHMOD,	 /* the node's mode bits to mode */
	LX_FS_UTIMES,	 /* the node's atime to a, mtime to b (UINT64_MAX: leave) */
	LX_FS_READLINK,	 /* the node's target, at most n bytes, to the data */
	LX_FS_GETCWD,	 /* the path of directory node (with its NUL), at most n bytes */
	LX_FS_MKDIR,	 /* path A from node, mode */
	LX_FS_RMDIR,	 /* path A from node */
	LX_FS_UNLINK,	 /* path A from node */
	LX_FS_MKFIFO,	 /* path A from node, mode */
	LX_FS_SYMLINK,	 /* path B from node, a link to path A */
	LX_FS_RENAME,	 /* path A from node to path B from node2, flags */
	LX_FS_LINK,	 /* path A from node to path B from node2 (flags 1: follow A) */
	LX_FS_LINK_NODE, /* the node itself (handle) to path B from node2 */
	LX_FS_USAGE,	 /* reply off: bytes of file data, a: inodes */
	LX_FS_EMPTY_DIR, /* remove all below the node */
	LX_FS_PUT,	 /* path A from node made anew (mode) with n bytes of the data */
	LX_FS_OPS
};

/* A request: op and the words it needs, now the wall clock (ns) for the times. */
struct lx_fs_req {
	uint32_t op, node, node2, at, flags, mode, n, pad;
	uint64_t off, a, b, now;
};

/* A reply. */
struct lx_fs_reply {
	int32_t result;
	uint32_t handle, dev, pad; /* LX_FS_OPEN, LX_FS_RESOLVE: enum fs_dev */
	uint64_t off, a;
	struct fs_stat st;
};

#endif
