/* fs.h - the Linux server's in-memory file system (tmpfs semantics), independent of processes. */
#ifndef LINUX_FS_H
#define LINUX_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs_defs.h"

/* A name in a directory. Entries keep the order they were made in; cookie (the
 * getdents offset) grows, so a listing goes on right even while entries go. */
struct fs_dirent {
	struct fs_dirent *next;
	struct fs_inode *ino;
	uint64_t cookie;
	size_t len;
	char name[FS_NAME_MAX + 1];
};

struct fs_inode {
	uint32_t ino, mode, nlink;
	uint32_t refs; /* open files and working directories */
	enum fs_dev dev;
	uint64_t size;		      /* bytes (directories: 0 is not shown, see fs_stat) */
	uint64_t atime, mtime, ctime; /* ns */
	/* directory */
	struct fs_dirent *first, *last;
	uint64_t next_cookie;
	struct fs_inode *parent; /* NULL once removed */
	/* regular file: FS_PAGE pages, NULL for a hole */
	uint8_t **pages;
	uint32_t npages;
	/* symbolic link */
	char *target;
};

/* An open file description: shared by dup'd descriptors (and a later fork). */
struct fs_file {
	uint32_t refs;
	struct fs_inode *ino;
	uint64_t off;	/* bytes; directories: the cookie of the last entry returned */
	uint32_t flags; /* FS_O_* as opened (access mode, O_APPEND, O_NONBLOCK...) */
};

/**
 * fs_zalloc() - @n zeroed bytes for the file system (at most 64 KiB), or NULL; fs_free()
 * gives them back with the same @n. The server has its own arena (fsmem.c), the host
 * tests the C library's heap.
 */
void *fs_zalloc(size_t n);
void fs_free(void *p, size_t n);
/* The arena's size (fsmem.c), before the first fs_zalloc(); the host tests have none. */
void fs_mem_init(size_t bytes);

/**
 * fs_init() - make the tree: /, /tmp (1777), /dev with null, zero and urandom; times
 * from @now (ns). Return: 0, or -ENOMEM.
 */
int fs_init(uint64_t now);
/* Free the whole tree (the host tests call it between cases). */
void fs_reset(void);
/* Remove everything below directory @dp (for the server's own trees: /proc). */
void fs_empty_dir(struct fs_inode *dp, uint64_t now);
/* The root directory. */
struct fs_inode *fs_root(void);
/* Bytes of file data and inodes in use. */
void fs_usage(uint64_t *bytes, uint32_t *inodes);

/* Take and drop a reference on @ip (a working directory); the last drop of an inode
 * without links frees it. */
void fs_hold(struct fs_inode *ip);
void fs_release(struct fs_inode *ip);

/**
 * fs_resolve() - the inode @path names, relative to directory @base (absolute paths
 * from the root), following a final symbolic link if @follow (others always, at most
 * FS_LINKS_MAX in all). @path is NUL-terminated. Return: 0 with *@out (no reference
 * taken), or -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG.
 */
int fs_resolve(struct fs_inode *base, const char *path, bool follow, struct fs_inode **out);

/**
 * fs_open() - open(2) of @path relative to @base with FS_O_* @flags; a new file gets
 * mode @mode & 07777 (the caller has applied its umask). Return: 0 with *@out (one
 * reference), or -errno.
 */
int fs_open(struct fs_inode *base, const char *path, uint32_t flags, uint32_t mode, uint64_t now,
	    struct fs_file **out);
/* An open file description for @ip itself (fs_open without a path). */
struct fs_file *fs_file_new(struct fs_inode *ip, uint32_t flags);
void fs_file_get(struct fs_file *f);
void fs_file_put(struct fs_file *f);

/* mknod of a FIFO (a named pipe) at @path: a name only; its data is the core's (pipe.c).
 * Return: 0 or -errno. */
int fs_mkfifo(struct fs_inode *base, const char *path, uint32_t mode, uint64_t now);

/* read(2)/write(2) at the file's offset (write at the end with O_APPEND), and at @off
 * without moving it. Return: bytes, or -errno. */
long fs_read(struct fs_file *f, void *buf, size_t n, uint64_t now);
long fs_write(struct fs_file *f, const void *buf, size_t n, uint64_t now);
long fs_pread(struct fs_file *f, void *buf, size_t n, uint64_t off, uint64_t now);
long fs_pwrite(struct fs_file *f, const void *buf, size_t n, uint64_t off, uint64_t now);
/* lseek(2): @whence 0 SET, 1 CUR, 2 END. Return: 0 with *@res, or -EINVAL. */
int fs_seek(struct fs_file *f, int64_t off, int whence, uint64_t *res);
/**
 * fs_getdents() - fill @buf (@n bytes) with struct linux_dirent64 records of the
 * directory open as @f from its offset on. Return: bytes (0 at the end), or -EINVAL if
 * not even one record fits, -ENOTDIR.
 */
long fs_getdents(struct fs_file *f, void *buf, size_t n);

void fs_stat(const struct fs_inode *ip, struct fs_stat *st);
/* Change length (-EISDIR, -EINVAL, -EFBIG, -ENOSPC), mode bits, times (UINT64_MAX:
 * leave). Return: 0 or -errno. */
int fs_truncate(struct fs_inode *ip, uint64_t len, uint64_t now);
void fs_chmod(struct fs_inode *ip, uint32_t mode, uint64_t now);
void fs_set_times(struct fs_inode *ip, uint64_t atime, uint64_t mtime, uint64_t now);

/* The path operations; each is the system call's semantics, -errno on failure. */
int fs_mkdir(struct fs_inode *base, const char *path, uint32_t mode, uint64_t now);
int fs_rmdir(struct fs_inode *base, const char *path, uint64_t now);
int fs_unlink(struct fs_inode *base, const char *path, uint64_t now);
int fs_rename(struct fs_inode *obase, const char *opath, struct fs_inode *nbase, const char *npath,
	      uint32_t flags, uint64_t now);
int fs_link(struct fs_inode *obase, const char *opath, struct fs_inode *nbase, const char *npath,
	    bool follow, uint64_t now);
/* link(2) of the inode @ip itself (linkat with AT_EMPTY_PATH). */
int fs_link_inode(struct fs_inode *ip, struct fs_inode *nbase, const char *npath, uint64_t now);
int fs_symlink(const char *target, struct fs_inode *base, const char *path, uint64_t now);
/* readlink(2): the target of the link @ip, at most @n bytes. Return: bytes, or -EINVAL. */
long fs_readlink(const struct fs_inode *ip, char *buf, size_t n);
/* getcwd(2) of directory @ip into @buf (@n bytes). Return: length with the NUL, or
 * -ERANGE, -ENOENT (removed). */
long fs_getcwd(const struct fs_inode *ip, char *buf, size_t n);

#endif
