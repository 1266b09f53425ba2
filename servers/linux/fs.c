/* fs.c - the Linux server's in-memory file system: directories, files in pages, links, devices. */
#include "fs.h"
#include <string.h>

/*
 * One tree in the server's heap, as Linux's tmpfs: everything is owned by root, there
 * is no permission check (the processes are root). An inode lives while it has links
 * (nlink) or references (open files, working directories); the last of both frees it.
 * Paths are the caller's copies, NUL-terminated; nothing here trusts their lengths.
 */

static struct fs_inode *root;
static uint32_t next_ino = 1, inodes;
static uint64_t data_bytes;
static uint64_t rand_state = 0x9e3779b97f4a7c15ull;

/* ---- inodes ---- */

static struct fs_inode *inode_new(uint32_t mode, uint64_t now)
{
	if (inodes >= FS_INODES_MAX)
		return NULL;
	struct fs_inode *ip = fs_zalloc(sizeof(*ip));
	if (!ip)
		return NULL;
	ip->ino = next_ino++;
	ip->mode = mode;
	ip->atime = ip->mtime = ip->ctime = now;
	ip->next_cookie = 3; /* 1 and 2 are "." and ".." */
	inodes++;
	return ip;
}

static void free_pages(struct fs_inode *ip, uint32_t from)
{
	for (uint32_t i = from; i < ip->npages; i++) {
		if (ip->pages[i]) {
			fs_free(ip->pages[i], FS_PAGE);
			ip->pages[i] = NULL;
			data_bytes -= FS_PAGE;
		}
	}
}

static void inode_free(struct fs_inode *ip)
{
	free_pages(ip, 0);
	if (ip->pages)
		fs_free(ip->pages, ip->npages * sizeof(*ip->pages));
	if (ip->target)
		fs_free(ip->target, strlen(ip->target) + 1);
	fs_free(ip, sizeof(*ip));
	inodes--;
}

/* Free @ip if nothing names or holds it any more. */
static void inode_check(struct fs_inode *ip)
{
	if (ip->nlink == 0 && ip->refs == 0)
		inode_free(ip);
}

void fs_hold(struct fs_inode *ip)
{
	ip->refs++;
}

void fs_release(struct fs_inode *ip)
{
	ip->refs--;
	inode_check(ip);
}

/* ---- directories ---- */

static struct fs_dirent *dir_find(const struct fs_inode *dp, const char *name, size_t len)
{
	for (struct fs_dirent *de = dp->first; de; de = de->next)
		if (de->len == len && memcmp(de->name, name, len) == 0)
			return de;
	return NULL;
}

/* Add @name -> @ip to @dp (a link: nlink counts it). */
static int dir_add(struct fs_inode *dp, const char *name, size_t len, struct fs_inode *ip,
		   uint64_t now)
{
	struct fs_dirent *de = fs_zalloc(sizeof(*de));
	if (!de)
		return -LX_ENOSPC;
	memcpy(de->name, name, len);
	de->len = len;
	de->ino = ip;
	de->cookie = dp->next_cookie++;
	if (dp->last)
		dp->last->next = de;
	else
		dp->first = de;
	dp->last = de;
	ip->nlink++;
	if (FS_ISDIR(ip->mode)) {
		ip->parent = dp;
		dp->nlink++;
	}
	dp->mtime = dp->ctime = now;
	return 0;
}

/* Take @de out of @dp; its inode loses the link (and is freed if that was all). */
static void dir_remove(struct fs_inode *dp, struct fs_dirent *de, uint64_t now)
{
	struct fs_dirent **pp = &dp->first, *prev = NULL;
	while (*pp != de)
		prev = *pp, pp = &(*pp)->next;
	*pp = de->next;
	if (dp->last == de)
		dp->last = prev;
	struct fs_inode *ip = de->ino;
	fs_free(de, sizeof(*de));
	dp->mtime = dp->ctime = now;
	ip->ctime = now;
	if (FS_ISDIR(ip->mode)) {
		dp->nlink--;
		ip->nlink -= 2; /* the entry and its own "." */
		ip->parent = NULL;
	} else {
		ip->nlink--;
	}
	inode_check(ip);
}

/* ---- path resolution ---- */

/* The last component of a path, for calls that make or remove a name. */
enum last_kind { LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT };
struct last {
	struct fs_inode *dir;
	const char *name;
	size_t len;
	bool trailing; /* a slash follows it */
	enum last_kind kind;
};

static int walk(struct fs_inode *base, const char *path, size_t n, bool follow, int *links,
		struct fs_inode **out);

/* Follow the symbolic link @ip found in @dir. */
static int follow_link(struct fs_inode *dir, struct fs_inode *ip, int *links, struct fs_inode **out)
{
	if (++*links > FS_LINKS_MAX)
		return -LX_ELOOP;
	return walk(dir, ip->target, strlen(ip->target), true, links, out);
}

/* One step from directory @cur by the component @name (@len bytes). */
static int step(struct fs_inode *cur, const char *name, size_t len, struct fs_inode **out)
{
	if (!FS_ISDIR(cur->mode))
		return -LX_ENOTDIR;
	if (len > FS_NAME_MAX)
		return -LX_ENAMETOOLONG;
	if (len == 1 && name[0] == '.') {
		*out = cur;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = cur == root ? root : cur->parent;
		return *out ? 0 : -LX_ENOENT;
	}
	struct fs_dirent *de = dir_find(cur, name, len);
	if (!de)
		return -LX_ENOENT;
	*out = de->ino;
	return 0;
}

/* Resolve the first @n bytes of @path from @base. */
static int walk(struct fs_inode *base, const char *path, size_t n, bool follow, int *links,
		struct fs_inode **out)
{
	struct fs_inode *cur = path[0] == '/' ? root : base;
	size_t i = 0;
	for (;;) {
		while (i < n && path[i] == '/')
			i++;
		if (i == n)
			break;
		size_t s = i;
		while (i < n && path[i] != '/')
			i++;
		size_t e = i;
		while (i < n && path[i] == '/')
			i++;
		bool last = i == n, trailing = last && e < n;
		struct fs_inode *next;
		int err = step(cur, path + s, e - s, &next);
		if (err)
			return err;
		if (FS_ISLNK(next->mode) && (!last || follow || trailing)) {
			err = follow_link(cur, next, links, &next);
			if (err)
				return err;
		}
		if (trailing && !FS_ISDIR(next->mode))
			return -LX_ENOTDIR;
		cur = next;
	}
	*out = cur;
	return 0;
}

/* The length of @path, or -ENAMETOOLONG, -ENOENT (empty). */
static long path_len(const char *path)
{
	size_t n = 0;
	while (n < FS_PATH_MAX && path[n])
		n++;
	if (n >= FS_PATH_MAX)
		return -LX_ENAMETOOLONG;
	return n ? (long)n : -LX_ENOENT;
}

int fs_resolve(struct fs_inode *base, const char *path, bool follow, struct fs_inode **out)
{
	long n = path_len(path);
	int links = 0;
	if (n < 0)
		return (int)n;
	return walk(base, path, (size_t)n, follow, &links, out);
}

/* Split @path into its directory (resolved) and last component. */
static int walk_parent(struct fs_inode *base, const char *path, int *links, struct last *l)
{
	long n = path_len(path);
	if (n < 0)
		return (int)n;
	size_t e = (size_t)n;
	while (e > 0 && path[e - 1] == '/')
		e--;
	size_t s = e;
	while (s > 0 && path[s - 1] != '/')
		s--;
	l->trailing = e < (size_t)n;
	l->name = path + s;
	l->len = e - s;
	if (l->len > FS_NAME_MAX)
		return -LX_ENAMETOOLONG;
	l->kind = l->len == 0				      ? LAST_ROOT
		  : l->len == 1 && path[s] == '.'	      ? LAST_DOT
		  : l->len == 2 && !memcmp(path + s, "..", 2) ? LAST_DOTDOT
							      : LAST_NORM;
	int err = s ? walk(base, path, s, true, links, &l->dir)
		    : (l->dir = path[0] == '/' ? root : base, 0);
	if (err)
		return err;
	if (!FS_ISDIR(l->dir->mode))
		return -LX_ENOTDIR;
	if (!l->dir->parent && l->dir != root && l->kind == LAST_NORM)
		return -LX_ENOENT; /* a removed directory takes no new names */
	return 0;
}

/* Walk to where @path would be made: its directory, and a last component that names
 * nothing there yet. Return: 0, or -errno (-EEXIST: it names something, or is ".",
 * ".." or "/"). */
static int new_name(struct fs_inode *base, const char *path, struct last *l)
{
	int links = 0, err = walk_parent(base, path, &links, l);
	if (err)
		return err;
	if (l->kind != LAST_NORM || dir_find(l->dir, l->name, l->len))
		return -LX_EEXIST;
	return 0;
}

/* Give the new inode @ip (NULL: none could be made) the name new_name() found in @l;
 * it goes again if that fails. Return: 0, -ENOSPC or dir_add()'s error. */
static int add_new(struct last *l, struct fs_inode *ip, uint64_t now)
{
	if (!ip)
		return -LX_ENOSPC;
	int err = dir_add(l->dir, l->name, l->len, ip, now);
	if (err)
		inode_free(ip);
	return err;
}

/* ---- files ---- */

struct fs_file *fs_file_new(struct fs_inode *ip, uint32_t flags)
{
	struct fs_file *f = fs_zalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->refs = 1;
	f->ino = ip;
	f->flags = flags & ~(FS_O_CREAT | FS_O_EXCL | FS_O_TRUNC | FS_O_NOCTTY | FS_O_CLOEXEC);
	fs_hold(ip);
	return f;
}

void fs_file_get(struct fs_file *f)
{
	f->refs++;
}

void fs_file_put(struct fs_file *f)
{
	if (--f->refs == 0) {
		fs_release(f->ino);
		fs_free(f, sizeof(*f));
	}
}

/* Make a new regular file @l names. */
static int create(struct last *l, uint32_t mode, uint64_t now, struct fs_inode **out)
{
	if (l->kind != LAST_NORM || l->trailing)
		return l->kind == LAST_NORM ? -LX_EISDIR : -LX_EISDIR;
	struct fs_inode *ip = inode_new(FS_IFREG | (mode & 07777), now);
	if (!ip)
		return -LX_ENOSPC;
	int err = dir_add(l->dir, l->name, l->len, ip, now);
	if (err) {
		inode_free(ip);
		return err;
	}
	*out = ip;
	return 0;
}

/* The inode open(2) with O_CREAT finds or makes; a final symbolic link is followed
 * (and its dangling target made) unless O_EXCL or O_NOFOLLOW. */
static int open_creat(struct fs_inode *base, const char *path, uint32_t flags, uint32_t mode,
		      uint64_t now, int *links, struct fs_inode **out)
{
	struct last l;
	int err = walk_parent(base, path, links, &l);
	if (err)
		return err;
	if (l.kind != LAST_NORM) {
		struct fs_inode *ip;
		err = walk(base, path, strlen(path), true, links, &ip);
		if (err)
			return err;
		return (flags & FS_O_EXCL) ? -LX_EEXIST : (*out = ip, 0);
	}
	struct fs_dirent *de = dir_find(l.dir, l.name, l.len);
	if (!de)
		return create(&l, mode, now, out);
	if (flags & FS_O_EXCL)
		return -LX_EEXIST;
	struct fs_inode *ip = de->ino;
	if (FS_ISLNK(ip->mode)) {
		if (flags & FS_O_NOFOLLOW)
			return -LX_ELOOP;
		if (++*links > FS_LINKS_MAX)
			return -LX_ELOOP;
		return open_creat(l.dir, ip->target, flags, mode, now, links, out);
	}
	if (l.trailing && !FS_ISDIR(ip->mode))
		return -LX_ENOTDIR;
	*out = ip;
	return 0;
}

int fs_open(struct fs_inode *base, const char *path, uint32_t flags, uint32_t mode, uint64_t now,
	    struct fs_file **out)
{
	struct fs_inode *ip;
	int links = 0, err;
	uint32_t acc = flags & FS_O_ACCMODE;
	if (acc == 3)
		return -LX_EINVAL;
	if (flags & FS_O_CREAT)
		err = open_creat(base, path, flags, mode, now, &links, &ip);
	else
		err = fs_resolve(base, path, !(flags & FS_O_NOFOLLOW), &ip);
	if (err)
		return err;
	if (FS_ISLNK(ip->mode))
		return -LX_ELOOP; /* O_NOFOLLOW on a link */
	if ((flags & FS_O_DIRECTORY) && !FS_ISDIR(ip->mode))
		return -LX_ENOTDIR;
	if (FS_ISDIR(ip->mode) && (acc != FS_O_RDONLY || (flags & FS_O_CREAT)))
		return -LX_EISDIR;
	if ((flags & FS_O_TRUNC) && FS_ISREG(ip->mode) && acc != FS_O_RDONLY) {
		err = fs_truncate(ip, 0, now);
		if (err)
			return err;
	}
	*out = fs_file_new(ip, flags);
	return *out ? 0 : -LX_ENOMEM;
}

/* ---- file data ---- */

/* Copy out bytes [off, off + n) of regular file @ip (holes are zeros). */
static void data_read(const struct fs_inode *ip, uint8_t *buf, size_t n, uint64_t off)
{
	while (n) {
		uint32_t pg = (uint32_t)(off / FS_PAGE), in = (uint32_t)(off % FS_PAGE);
		size_t chunk = FS_PAGE - in < n ? FS_PAGE - in : n;
		if (pg < ip->npages && ip->pages[pg])
			memcpy(buf, ip->pages[pg] + in, chunk);
		else
			memset(buf, 0, chunk);
		buf += chunk, off += chunk, n -= chunk;
	}
}

/* Grow the page table of @ip to hold @npages. */
static int pages_reserve(struct fs_inode *ip, uint32_t npages)
{
	if (npages <= ip->npages)
		return 0;
	uint32_t cap = ip->npages ? ip->npages : 4;
	while (cap < npages)
		cap *= 2;
	uint8_t **p = fs_zalloc(cap * sizeof(*p));
	if (!p)
		return -LX_ENOSPC;
	if (ip->pages) {
		memcpy(p, ip->pages, ip->npages * sizeof(*p));
		fs_free(ip->pages, ip->npages * sizeof(*p));
	}
	ip->pages = p;
	ip->npages = cap;
	return 0;
}

/* Write @n bytes at @off of @ip. Return: bytes written (short on ENOSPC), or -errno. */
static long data_write(struct fs_inode *ip, const uint8_t *buf, size_t n, uint64_t off)
{
	if (off >= FS_FILE_MAX)
		return n ? -LX_EFBIG : 0;
	if (n > FS_FILE_MAX - off)
		n = (size_t)(FS_FILE_MAX - off);
	if (pages_reserve(ip, (uint32_t)((off + n + FS_PAGE - 1) / FS_PAGE)))
		return -LX_ENOSPC;
	size_t done = 0;
	while (done < n) {
		uint32_t pg = (uint32_t)(off / FS_PAGE), in = (uint32_t)(off % FS_PAGE);
		size_t chunk = FS_PAGE - in < n - done ? FS_PAGE - in : n - done;
		if (!ip->pages[pg]) {
			if (data_bytes + FS_PAGE > FS_DATA_MAX ||
			    !(ip->pages[pg] = fs_zalloc(FS_PAGE)))
				break;
			data_bytes += FS_PAGE;
		}
		memcpy(ip->pages[pg] + in, buf + done, chunk);
		done += chunk, off += chunk;
	}
	if (off > ip->size)
		ip->size = off;
	return done ? (long)done : -LX_ENOSPC;
}

/* A device's read (/dev/null: end of file; zero: zeros; urandom: bytes). */
static long dev_read(const struct fs_inode *ip, uint8_t *buf, size_t n)
{
	if (ip->dev == FS_DEV_NULL || FS_IS_TTY(ip->dev))
		return 0;
	if (ip->dev == FS_DEV_ZERO) {
		memset(buf, 0, n);
		return (long)n;
	}
	for (size_t i = 0; i < n; i++) {
		rand_state ^= rand_state << 13, rand_state ^= rand_state >> 7;
		rand_state ^= rand_state << 17;
		buf[i] = (uint8_t)rand_state;
	}
	return (long)n;
}

long fs_pread(struct fs_file *f, void *buf, size_t n, uint64_t off, uint64_t now)
{
	if (FS_ISFIFO(f->ino->mode))
		return -LX_ESPIPE;
	struct fs_inode *ip = f->ino;
	if ((f->flags & FS_O_ACCMODE) == FS_O_WRONLY)
		return -LX_EBADF;
	if (FS_ISDIR(ip->mode))
		return -LX_EISDIR;
	if (n > 0x7ffff000u)
		n = 0x7ffff000u; /* Linux's most in one call */
	if (ip->dev != FS_DEV_NONE)
		return dev_read(ip, buf, n);
	if (!FS_ISREG(ip->mode))
		return -LX_EINVAL;
	if (off >= ip->size)
		return 0;
	if (n > ip->size - off)
		n = (size_t)(ip->size - off);
	data_read(ip, buf, n, off);
	ip->atime = now;
	return (long)n;
}

long fs_pwrite(struct fs_file *f, const void *buf, size_t n, uint64_t off, uint64_t now)
{
	if (FS_ISFIFO(f->ino->mode))
		return -LX_ESPIPE;
	struct fs_inode *ip = f->ino;
	if ((f->flags & FS_O_ACCMODE) == FS_O_RDONLY)
		return -LX_EBADF;
	if (n > 0x7ffff000u)
		n = 0x7ffff000u;
	if (ip->dev != FS_DEV_NONE)
		return (long)n;
	if (!FS_ISREG(ip->mode))
		return -LX_EINVAL;
	if (!n)
		return 0;
	long r = data_write(ip, buf, n, off);
	if (r > 0)
		ip->mtime = ip->ctime = now;
	return r;
}

/* ---- FIFOs ---- */

int fs_mkfifo(struct fs_inode *base, const char *path, uint32_t mode, uint64_t now)
{
	struct last l;
	int err = new_name(base, path, &l);
	return err ? err : add_new(&l, inode_new(FS_IFIFO | (mode & 07777), now), now);
}

long fs_read(struct fs_file *f, void *buf, size_t n, uint64_t now)
{
	long r = fs_pread(f, buf, n, f->off, now);
	if (r > 0 && f->ino->dev == FS_DEV_NONE)
		f->off += (uint64_t)r;
	return r;
}

long fs_write(struct fs_file *f, const void *buf, size_t n, uint64_t now)
{
	if ((f->flags & FS_O_APPEND) && FS_ISREG(f->ino->mode))
		f->off = f->ino->size;
	long r = fs_pwrite(f, buf, n, f->off, now);
	if (r > 0 && f->ino->dev == FS_DEV_NONE)
		f->off += (uint64_t)r;
	return r;
}

int fs_seek(struct fs_file *f, int64_t off, int whence, uint64_t *res)
{
	struct fs_inode *ip = f->ino;
	int64_t at;
	if (FS_ISFIFO(ip->mode))
		return -LX_ESPIPE;
	if (ip->dev != FS_DEV_NONE) {
		*res = 0; /* devices: seeking succeeds and means nothing */
		return whence >= 0 && whence <= 2 ? 0 : -LX_EINVAL;
	}
	uint64_t from;
	if (whence == 0)
		from = 0;
	else if (whence == 1)
		from = f->off;
	else if (whence == 2)
		from = FS_ISDIR(ip->mode) ? 0 : ip->size;
	else
		return -LX_EINVAL;
	/* Past the largest offset either way (a sum that overflows too): EINVAL, as Linux. */
	if (from > INT64_MAX || __builtin_add_overflow((int64_t)from, off, &at) || at < 0)
		return -LX_EINVAL;
	f->off = (uint64_t)at;
	*res = f->off;
	return 0;
}

int fs_truncate(struct fs_inode *ip, uint64_t len, uint64_t now)
{
	if (FS_ISDIR(ip->mode))
		return -LX_EISDIR;
	if (!FS_ISREG(ip->mode))
		return -LX_EINVAL;
	if (len > FS_FILE_MAX)
		return -LX_EFBIG;
	if (len < ip->size) {
		uint32_t keep = (uint32_t)((len + FS_PAGE - 1) / FS_PAGE);
		free_pages(ip, keep);
		/* What lies past the end in the last page must read as zeros if it grows. */
		if (len % FS_PAGE && keep - 1 < ip->npages && ip->pages[keep - 1])
			memset(ip->pages[keep - 1] + len % FS_PAGE, 0, FS_PAGE - len % FS_PAGE);
	}
	ip->size = len;
	ip->mtime = ip->ctime = now;
	return 0;
}

/* ---- directories listed ---- */

/* struct linux_dirent64: d_ino, d_off, d_reclen, d_type, d_name. */
static size_t dirent_put(uint8_t *buf, size_t room, uint64_t ino, uint64_t cookie, uint8_t type,
			 const char *name, size_t len)
{
	size_t reclen = (19 + len + 1 + 7) & ~(size_t)7;
	if (reclen > room)
		return 0;
	memset(buf, 0, reclen);
	memcpy(buf, &ino, 8);
	memcpy(buf + 8, &cookie, 8);
	uint16_t rl = (uint16_t)reclen;
	memcpy(buf + 16, &rl, 2);
	buf[18] = type;
	memcpy(buf + 19, name, len);
	return reclen;
}

static uint8_t dtype_of(uint32_t mode)
{
	return (uint8_t)((mode & FS_IFMT) >> 12); /* DT_* are the S_IF* bits shifted */
}

long fs_getdents(struct fs_file *f, void *out, size_t n)
{
	struct fs_inode *dp = f->ino;
	uint8_t *buf = out;
	size_t used = 0, put;
	if (!FS_ISDIR(dp->mode))
		return -LX_ENOTDIR;
	if (f->off < 1) {
		if (!(put = dirent_put(buf + used, n - used, dp->ino, 1, 4, ".", 1)))
			return used ? (long)used : -LX_EINVAL;
		used += put, f->off = 1;
	}
	if (f->off < 2) {
		struct fs_inode *up = dp == root ? root : dp->parent ? dp->parent : dp;
		if (!(put = dirent_put(buf + used, n - used, up->ino, 2, 4, "..", 2)))
			return used ? (long)used : -LX_EINVAL;
		used += put, f->off = 2;
	}
	for (struct fs_dirent *de = dp->first; de; de = de->next) {
		if (de->cookie <= f->off)
			continue;
		put = dirent_put(buf + used, n - used, de->ino->ino, de->cookie,
				 dtype_of(de->ino->mode), de->name, de->len);
		if (!put)
			return used ? (long)used : -LX_EINVAL;
		used += put, f->off = de->cookie;
	}
	return (long)used;
}

/* ---- attributes ---- */

void fs_stat(const struct fs_inode *ip, struct fs_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->ino = ip->ino;
	st->mode = ip->mode;
	st->nlink = ip->nlink;
	st->blksize = FS_PAGE;
	st->atime = ip->atime, st->mtime = ip->mtime, st->ctime = ip->ctime;
	if (FS_ISDIR(ip->mode)) {
		uint32_t entries = 0;
		for (const struct fs_dirent *de = ip->first; de; de = de->next)
			entries++;
		st->size = 40u + 20u * entries; /* as tmpfs counts, roughly */
	} else if (FS_ISLNK(ip->mode)) {
		st->size = strlen(ip->target);
	} else {
		st->size = ip->size;
	}
	for (uint32_t i = 0; i < ip->npages; i++)
		st->blocks += ip->pages[i] ? FS_PAGE / 512 : 0;
	static const uint32_t major[] = {0, 1, 1, 1, 5, 5}, minor[] = {0, 3, 5, 9, 0, 1};
	if (ip->dev != FS_DEV_NONE)
		st->rdev_major = major[ip->dev], st->rdev_minor = minor[ip->dev];
}

void fs_chmod(struct fs_inode *ip, uint32_t mode, uint64_t now)
{
	ip->mode = (ip->mode & FS_IFMT) | (mode & 07777);
	ip->ctime = now;
}

void fs_set_times(struct fs_inode *ip, uint64_t atime, uint64_t mtime, uint64_t now)
{
	if (atime != UINT64_MAX)
		ip->atime = atime;
	if (mtime != UINT64_MAX)
		ip->mtime = mtime;
	ip->ctime = now;
}

/* ---- names made and removed ---- */

int fs_mkdir(struct fs_inode *base, const char *path, uint32_t mode, uint64_t now)
{
	struct last l;
	int err = new_name(base, path, &l);
	if (err)
		return err;
	struct fs_inode *ip = inode_new(FS_IFDIR | (mode & 07777), now);
	if (ip)
		ip->nlink = 1; /* its "."; the parent's entry adds one */
	return add_new(&l, ip, now);
}

int fs_rmdir(struct fs_inode *base, const char *path, uint64_t now)
{
	struct last l;
	int links = 0, err = walk_parent(base, path, &links, &l);
	if (err)
		return err;
	if (l.kind != LAST_NORM)
		return l.kind == LAST_DOT    ? -LX_EINVAL
		       : l.kind == LAST_ROOT ? -LX_EBUSY
					     : -LX_ENOTEMPTY;
	struct fs_dirent *de = dir_find(l.dir, l.name, l.len);
	if (!de)
		return -LX_ENOENT;
	if (!FS_ISDIR(de->ino->mode))
		return -LX_ENOTDIR;
	if (de->ino->first)
		return -LX_ENOTEMPTY;
	dir_remove(l.dir, de, now);
	return 0;
}

int fs_unlink(struct fs_inode *base, const char *path, uint64_t now)
{
	struct last l;
	int links = 0, err = walk_parent(base, path, &links, &l);
	if (err)
		return err;
	if (l.kind != LAST_NORM)
		return -LX_EISDIR;
	struct fs_dirent *de = dir_find(l.dir, l.name, l.len);
	if (!de)
		return -LX_ENOENT;
	if (FS_ISDIR(de->ino->mode))
		return -LX_EISDIR;
	if (l.trailing)
		return -LX_ENOTDIR;
	dir_remove(l.dir, de, now);
	return 0;
}

int fs_symlink(const char *target, struct fs_inode *base, const char *path, uint64_t now)
{
	struct last l;
	long tn = path_len(target);
	if (tn < 0)
		return (int)tn;
	int err = new_name(base, path, &l);
	if (err)
		return err;
	if (l.trailing)
		return -LX_ENOENT;
	struct fs_inode *ip = inode_new(FS_IFLNK | 0777, now);
	if (!ip)
		return -LX_ENOSPC;
	ip->target = fs_zalloc((size_t)tn + 1);
	if (!ip->target)
		goto nospace;
	memcpy(ip->target, target, (size_t)tn + 1);
	if (dir_add(l.dir, l.name, l.len, ip, now) != 0)
		goto nospace;
	ip->size = (uint64_t)tn;
	return 0;
nospace:
	inode_free(ip);
	return -LX_ENOSPC;
}

long fs_readlink(const struct fs_inode *ip, char *buf, size_t n)
{
	if (!FS_ISLNK(ip->mode))
		return -LX_EINVAL;
	size_t len = strlen(ip->target);
	if (len > n)
		len = n;
	memcpy(buf, ip->target, len);
	return (long)len;
}

int fs_link_inode(struct fs_inode *ip, struct fs_inode *nbase, const char *npath, uint64_t now)
{
	struct last l;
	int links = 0, err = walk_parent(nbase, npath, &links, &l);
	if (err)
		return err;
	if (FS_ISDIR(ip->mode))
		return -LX_EPERM;
	if (l.kind != LAST_NORM || dir_find(l.dir, l.name, l.len))
		return -LX_EEXIST;
	if (l.trailing)
		return -LX_ENOENT;
	if (ip->nlink == 0)
		return -LX_ENOENT; /* an unlinked open file gets no new name */
	ip->ctime = now;
	return dir_add(l.dir, l.name, l.len, ip, now);
}

int fs_link(struct fs_inode *obase, const char *opath, struct fs_inode *nbase, const char *npath,
	    bool follow, uint64_t now)
{
	struct fs_inode *ip;
	int err = fs_resolve(obase, opath, follow, &ip);
	return err ? err : fs_link_inode(ip, nbase, npath, now);
}

/* Whether directory @dp is @anc or lies below it. */
static bool below(const struct fs_inode *dp, const struct fs_inode *anc)
{
	for (; dp; dp = dp == root ? NULL : dp->parent)
		if (dp == anc)
			return true;
	return false;
}

/* rename(2)'s checks of source @od (in @ol) against the target (@nd may be NULL). */
static int rename_check(const struct last *ol, struct fs_dirent *od, const struct last *nl,
			struct fs_dirent *nd, uint32_t flags)
{
	struct fs_inode *ip = od->ino;
	if (!FS_ISDIR(ip->mode) && (ol->trailing || nl->trailing))
		return -LX_ENOTDIR;
	if (FS_ISDIR(ip->mode) && below(nl->dir, ip))
		return -LX_EINVAL;
	if (!nd)
		return 0;
	if (flags & 1) /* RENAME_NOREPLACE */
		return -LX_EEXIST;
	if (nd->ino == ip)
		return 0;
	if (FS_ISDIR(ip->mode) && !FS_ISDIR(nd->ino->mode))
		return -LX_ENOTDIR;
	if (!FS_ISDIR(ip->mode) && FS_ISDIR(nd->ino->mode))
		return -LX_EISDIR;
	if (FS_ISDIR(nd->ino->mode) && nd->ino->first)
		return -LX_ENOTEMPTY;
	return 0;
}

int fs_rename(struct fs_inode *obase, const char *opath, struct fs_inode *nbase, const char *npath,
	      uint32_t flags, uint64_t now)
{
	struct last ol, nl;
	int links = 0, err;
	if (flags & ~1u)
		return -LX_EINVAL; /* RENAME_EXCHANGE and RENAME_WHITEOUT are not here */
	if ((err = walk_parent(obase, opath, &links, &ol)) != 0)
		return err;
	links = 0;
	if ((err = walk_parent(nbase, npath, &links, &nl)) != 0)
		return err;
	if (ol.kind != LAST_NORM || nl.kind != LAST_NORM)
		return -LX_EBUSY;
	struct fs_dirent *od = dir_find(ol.dir, ol.name, ol.len);
	if (!od)
		return -LX_ENOENT;
	struct fs_dirent *nd = dir_find(nl.dir, nl.name, nl.len);
	if ((err = rename_check(&ol, od, &nl, nd, flags)) != 0)
		return err;
	struct fs_inode *ip = od->ino;
	if (nd && nd->ino == ip)
		return 0; /* two names of one inode: nothing happens */
	fs_hold(ip);	  /* keep it through the removal of its old name */
	if (nd)
		dir_remove(nl.dir, nd, now);
	dir_remove(ol.dir, od, now);
	if (FS_ISDIR(ip->mode))
		ip->nlink++; /* dir_remove dropped its "." too */
	err = dir_add(nl.dir, nl.name, nl.len, ip, now);
	fs_release(ip);
	return err;
}

long fs_getcwd(const struct fs_inode *ip, char *buf, size_t n)
{
	char tmp[FS_PATH_MAX];
	size_t at = sizeof(tmp) - 1;
	tmp[at] = 0;
	for (const struct fs_inode *dp = ip; dp != root;) {
		const struct fs_inode *up = dp->parent;
		if (!up)
			return -LX_ENOENT;
		const struct fs_dirent *de = up->first;
		while (de && de->ino != dp)
			de = de->next;
		if (!de || de->len + 1 > at)
			return -LX_ENAMETOOLONG;
		at -= de->len;
		memcpy(tmp + at, de->name, de->len);
		tmp[--at] = '/';
		dp = up;
	}
	if (at == sizeof(tmp) - 1)
		tmp[--at] = '/';
	size_t len = sizeof(tmp) - at; /* with the NUL */
	if (len > n)
		return -LX_ERANGE;
	memcpy(buf, tmp + at, len);
	return (long)len;
}

/* ---- the tree ---- */

static struct fs_inode *add_dir(struct fs_inode *dp, const char *name, uint32_t mode, uint64_t now)
{
	struct fs_inode *ip = inode_new(FS_IFDIR | mode, now);
	if (!ip)
		return NULL;
	ip->nlink = 1;
	if (dir_add(dp, name, strlen(name), ip, now)) {
		inode_free(ip);
		return NULL;
	}
	return ip;
}

static int add_dev(struct fs_inode *dp, const char *name, enum fs_dev dev, uint64_t now)
{
	struct fs_inode *ip = inode_new(FS_IFCHR | 0666, now);
	if (!ip)
		return -LX_ENOMEM;
	ip->dev = dev;
	if (dir_add(dp, name, strlen(name), ip, now)) {
		inode_free(ip);
		return -LX_ENOMEM;
	}
	return 0;
}

int fs_init(uint64_t now)
{
	root = inode_new(FS_IFDIR | 0755, now);
	if (!root)
		return -LX_ENOMEM;
	root->nlink = 2;
	struct fs_inode *dev = add_dir(root, "dev", 0755, now);
	if (!add_dir(root, "tmp", 01777, now) || !dev || add_dev(dev, "null", FS_DEV_NULL, now) ||
	    add_dev(dev, "zero", FS_DEV_ZERO, now) ||
	    add_dev(dev, "urandom", FS_DEV_URANDOM, now) || add_dev(dev, "tty", FS_DEV_TTY, now) ||
	    add_dev(dev, "console", FS_DEV_CONSOLE, now))
		return -LX_ENOMEM;
	rand_state ^= now;
	return 0;
}

static void free_tree(struct fs_inode *dp)
{
	while (dp->first) {
		struct fs_dirent *de = dp->first;
		if (FS_ISDIR(de->ino->mode))
			free_tree(de->ino);
		dp->first = de->next;
		if (FS_ISDIR(de->ino->mode) || --de->ino->nlink == 0)
			inode_free(de->ino);
		fs_free(de, sizeof(*de));
	}
	dp->last = NULL;
}

void fs_reset(void)
{
	if (root) {
		free_tree(root);
		inode_free(root);
	}
	root = NULL;
	next_ino = 1;
}

/*
 * Without recursion: a program can build a tree thousands of levels deep where the
 * server empties one (/proc), and a stack is small. Go down through first entries to
 * an empty directory or a file, remove it, go back up through the parent pointers.
 */
void fs_empty_dir(struct fs_inode *top, uint64_t now)
{
	struct fs_inode *dp = top;
	while (dp->first || dp != top) {
		if (!dp->first) { /* emptied: its own entry goes, one level up */
			struct fs_inode *up = dp->parent;
			dir_remove(up, up->first, now);
			dp = up;
		} else if (FS_ISDIR(dp->first->ino->mode)) {
			dp = dp->first->ino;
		} else {
			dir_remove(dp, dp->first, now);
		}
	}
}

struct fs_inode *fs_root(void)
{
	return root;
}

void fs_usage(uint64_t *bytes, uint32_t *count)
{
	*bytes = data_bytes;
	*count = inodes;
}
