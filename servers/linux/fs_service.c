/* fs_service.c - the file-system task's requests: handles, checks, calls into fs.c. */
#include "fs_service.h"
#include "fs.h"
#include <string.h>

/*
 * Every request is checked here before fs.c sees it: the handles it names, its
 * lengths, and its paths, which are copied out of the shared buffer first (the core
 * could change the buffer while fs.c walks a path; a copy cannot change).
 */

static struct fs_file *handles[LX_FS_HANDLES]; /* [0] is never used */
static bool ready;
static char path_a[FS_PATH_MAX], path_b[FS_PATH_MAX];

/* The open file of handle @h, or NULL. */
static struct fs_file *file_of(uint32_t h)
{
	return h && h < LX_FS_HANDLES ? handles[h] : NULL;
}

/* Is a handle free? (Checked before an open makes a file, as Linux checks ENFILE.) */
static bool handle_free(void)
{
	for (uint32_t h = LX_FS_ROOT + 1; h < LX_FS_HANDLES; h++)
		if (!handles[h])
			return true;
	return false;
}

/* A free handle for @f (which it then holds). Return: the handle, or 0 (none free:
 * @f is put). */
static uint32_t handle_new(struct fs_file *f)
{
	for (uint32_t h = LX_FS_ROOT + 1; h < LX_FS_HANDLES; h++) {
		if (!handles[h]) {
			handles[h] = f;
			return h;
		}
	}
	fs_file_put(f);
	return 0;
}

/* Copy the path at @off of @buf into @out. Return: 0, or -ENAMETOOLONG (no NUL). */
static int take_path(const uint8_t *buf, uint32_t off, char *out)
{
	const uint8_t *end = memchr(buf + off, 0, FS_PATH_MAX);
	if (!end)
		return -LX_ENAMETOOLONG;
	size_t len = (size_t)(end - (buf + off));
	memcpy(out, buf + off, len);
	out[len] = 0; /* its own NUL: the buffer may have changed since memchr looked */
	return 0;
}

/* The directory a path of @req starts from: the inode of handle @h. */
static int base_of(uint32_t h, struct fs_inode **base)
{
	struct fs_file *f = file_of(h);
	if (!f)
		return -LX_EBADF;
	if (!FS_ISDIR(f->ino->mode))
		return -LX_ENOTDIR;
	*base = f->ino;
	return 0;
}

/* Path A and the directory it starts from (the request's node); and path B from node2
 * if @two. */
static int paths_of(const struct lx_fs_req *req, const uint8_t *buf, bool two, struct fs_inode **a,
		    struct fs_inode **b)
{
	int err = take_path(buf, LX_FS_PATH_A, path_a);
	if (!err)
		err = base_of(req->node, a);
	if (!err && two)
		err = take_path(buf, LX_FS_PATH_B, path_b);
	if (!err && two)
		err = base_of(req->node2, b);
	return err;
}

/* The inode @req acts on: its handle's, or path A from it (LX_FS_AT_PATH). */
static int node_of(const struct lx_fs_req *req, const uint8_t *buf, struct fs_inode **out)
{
	if (!(req->at & LX_FS_AT_PATH)) {
		struct fs_file *f = file_of(req->node);
		if (!f)
			return -LX_EBADF;
		*out = f->ino;
		return 0;
	}
	struct fs_inode *base;
	int err = paths_of(req, buf, false, &base, NULL);
	return err ? err : fs_resolve(base, path_a, req->at & LX_FS_FOLLOW, out);
}

/* A new handle for @f with its stat and device in @rep. */
static long reply_handle(struct fs_file *f, struct lx_fs_reply *rep)
{
	rep->handle = handle_new(f);
	if (!rep->handle)
		return -LX_ENFILE;
	fs_stat(f->ino, &rep->st);
	rep->dev = f->ino->dev;
	return 0;
}

static long do_init(uint64_t now)
{
	for (uint32_t h = LX_FS_ROOT + 1; h < LX_FS_HANDLES; h++) { /* a core starting anew */
		if (handles[h])
			fs_file_put(handles[h]);
		handles[h] = NULL;
	}
	if (ready)
		return 0;
	if (fs_init(now) != 0)
		return -LX_ENOMEM;
	handles[LX_FS_ROOT] = fs_file_new(fs_root(), FS_O_RDONLY);
	if (!handles[LX_FS_ROOT])
		return -LX_ENOMEM;
	ready = true;
	return 0;
}

/* LX_FS_OPEN, LX_FS_RESOLVE, LX_FS_DUP. */
static long do_open(const struct lx_fs_req *req, struct lx_fs_reply *rep, const uint8_t *buf)
{
	struct fs_inode *base, *ip;
	struct fs_file *f;
	int err;
	switch (req->op) {
	case LX_FS_OPEN:
		err = paths_of(req, buf, false, &base, NULL);
		if (!err && !handle_free())
			err = -LX_ENFILE;
		if (!err)
			err = fs_open(base, path_a, req->flags, req->mode & 07777, req->now, &f);
		return err ? err : reply_handle(f, rep);
	case LX_FS_RESOLVE:
		err = node_of(req, buf, &ip);
		if (err)
			return err;
		f = fs_file_new(ip, FS_O_RDONLY);
		return f ? reply_handle(f, rep) : -LX_ENOMEM;
	default: /* LX_FS_DUP */
		f = file_of(req->node);
		if (!f)
			return -LX_EBADF;
		fs_file_get(f);
		return reply_handle(f, rep);
	}
}

static long do_close(uint32_t h)
{
	struct fs_file *f = file_of(h);
	if (!f || h == LX_FS_ROOT)
		return -LX_EBADF;
	handles[h] = NULL;
	fs_file_put(f);
	return 0;
}

/* LX_FS_READ, LX_FS_WRITE, LX_FS_GETDENTS at the request's offset. */
static long do_io(const struct lx_fs_req *req, struct lx_fs_reply *rep, uint8_t *buf)
{
	struct fs_file *f = file_of(req->node);
	long r;
	if (!f)
		return -LX_EBADF;
	if (req->n > LX_FS_IO_MAX)
		return -LX_EINVAL;
	f->off = req->off;
	f->flags = (f->flags & ~FS_O_APPEND) | (req->flags & FS_O_APPEND);
	if (req->op == LX_FS_READ)
		r = fs_read(f, buf + LX_FS_DATA, req->n, req->now);
	else if (req->op == LX_FS_WRITE)
		r = fs_write(f, buf + LX_FS_DATA, req->n, req->now);
	else
		r = fs_getdents(f, buf + LX_FS_DATA, req->n);
	rep->off = f->off;
	return r;
}

static long do_seek(const struct lx_fs_req *req, struct lx_fs_reply *rep)
{
	struct fs_file *f = file_of(req->node);
	if (!f)
		return -LX_EBADF;
	f->off = req->off;
	int err = fs_seek(f, (int64_t)req->a, (int)req->flags, &rep->off);
	return err;
}

/* The operations on one node: stat, truncate, chmod, utimes, readlink, empty_dir. */
static long do_node(const struct lx_fs_req *req, struct lx_fs_reply *rep, uint8_t *buf)
{
	struct fs_inode *ip;
	int err = node_of(req, buf, &ip);
	if (err)
		return err;
	switch (req->op) {
	case LX_FS_STAT:
		fs_stat(ip, &rep->st);
		return 0;
	case LX_FS_TRUNCATE:
		return fs_truncate(ip, req->a, req->now);
	case LX_FS_CHMOD:
		fs_chmod(ip, req->mode, req->now);
		return 0;
	case LX_FS_UTIMES:
		fs_set_times(ip, req->a, req->b, req->now);
		return 0;
	case LX_FS_READLINK:
		return fs_readlink(ip, (char *)buf + LX_FS_DATA,
				   req->n < LX_FS_IO_MAX ? req->n : LX_FS_IO_MAX);
	case LX_FS_GETCWD:
		return fs_getcwd(ip, (char *)buf + LX_FS_DATA,
				 req->n < LX_FS_IO_MAX ? req->n : LX_FS_IO_MAX);
	default: /* LX_FS_EMPTY_DIR */
		if (!FS_ISDIR(ip->mode))
			return -LX_ENOTDIR;
		fs_empty_dir(ip, req->now);
		return 0;
	}
}

/* The operations on names: mkdir, rmdir, unlink, mkfifo, symlink, rename, link. */
static long do_names(const struct lx_fs_req *req, const uint8_t *buf)
{
	struct fs_inode *a, *b = NULL;
	bool two = req->op == LX_FS_RENAME || req->op == LX_FS_LINK;
	int err = paths_of(req, buf, two, &a, &b);
	if (err)
		return err;
	switch (req->op) {
	case LX_FS_MKDIR:
		return fs_mkdir(a, path_a, req->mode, req->now);
	case LX_FS_RMDIR:
		return fs_rmdir(a, path_a, req->now);
	case LX_FS_UNLINK:
		return fs_unlink(a, path_a, req->now);
	case LX_FS_MKFIFO:
		return fs_mkfifo(a, path_a, req->mode, req->now);
	case LX_FS_RENAME:
		return fs_rename(a, path_a, b, path_b, req->flags, req->now);
	default: /* LX_FS_LINK */
		return fs_link(a, path_a, b, path_b, req->flags & 1, req->now);
	}
}

/* symlink: path A is the target (any text), path B the new name from node. */
static long do_symlink(const struct lx_fs_req *req, const uint8_t *buf)
{
	struct fs_inode *base;
	int err = take_path(buf, LX_FS_PATH_A, path_a);
	if (!err)
		err = take_path(buf, LX_FS_PATH_B, path_b);
	if (!err)
		err = base_of(req->node, &base);
	return err ? err : fs_symlink(path_a, base, path_b, req->now);
}

static long do_link_node(const struct lx_fs_req *req, const uint8_t *buf)
{
	struct fs_file *f = file_of(req->node);
	struct fs_inode *base;
	if (!f)
		return -LX_EBADF;
	int err = take_path(buf, LX_FS_PATH_B, path_b);
	if (!err)
		err = base_of(req->node2, &base);
	return err ? err : fs_link_inode(f->ino, base, path_b, req->now);
}

/* A file made anew with the data: /proc's files, in one call instead of three. */
static long do_put(const struct lx_fs_req *req, const uint8_t *buf)
{
	struct fs_inode *base;
	struct fs_file *f;
	if (req->n > LX_FS_IO_MAX)
		return -LX_EINVAL;
	int err = paths_of(req, buf, false, &base, NULL);
	if (!err)
		err = fs_open(base, path_a, FS_O_CREAT | FS_O_WRONLY | FS_O_TRUNC,
			      req->mode & 07777, req->now, &f);
	if (err)
		return err;
	long r = req->n ? fs_write(f, buf + LX_FS_DATA, req->n, req->now) : 0;
	fs_file_put(f);
	return r;
}

long lx_fs_serve(const struct lx_fs_req *req, struct lx_fs_reply *rep, uint8_t *buf)
{
	memset(rep, 0, sizeof(*rep));
	if (req->op == LX_FS_INIT)
		return do_init(req->now);
	if (!ready)
		return -LX_EINVAL;
	switch (req->op) {
	case LX_FS_OPEN:
	case LX_FS_RESOLVE:
	case LX_FS_DUP:
		return do_open(req, rep, buf);
	case LX_FS_CLOSE:
		return do_close(req->node);
	case LX_FS_READ:
	case LX_FS_WRITE:
	case LX_FS_GETDENTS:
		return do_io(req, rep, buf);
	case LX_FS_SEEK:
		return do_seek(req, rep);
	case LX_FS_STAT:
	case LX_FS_TRUNCATE:
	case LX_FS_CHMOD:
	case LX_FS_UTIMES:
	case LX_FS_READLINK:
	case LX_FS_GETCWD:
	case LX_FS_EMPTY_DIR:
		return do_node(req, rep, buf);
	case LX_FS_MKDIR:
	case LX_FS_RMDIR:
	case LX_FS_UNLINK:
	case LX_FS_MKFIFO:
	case LX_FS_RENAME:
	case LX_FS_LINK:
		return do_names(req, buf);
	case LX_FS_SYMLINK:
		return do_symlink(req, buf);
	case LX_FS_LINK_NODE:
		return do_link_node(req, buf);
	case LX_FS_USAGE: {
		uint32_t count;
		fs_usage(&rep->off, &count);
		rep->a = count;
		return 0;
	}
	case LX_FS_PUT:
		return do_put(req, buf);
	default:
		return -LX_ENOSYS;
	}
}

void lx_fs_service_reset(void)
{
	for (uint32_t h = 0; h < LX_FS_HANDLES; h++) {
		if (handles[h])
			fs_file_put(handles[h]);
		handles[h] = NULL;
	}
	ready = false;
	fs_reset();
}
