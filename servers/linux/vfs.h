/* vfs.h - the core's files: open file descriptions, and the file-system task's calls. */
#ifndef LINUX_VFS_H
#define LINUX_VFS_H

#include "fs_defs.h"
#include "pipe.h"

/* A file or directory of the file-system task held by the core (a working directory, a
 * starting point): its handle there. 0 is none; vfs_root() is always there. */
typedef uint32_t lx_node_t;

/* An open file description: shared by dup'd descriptors (and a later fork). The
 * file-system task holds the file (node); the offset and flags are the core's. */
struct lx_file {
	uint32_t refs;
	uint32_t flags;	      /* FS_O_* as opened (access mode, O_APPEND, O_NONBLOCK...) */
	uint64_t off;	      /* bytes; directories: the cookie of the last entry returned */
	lx_node_t node;	      /* 0 for an unnamed pipe */
	uint32_t mode, ino;   /* type and mode bits, inode number, as opened */
	enum fs_dev dev;      /* what device it is (FS_DEV_NONE: none) */
	struct lx_pipe *pipe; /* unnamed pipes and FIFOs: the data */
};

/**
 * vfs_init() - connect to the file-system task (the capability "fs" and the memory
 * "fsbuf") and have it make the tree and unpack the root file system, with @now (ns)
 * as the time. Return: 0, or -1 (no task: every file call then fails with EIO).
 */
int vfs_init(uint64_t now);
lx_node_t vfs_root(void);

/* Another handle of @n (a working directory inherited), or 0; and give one back. */
lx_node_t vfs_hold(lx_node_t n);
void vfs_release(lx_node_t n);

/*
 * The calls on one file or directory name it as @n itself (@path NULL) or as @path from
 * directory @n, following a final symbolic link if @follow. Each returns 0 (or a
 * count) or -errno, as the system call of the same name.
 */
/* A new handle (give it back with vfs_release()) and its stat. */
int vfs_resolve(lx_node_t n, const char *path, bool follow, lx_node_t *out, struct fs_stat *st);
int vfs_stat(lx_node_t n, const char *path, bool follow, struct fs_stat *st);
int vfs_truncate(lx_node_t n, const char *path, uint64_t len, uint64_t now);
int vfs_chmod(lx_node_t n, const char *path, bool follow, uint32_t mode, uint64_t now);
/* Times in ns; UINT64_MAX leaves one as it is. */
int vfs_set_times(lx_node_t n, const char *path, bool follow, uint64_t atime, uint64_t mtime,
		  uint64_t now);
/* The target of a link, at most @size bytes into @buf. Return: bytes, or -errno. */
long vfs_readlink(lx_node_t n, const char *path, char *buf, size_t size);
/* The path of directory @n with its NUL, at most @size bytes. Return: length, -errno. */
long vfs_getcwd(lx_node_t n, char *buf, size_t size);
/* Remove everything below directory @path from @n (the core's /proc). */
int vfs_empty_dir(lx_node_t n, const char *path, uint64_t now);

/* The calls on names, from directory @n (@n2 for the second path). */
int vfs_mkdir(lx_node_t n, const char *path, uint32_t mode, uint64_t now);
int vfs_rmdir(lx_node_t n, const char *path, uint64_t now);
int vfs_unlink(lx_node_t n, const char *path, uint64_t now);
int vfs_mkfifo(lx_node_t n, const char *path, uint32_t mode, uint64_t now);
int vfs_symlink(const char *target, lx_node_t n, const char *path, uint64_t now);
int vfs_rename(lx_node_t n, const char *path, lx_node_t n2, const char *path2, uint32_t flags,
	       uint64_t now);
int vfs_link(lx_node_t n, const char *path, lx_node_t n2, const char *path2, bool follow,
	     uint64_t now);
/* link(2) of the open file @f itself (linkat with AT_EMPTY_PATH). */
int vfs_link_file(const struct lx_file *f, lx_node_t n2, const char *path2, uint64_t now);
/* The file @path from @n made anew (mode @mode) with the @size bytes of @data. */
int vfs_put(lx_node_t n, const char *path, uint32_t mode, const void *data, size_t size,
	    uint64_t now);
/* Bytes of file data and inodes in use. */
void vfs_usage(uint64_t *bytes, uint32_t *inodes);

/**
 * vfs_open() - open(2) of @path from @n with FS_O_* @flags and mode bits @mode (the
 * umask applied). A FIFO's file gets its pipe and counts as one of its ends. Return:
 * 0 with *@out (one reference) and, if @st is not NULL, the file's stat as opened
 * (the task sends it with the handle: no second call), or -errno.
 */
int vfs_open(lx_node_t n, const char *path, uint32_t flags, uint32_t mode, uint64_t now,
	     struct lx_file **out, struct fs_stat *st);
/* pipe(2): an unnamed pipe's read and write ends with @flags (O_NONBLOCK) added, one
 * reference each. Return: 0, or -ENFILE. */
int vfs_pipe_new(uint32_t flags, uint64_t now, struct lx_file **rd, struct lx_file **wr);
void vfs_file_get(struct lx_file *f);
void vfs_file_put(struct lx_file *f);

/* read(2)/write(2) of at most LX_FS_IO_MAX bytes at the file's offset (its end with
 * O_APPEND), and pread/pwrite at @off. A pipe: lx_pipe_read()/lx_pipe_write(). */
long vfs_read(struct lx_file *f, void *buf, size_t n, uint64_t now);
long vfs_write(struct lx_file *f, const void *buf, size_t n, uint64_t now);
long vfs_pread(struct lx_file *f, void *buf, size_t n, uint64_t off, uint64_t now);
long vfs_pwrite(struct lx_file *f, const void *buf, size_t n, uint64_t off, uint64_t now);
/* lseek(2): @whence 0 SET, 1 CUR, 2 END. Return: 0 with *@res (the new offset). */
int vfs_seek(struct lx_file *f, int64_t off, int whence, uint64_t *res);
/* getdents64(2) into @buf (@n bytes) from the directory's offset on. */
long vfs_getdents(struct lx_file *f, void *buf, size_t n);
int vfs_fstat(const struct lx_file *f, struct fs_stat *st);
/* Poll bits (POLLIN 1, POLLOUT 4, ...): a pipe's state; other files are always ready. */
unsigned vfs_poll(const struct lx_file *f);

#endif
