/* vfs.c - the core's files: open file descriptions, pipes, and calls to the file-system task. */
#include "vfs.h"
#include "fs.h"
#include "fs_proto.h"
#include <l4/re/c/rm.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <string.h>

/*
 * The file system is a task of its own (fs_server.c); the core reaches it with one
 * IPC call per operation and moves paths and data through the memory both attach.
 * What stays here: the open file descriptions (offsets and flags, shared across dup
 * and fork), and pipes, whose data and waiting are the core's (pipe.c).
 */

#define REQ_WORDS   (sizeof(struct lx_fs_req) / sizeof(l4_umword_t))
#define REP_WORDS   (sizeof(struct lx_fs_reply) / sizeof(l4_umword_t))
#define CORE_MEMORY (16u << 20) /* pipes' rings and open file descriptions */
#define EIO	    5

static l4_cap_idx_t gate = L4_INVALID_CAP;
static uint8_t *buf; /* shared with the task: LX_FS_BUF_BYTES */
static struct lx_fs_reply rep;

/* Send @req; the reply goes to rep. Return: the task's result, or -EIO. */
static long call(struct lx_fs_req *req)
{
	if (!buf)
		return -EIO;
	l4_msg_regs_t *mr = l4_utcb_mr();
	memcpy(mr->mr, req, sizeof(*req));
	l4_msgtag_t tag =
	    l4_ipc_call(gate, l4_utcb(), l4_msgtag(LX_FS_PROTO, REQ_WORDS, 0, 0), L4_IPC_NEVER);
	if (l4_ipc_error(tag, l4_utcb()) || l4_msgtag_words(tag) < REP_WORDS) {
		memset(&rep, 0, sizeof(rep));
		return -EIO;
	}
	memcpy(&rep, mr->mr, sizeof(rep));
	return rep.result;
}

/* Put @path at @off of the buffer. Return: 0, or -ENAMETOOLONG. */
static int put_path(uint32_t off, const char *path)
{
	size_t len = strlen(path);
	if (len >= FS_PATH_MAX)
		return -LX_ENAMETOOLONG;
	if (buf)
		memcpy(buf + off, path, len + 1);
	return 0;
}

/* A request on @n, or on @path from @n. */
static long call_at(struct lx_fs_req *req, lx_node_t n, const char *path, bool follow)
{
	req->node = n;
	if (path) {
		int err = put_path(LX_FS_PATH_A, path);
		if (err)
			return err;
		req->at = LX_FS_AT_PATH | (follow ? LX_FS_FOLLOW : 0);
	}
	return call(req);
}

int vfs_init(uint64_t now)
{
	l4_cap_idx_t ds = l4re_env_get_cap("fsbuf");
	void *at = NULL;
	fs_mem_init(CORE_MEMORY);
	gate = l4re_env_get_cap("fs");
	if (l4_is_invalid_cap(gate) || l4_is_invalid_cap(ds) ||
	    l4re_ds_size(ds) < LX_FS_BUF_BYTES ||
	    l4re_rm_attach(&at, LX_FS_BUF_BYTES, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 12) <
		0)
		return -1;
	buf = at;
	struct lx_fs_req req = {.op = LX_FS_INIT, .now = now};
	return call(&req) == 0 ? 0 : -1;
}

lx_node_t vfs_root(void)
{
	return LX_FS_ROOT;
}

lx_node_t vfs_hold(lx_node_t n)
{
	struct lx_fs_req req = {.op = LX_FS_DUP, .node = n};
	return call(&req) == 0 ? rep.handle : 0;
}

void vfs_release(lx_node_t n)
{
	struct lx_fs_req req = {.op = LX_FS_CLOSE, .node = n};
	if (n && n != LX_FS_ROOT)
		call(&req);
}

int vfs_resolve(lx_node_t n, const char *path, bool follow, lx_node_t *out, struct fs_stat *st)
{
	struct lx_fs_req req = {.op = LX_FS_RESOLVE};
	int err = (int)call_at(&req, n, path, follow);
	if (err)
		return err;
	*out = rep.handle;
	*st = rep.st;
	return 0;
}

int vfs_stat(lx_node_t n, const char *path, bool follow, struct fs_stat *st)
{
	struct lx_fs_req req = {.op = LX_FS_STAT};
	int err = (int)call_at(&req, n, path, follow);
	if (!err)
		*st = rep.st;
	return err;
}

int vfs_truncate(lx_node_t n, const char *path, uint64_t len, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_TRUNCATE, .a = len, .now = now};
	return (int)call_at(&req, n, path, true);
}

int vfs_chmod(lx_node_t n, const char *path, bool follow, uint32_t mode, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_CHMOD, .mode = mode, .now = now};
	return (int)call_at(&req, n, path, follow);
}

int vfs_set_times(lx_node_t n, const char *path, bool follow, uint64_t atime, uint64_t mtime,
		  uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_UTIMES, .a = atime, .b = mtime, .now = now};
	return (int)call_at(&req, n, path, follow);
}

/* The bytes an operation left in the buffer's data (@r of them, at most @size). */
static long take_data(long r, void *out, size_t size)
{
	if (r > 0) {
		if ((size_t)r > size)
			return -EIO; /* the task answered more than it was asked */
		memcpy(out, buf + LX_FS_DATA, (size_t)r);
	}
	return r;
}

long vfs_readlink(lx_node_t n, const char *path, char *out, size_t size)
{
	struct lx_fs_req req = {.op = LX_FS_READLINK, .n = (uint32_t)size};
	return take_data(call_at(&req, n, path, false), out, size);
}

long vfs_getcwd(lx_node_t n, char *out, size_t size)
{
	struct lx_fs_req req = {.op = LX_FS_GETCWD, .n = (uint32_t)size};
	return take_data(call_at(&req, n, NULL, false), out, size);
}

int vfs_empty_dir(lx_node_t n, const char *path, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_EMPTY_DIR, .now = now};
	return (int)call_at(&req, n, path, false);
}

/* An operation on path A (and @path2 as path B) from @n (and @n2). */
static int call_names(struct lx_fs_req *req, lx_node_t n, const char *path, lx_node_t n2,
		      const char *path2)
{
	int err = path ? put_path(LX_FS_PATH_A, path) : 0;
	if (!err && path2)
		err = put_path(LX_FS_PATH_B, path2);
	if (err)
		return err;
	req->node = n;
	req->node2 = n2;
	return (int)call(req);
}

int vfs_mkdir(lx_node_t n, const char *path, uint32_t mode, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_MKDIR, .mode = mode, .now = now};
	return call_names(&req, n, path, 0, NULL);
}

int vfs_rmdir(lx_node_t n, const char *path, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_RMDIR, .now = now};
	return call_names(&req, n, path, 0, NULL);
}

int vfs_unlink(lx_node_t n, const char *path, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_UNLINK, .now = now};
	return call_names(&req, n, path, 0, NULL);
}

int vfs_mkfifo(lx_node_t n, const char *path, uint32_t mode, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_MKFIFO, .mode = mode, .now = now};
	return call_names(&req, n, path, 0, NULL);
}

int vfs_symlink(const char *target, lx_node_t n, const char *path, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_SYMLINK, .now = now};
	return call_names(&req, n, target, 0, path);
}

int vfs_rename(lx_node_t n, const char *path, lx_node_t n2, const char *path2, uint32_t flags,
	       uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_RENAME, .flags = flags, .now = now};
	return call_names(&req, n, path, n2, path2);
}

int vfs_link(lx_node_t n, const char *path, lx_node_t n2, const char *path2, bool follow,
	     uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_LINK, .flags = follow, .now = now};
	return call_names(&req, n, path, n2, path2);
}

int vfs_link_file(const struct lx_file *f, lx_node_t n2, const char *path2, uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_LINK_NODE, .now = now};
	if (!f->node)
		return -LX_ENOENT; /* an unnamed pipe has no inode to name */
	return call_names(&req, f->node, NULL, n2, path2);
}

int vfs_put(lx_node_t n, const char *path, uint32_t mode, const void *data, size_t size,
	    uint64_t now)
{
	struct lx_fs_req req = {.op = LX_FS_PUT, .mode = mode, .n = (uint32_t)size, .now = now};
	if (size > LX_FS_IO_MAX)
		return -LX_EFBIG;
	if (buf)
		memcpy(buf + LX_FS_DATA, data, size);
	int err = call_names(&req, n, path, 0, NULL);
	return err < 0 ? err : 0;
}

void vfs_usage(uint64_t *bytes, uint32_t *inodes)
{
	struct lx_fs_req req = {.op = LX_FS_USAGE};
	call(&req);
	*bytes = rep.off;
	*inodes = (uint32_t)rep.a;
}

/* A new open file description for what the task opened (rep), or NULL. */
static struct lx_file *file_new(uint32_t flags)
{
	struct lx_file *f = fs_zalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->refs = 1;
	f->flags = flags & ~(FS_O_CREAT | FS_O_EXCL | FS_O_TRUNC | FS_O_NOCTTY | FS_O_CLOEXEC);
	f->node = rep.handle;
	f->mode = rep.st.mode;
	f->ino = rep.st.ino;
	f->dev = (enum fs_dev)rep.dev;
	return f;
}

int vfs_open(lx_node_t n, const char *path, uint32_t flags, uint32_t mode, uint64_t now,
	     struct lx_file **out, struct fs_stat *st)
{
	struct lx_fs_req req = {.op = LX_FS_OPEN, .flags = flags, .mode = mode, .now = now};
	int err = call_names(&req, n, path, 0, NULL);
	if (err)
		return err;
	lx_node_t handle = rep.handle;
	if (st)
		*st = rep.st;
	struct lx_file *f = file_new(flags);
	if (f && FS_ISFIFO(f->mode)) {
		f->pipe = lx_pipe_of_fifo(f->ino, now);
		if (!f->pipe) {
			fs_free(f, sizeof(*f));
			f = NULL;
		} else {
			lx_pipe_open(f->pipe, flags & FS_O_ACCMODE);
		}
	}
	if (!f) {
		vfs_release(handle);
		return -LX_ENFILE;
	}
	*out = f;
	return 0;
}

int vfs_pipe_new(uint32_t flags, uint64_t now, struct lx_file **rd, struct lx_file **wr)
{
	struct lx_pipe *pp = lx_pipe_new(now);
	*rd = fs_zalloc(sizeof(**rd));
	*wr = fs_zalloc(sizeof(**wr));
	if (!pp || !*rd || !*wr) {
		if (pp) {
			lx_pipe_open(pp, FS_O_RDWR);
			lx_pipe_close(pp, FS_O_RDWR); /* frees it */
		}
		if (*rd)
			fs_free(*rd, sizeof(**rd));
		if (*wr)
			fs_free(*wr, sizeof(**wr));
		return -LX_ENFILE;
	}
	struct lx_file *ends[2] = {*rd, *wr};
	for (int i = 0; i < 2; i++) {
		ends[i]->refs = 1;
		ends[i]->flags = (i ? FS_O_WRONLY : FS_O_RDONLY) | (flags & FS_O_NONBLOCK);
		ends[i]->mode = FS_IFIFO | 0600;
		ends[i]->ino = pp->id;
		ends[i]->pipe = pp;
		lx_pipe_open(pp, i ? FS_O_WRONLY : FS_O_RDONLY);
	}
	return 0;
}

void vfs_file_get(struct lx_file *f)
{
	f->refs++;
}

void vfs_file_put(struct lx_file *f)
{
	if (--f->refs)
		return;
	if (f->pipe)
		lx_pipe_close(f->pipe, f->flags & FS_O_ACCMODE);
	vfs_release(f->node);
	fs_free(f, sizeof(*f));
}

/* A read or write of the task's file @f at @off: the bytes, and the offset after. */
static long file_io(struct lx_file *f, uint32_t op, void *data, size_t n, uint64_t off,
		    uint32_t flags, uint64_t now, uint64_t *after)
{
	struct lx_fs_req req = {.op = op, .node = f->node, .flags = flags, .off = off, .now = now};
	if (n > LX_FS_IO_MAX)
		n = LX_FS_IO_MAX;
	req.n = (uint32_t)n;
	if (op == LX_FS_WRITE && buf)
		memcpy(buf + LX_FS_DATA, data, n);
	long r = call(&req);
	if (op != LX_FS_WRITE)
		r = take_data(r, data, n);
	if (r >= 0 && after)
		*after = rep.off;
	return r;
}

long vfs_read(struct lx_file *f, void *data, size_t n, uint64_t now)
{
	if (f->pipe)
		return (f->flags & FS_O_ACCMODE) == FS_O_WRONLY ? -LX_EBADF
								: lx_pipe_read(f->pipe, data, n);
	return file_io(f, LX_FS_READ, data, n, f->off, 0, now, &f->off);
}

long vfs_write(struct lx_file *f, const void *data, size_t n, uint64_t now)
{
	if (f->pipe)
		return (f->flags & FS_O_ACCMODE) == FS_O_RDONLY ? -LX_EBADF
								: lx_pipe_write(f->pipe, data, n);
	return file_io(f, LX_FS_WRITE, (void *)data, n, f->off, f->flags & FS_O_APPEND, now,
		       &f->off);
}

long vfs_pread(struct lx_file *f, void *data, size_t n, uint64_t off, uint64_t now)
{
	if (f->pipe)
		return -LX_ESPIPE;
	return file_io(f, LX_FS_READ, data, n, off, 0, now, NULL);
}

long vfs_pwrite(struct lx_file *f, const void *data, size_t n, uint64_t off, uint64_t now)
{
	if (f->pipe)
		return -LX_ESPIPE;
	return file_io(f, LX_FS_WRITE, (void *)data, n, off, 0, now, NULL);
}

int vfs_seek(struct lx_file *f, int64_t off, int whence, uint64_t *res)
{
	struct lx_fs_req req = {
	    .op = LX_FS_SEEK, .node = f->node, .flags = (uint32_t)whence, .off = f->off};
	if (f->pipe)
		return -LX_ESPIPE;
	req.a = (uint64_t)off;
	int err = (int)call(&req);
	if (!err)
		*res = f->off = rep.off;
	return err;
}

long vfs_getdents(struct lx_file *f, void *data, size_t n)
{
	if (f->pipe)
		return -LX_ENOTDIR;
	return file_io(f, LX_FS_GETDENTS, data, n, f->off, 0, 0, &f->off);
}

int vfs_fstat(const struct lx_file *f, struct fs_stat *st)
{
	if (f->node)
		return vfs_stat(f->node, NULL, false, st);
	memset(st, 0, sizeof(*st)); /* an unnamed pipe */
	st->ino = f->ino;
	st->mode = f->mode;
	st->nlink = 1;
	st->blksize = 4096;
	st->atime = st->mtime = st->ctime = f->pipe->made;
	return 0;
}

unsigned vfs_poll(const struct lx_file *f)
{
	return f->pipe ? lx_pipe_poll(f->pipe, f->flags & FS_O_ACCMODE) : 1 | 4;
}
