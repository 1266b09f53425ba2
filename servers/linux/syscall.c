/* syscall.c - the Linux ARM EABI system calls of one process: memory, files, time, identity. */
#include "syscall.h"
#include "fd.h"
#include "vfs.h"
#include "proc.h"
#include "tty.h"
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <stdio.h>
#include <string.h>

/* errno values (asm-generic/errno-base.h, errno.h). */
enum {
	EPERM = 1,
	ENOENT = 2,
	EBADF = 9,
	EAGAIN = 11,
	ENOMEM = 12,
	EFAULT = 14,
	EINVAL = 22,
	EIO = 5,
	ENOTTY = 25,
	ESPIPE = 29,
	ENOSYS = 38,
};

/* The process's identity: one process, its own session leader. */
#define LX_PID 100

/* ---- output ---- */

#define OUT_CHUNK 64 /* bytes per line: a line stays one kernel log write */

void lx_output(int fd, const uint8_t *buf, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char line[OUT_CHUNK * 2 + 1];
	for (size_t at = 0; at < n; at += OUT_CHUNK) {
		size_t len = n - at < OUT_CHUNK ? n - at : OUT_CHUNK;
		for (size_t i = 0; i < len; i++) {
			line[2 * i] = hex[buf[at + i] >> 4];
			line[2 * i + 1] = hex[buf[at + i] & 15];
		}
		line[2 * len] = 0;
		printf("linux: out %d %s\n", fd, line);
	}
	fflush(stdout);
}

/* ---- identity and limits ---- */

static long do_uname(struct lx_process *p, uint32_t addr)
{
	char u[6][65];
	memset(u, 0, sizeof(u));
	strcpy(u[0], "Linux");
	strcpy(u[1], "keel");
	strcpy(u[2], "6.1.0-keel");
	strcpy(u[3], "#1 Keel Linux server");
	strcpy(u[4], "armv7l");
	strcpy(u[5], "(none)");
	return lx_copy_to(p, addr, u, sizeof(u));
}

/* sysinfo: uptime from the KIP clock, the memory the server has for processes. */
static long do_sysinfo(struct lx_process *p, uint32_t addr)
{
	uint32_t info[16]; /* struct sysinfo on 32-bit ARM: 64 bytes */
	memset(info, 0, sizeof(info));
	info[0] = (uint32_t)(l4_kip_clock_ns(l4re_kip()) / 1000000000u); /* uptime */
	info[4] = 32u << 20;						 /* totalram */
	info[5] = 16u << 20;						 /* freeram */
	info[10] = 1;							 /* procs */
	info[13] = 1;							 /* mem_unit */
	return lx_copy_to(p, addr, info, sizeof(info));
}

/* ugetrlimit/prlimit64: RLIMIT_STACK is 8 MiB, RLIMIT_NOFILE 1024, the rest unlimited. */
static void rlimit_of(uint32_t resource, uint64_t *cur, uint64_t *max)
{
	*cur = *max = ~0ull;
	if (resource == 3) /* RLIMIT_STACK */
		*cur = LX_STACK_MAX;
	else if (resource == 7) /* RLIMIT_NOFILE */
		*cur = 1024, *max = 4096;
}

static long do_ugetrlimit(struct lx_process *p, uint32_t resource, uint32_t addr)
{
	uint64_t cur, max;
	if (resource >= 16)
		return -EINVAL;
	rlimit_of(resource, &cur, &max);
	uint32_t r[2] = {cur > 0xffffffffu ? 0xffffffffu : (uint32_t)cur,
			 max > 0xffffffffu ? 0xffffffffu : (uint32_t)max};
	return lx_copy_to(p, addr, r, sizeof(r));
}

static long do_prlimit64(struct lx_process *p, l4_exc_regs_t *r)
{
	uint64_t lim[2];
	if ((r->r[0] && r->r[0] != p->pid) || r->r[1] >= 16)
		return r->r[1] >= 16 ? -EINVAL : -3; /* ESRCH */
	if (r->r[3]) {
		rlimit_of(r->r[1], &lim[0], &lim[1]);
		if (lx_copy_to(p, r->r[3], lim, sizeof(lim)))
			return -EFAULT;
	}
	return 0; /* setting a limit is accepted and not enforced */
}

/* ---- time ---- */

/* The monotonic clock (the KIP's, from boot): sleeps and timeouts. */
static uint64_t mono_ns(void)
{
	return l4_kip_clock_ns(l4re_kip());
}

/* The wall clock is the monotonic one plus this: 0 (from boot, 1970) until
 * lx_set_wall_clock() knows the date. */
static int64_t wall_offset_ns;

void lx_set_wall_clock(uint64_t seconds)
{
	wall_offset_ns = (int64_t)(seconds * 1000000000u) - (int64_t)mono_ns();
}

uint64_t lx_wall_ns(void)
{
	return (uint64_t)((int64_t)mono_ns() + wall_offset_ns);
}

/* Wall time: CLOCK_REALTIME and the times of files. */
static uint64_t now_ns(void)
{
	return lx_wall_ns();
}

/* Is @clock one of the wall clocks (REALTIME, REALTIME_COARSE, REALTIME_ALARM, TAI)? */
static bool wall_clock(uint32_t clock)
{
	return clock == 0 || clock == 5 || clock == 8 || clock == 11;
}

/* clock_gettime: @wide for the time64 call (two 64-bit fields). */
static long do_clock_gettime(struct lx_process *p, uint32_t clock, uint32_t addr, bool wide)
{
	uint64_t ns = wall_clock(clock) ? now_ns() : mono_ns();
	if (clock > 11)
		return -EINVAL;
	if (wide) {
		int64_t ts[2] = {(int64_t)(ns / 1000000000u), (int64_t)(ns % 1000000000u)};
		return lx_copy_to(p, addr, ts, sizeof(ts));
	}
	int32_t ts[2] = {(int32_t)(ns / 1000000000u), (int32_t)(ns % 1000000000u)};
	return lx_copy_to(p, addr, ts, sizeof(ts));
}

static long do_gettimeofday(struct lx_process *p, uint32_t addr)
{
	uint64_t ns = now_ns();
	int32_t tv[2] = {(int32_t)(ns / 1000000000u), (int32_t)(ns % 1000000000u / 1000u)};
	return addr ? lx_copy_to(p, addr, tv, sizeof(tv)) : 0;
}

/* A call that must wait returns this (never an errno): lx_syscall says LX_BLOCK. */
#define WOULD_BLOCK (-4096)

/* nanosleep and clock_nanosleep: the first call sets the deadline, the ones after
 * look whether it has passed (main.c calls again at p->wake_ns). */
static long sleep_until(struct lx_process *p, uint64_t deadline)
{
	if (!p->retrying)
		p->wake_ns = deadline ? deadline : 1;
	if (mono_ns() >= p->wake_ns) {
		p->wake_ns = 0;
		return 0;
	}
	return WOULD_BLOCK;
}

/* The timespec at @addr (64-bit fields if @wide) in ns. Return: 0, -EFAULT, -EINVAL. */
long lx_timespec_ns(struct lx_process *p, uint32_t addr, bool wide, uint64_t *ns)
{
	int64_t ts[2];
	if (wide) {
		if (lx_copy_from(p, ts, addr, sizeof(ts)))
			return -EFAULT;
	} else {
		int32_t t32[2];
		if (lx_copy_from(p, t32, addr, sizeof(t32)))
			return -EFAULT;
		ts[0] = t32[0], ts[1] = t32[1];
	}
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -EINVAL;
	*ns = ts[0] > 1000000000ll * 100 ? UINT64_MAX / 2
					 : (uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1];
	return 0;
}

/* nanosleep(req, rem) and clock_nanosleep(clock, flags, req, rem) (TIMER_ABSTIME 1:
 * @req is a time of the clock, which counts from boot here). */
static long do_nanosleep(struct lx_process *p, uint32_t req, bool wide, bool absolute,
			 uint32_t clock)
{
	uint64_t ns = 0;
	if (p->retrying)
		return sleep_until(p, p->wake_ns);
	long err = lx_timespec_ns(p, req, wide, &ns);
	if (err)
		return err;
	if (absolute && wall_clock(clock)) /* a time of the wall clock: the same on ours */
		ns =
		    (int64_t)ns - wall_offset_ns > 0 ? (uint64_t)((int64_t)ns - wall_offset_ns) : 0;
	return sleep_until(p, absolute ? ns : mono_ns() + ns);
}

/* ---- files: the file system (fs.c) through the descriptor table (fd.c) ---- */

/* Linux's flags of the *at calls. */
#define AT_FDCWD	    (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR	    0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT	    0x800
#define AT_EMPTY_PATH	    0x1000
#define AT_STATX_SYNC_TYPE  0x6000
#define IO_CHUNK	    4096u
#define IO_MAX		    0x7ffff000u /* Linux's most bytes in one read or write */
#define SENDFILE_MAX	    (1u << 20)	/* bytes one sendfile moves at most here */

/* The one process's files: its descriptors, working directory and umask. */
static bool files_ready;
/* The paths of the call being served (rename and link take two). */
static char path_a[FS_PATH_MAX], path_b[FS_PATH_MAX];
static uint8_t io_buf[IO_CHUNK];

/* The process whose system call is being served (for the helpers below). */
static struct lx_process *cur;

void lx_files_init(void)
{
	if (files_ready)
		return;
	files_ready = true;
	if (vfs_init(now_ns()) != 0)
		printf("linux-server: no file-system task (the capabilities fs and fsbuf)\n");
}

void lx_process_files_init(struct lx_process *p)
{
	lx_files_init();
	lx_fd_init(&p->group->fdt);
	if (lx_tty_present()) { /* 0, 1 and 2 are the terminal */
		struct lx_file *f;
		if (vfs_open(vfs_root(), "/dev/console", FS_O_RDWR, 0, now_ns(), &f, NULL) == 0) {
			struct lx_fd d = {.kind = LX_FD_FILE, .file = f};
			for (int32_t fd = 0; fd < 3; fd++) {
				lx_fd_close(&p->group->fdt, fd);
				lx_fd_install(&p->group->fdt, &d, fd, false);
			}
			vfs_file_put(f);
		}
	}
	p->group->umask = 022;
	p->group->cwd = vfs_hold(vfs_root());
}

void lx_process_files_copy(struct lx_process *parent, struct lx_process *child)
{
	/* The same open file descriptions: one more reference each. */
	child->fdt = parent->fdt;
	for (int32_t fd = 0; fd < child->fdt.top; fd++)
		if (child->fdt.fd[fd].kind == LX_FD_FILE)
			vfs_file_get(child->fdt.fd[fd].file);
	child->umask = parent->umask;
	child->cwd = parent->cwd ? vfs_hold(parent->cwd) : 0;
}

void lx_process_files_exec(struct lx_process *p)
{
	for (int32_t fd = 0; fd < p->group->fdt.top; fd++) {
		struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
		if (d && d->cloexec)
			lx_fd_close(&p->group->fdt, fd);
	}
}

void lx_process_files_end(struct lx_process *p)
{
	if (p->pending_open) {
		vfs_file_put(p->pending_open);
		p->pending_open = NULL;
	}
	for (int32_t fd = 0; fd < p->group->fdt.top; fd++)
		lx_fd_close(&p->group->fdt, fd);
	if (p->group->cwd)
		vfs_release(p->group->cwd);
	p->group->cwd = 0;
}

/* Is @path /proc/self/exe, which readlink and execve answer from the process itself? */
static bool is_self_exe(const char *path)
{
	return strcmp(path, "/proc/self/exe") == 0;
}

/* Copy the NUL-terminated path at @addr into @buf (FS_PATH_MAX bytes), a page at a
 * time so that a string ending just before an unmapped page is fine. A path under
 * /proc brings it up to date first (proc.c), unless @self_exe_too is false and it is
 * /proc/self/exe (glibc's start-up reads that link in every program: rebuilding /proc
 * for it would cost every execve dozens of calls to the file-system task). */
static long copy_path_as(struct lx_process *p, uint32_t addr, char *buf, bool self_exe_too)
{
	size_t at = 0;
	while (at < FS_PATH_MAX) {
		size_t chunk = LX_PAGE - (addr + at) % LX_PAGE;
		if (chunk > FS_PATH_MAX - at)
			chunk = FS_PATH_MAX - at;
		if (lx_copy_from(p, buf + at, addr + (uint32_t)at, chunk))
			return -EFAULT;
		if (memchr(buf + at, 0, chunk)) {
			if (strncmp(buf, "/proc", 5) == 0 && (buf[5] == '/' || buf[5] == 0) &&
			    (self_exe_too || !is_self_exe(buf)))
				lx_proc_refresh(p);
			return 0;
		}
		at += chunk;
	}
	return -LX_ENAMETOOLONG;
}

static long copy_path(struct lx_process *p, uint32_t addr, char *buf)
{
	return copy_path_as(p, addr, buf, true);
}

/* The directory a relative path of an *at call starts from. */
static long base_of(int32_t dirfd, const char *path, lx_node_t *base)
{
	struct lx_process *p = cur;
	if (!p->group->cwd)
		return -ENOMEM;
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*base = path[0] == '/' ? vfs_root() : p->group->cwd;
		return 0;
	}
	struct lx_fd *d = lx_fd_get(&p->group->fdt, dirfd);
	if (!d)
		return -EBADF;
	if (d->kind != LX_FD_FILE || !FS_ISDIR(d->file->mode) || !d->file->node)
		return -LX_ENOTDIR;
	*base = d->file->node;
	return 0;
}

/* Copy the path at @addr into @buf and find its starting directory. */
static long at_path(struct lx_process *p, int32_t dirfd, uint32_t addr, char *buf, lx_node_t *base)
{
	long err = copy_path(p, addr, buf);
	return err ? err : base_of(dirfd, buf, base);
}

/* The file descriptor @fd as an open file of the file system, or NULL with *@err. */
static struct lx_file *file_of(int32_t fd, long *err)
{
	struct lx_process *p = cur;
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	*err = !d ? -EBADF : d->kind != LX_FD_FILE ? -ESPIPE : 0;
	return *err ? NULL : d->file;
}

/* Is @d the terminal? */
static bool is_tty(const struct lx_fd *d)
{
	return d->kind == LX_FD_FILE && FS_IS_TTY(d->file->dev);
}

/* Must the open of FIFO @f with @flags wait for the other end (a reader for a writer,
 * a writer for a reader; not with O_RDWR or O_NONBLOCK)? */
static bool fifo_waits(const struct lx_file *f, uint32_t flags)
{
	uint32_t acc = flags & FS_O_ACCMODE;
	if (!f->pipe || (flags & FS_O_NONBLOCK) || acc == FS_O_RDWR)
		return false;
	return acc == FS_O_RDONLY ? f->pipe->writers == 0 : f->pipe->readers == 0;
}

/* Put the opened @f into the table. */
static long install_opened(struct lx_process *p, struct lx_file *f, uint32_t flags)
{
	struct lx_fd d = {.kind = LX_FD_FILE, .file = f};
	int fd = lx_fd_install(&p->group->fdt, &d, 0, flags & FS_O_CLOEXEC);
	vfs_file_put(f); /* the table holds it now (or nobody does) */
	return fd;
}

static long do_openat(struct lx_process *p, int32_t dirfd, uint32_t addr, uint32_t flags,
		      uint32_t mode)
{
	lx_node_t base;
	struct lx_file *f;
	if (p->retrying && p->pending_open) { /* a FIFO's open that waits for the other end */
		if (fifo_waits(p->pending_open, flags))
			return WOULD_BLOCK;
		f = p->pending_open;
		p->pending_open = NULL;
		return install_opened(p, f, flags);
	}
	long err = at_path(p, dirfd, addr, path_a, &base);
	if (err)
		return err;
	if (flags & 020000000) /* O_TMPFILE */
		return -95;    /* EOPNOTSUPP */
	err = vfs_open(base, path_a, flags, mode & ~p->group->umask & 07777, now_ns(), &f, NULL);
	if (err)
		return err;
	if (FS_IS_TTY(f->dev) && !lx_tty_present()) {
		vfs_file_put(f);
		return -6; /* ENXIO: no terminal (scripts/linux-run) */
	}
	if (f->pipe && (flags & FS_O_ACCMODE) == FS_O_WRONLY && (flags & FS_O_NONBLOCK) &&
	    !f->pipe->readers) {
		vfs_file_put(f);
		return -6; /* ENXIO: a FIFO nobody reads */
	}
	if (fifo_waits(f, flags)) { /* it counts as an end already: the other's open goes on */
		p->pending_open = f;
		return WOULD_BLOCK;
	}
	return install_opened(p, f, flags);
}

/* mknod(at): FIFOs and regular files; device files are not there (EPERM). */
static long do_mknodat(struct lx_process *p, int32_t dirfd, uint32_t path, uint32_t mode)
{
	lx_node_t base;
	struct lx_file *f;
	long err = at_path(p, dirfd, path, path_a, &base);
	if (err)
		return err;
	uint32_t perm = mode & ~p->group->umask & 07777;
	switch (mode & FS_IFMT) {
	case FS_IFIFO:
		return vfs_mkfifo(base, path_a, perm, now_ns());
	case 0:
	case FS_IFREG:
		err = vfs_open(base, path_a, FS_O_CREAT | FS_O_EXCL | FS_O_WRONLY, perm, now_ns(),
			       &f, NULL);
		if (!err)
			vfs_file_put(f);
		return err;
	case FS_IFCHR:
	case 0060000: /* S_IFBLK */
	case 0140000: /* S_IFSOCK */
		return -EPERM;
	default:
		return -EINVAL;
	}
}

/* read(2) of @n bytes from @fd to @addr (@off >= 0: pread at @off). */
static long do_read(struct lx_process *p, int32_t fd, uint32_t addr, uint32_t n, int64_t off)
{
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	if (!d)
		return -EBADF;
	if (d->kind == LX_FD_STD)
		return off >= 0 ? -ESPIPE : d->std == 0 ? 0 : -EBADF;
	if (n > IO_MAX)
		n = IO_MAX;
	if (is_tty(d)) {
		if ((d->file->flags & FS_O_ACCMODE) == FS_O_WRONLY)
			return -EBADF;
		/* A background process of the terminal's session: SIGTTIN to its group,
		 * which stops it (the read runs again when it goes on), or EIO if it
		 * ignores or blocks the signal. */
		struct lx_process *g = p->group;
		if (g->sid == lx_tty_session() && lx_tty_foreground() &&
		    g->pgid != lx_tty_foreground()) {
			const struct lx_sigaction *a = &g->sig.action[21];
			if (a->handler == 1 || (p->sig.blocked & (1ull << 20)))
				return -EIO;
			lx_signal_group(p, g->pgid, 21 /* SIGTTIN */);
			return WOULD_BLOCK;
		}
		long r = lx_tty_read(io_buf, n < IO_CHUNK ? n : IO_CHUNK);
		if (r > 0 && lx_copy_to(p, addr, io_buf, (size_t)r))
			return -EFAULT;
		return r;
	}
	uint32_t done = 0;
	while (done < n) {
		uint32_t chunk = n - done < IO_CHUNK ? n - done : IO_CHUNK;
		long r = off >= 0
			     ? vfs_pread(d->file, io_buf, chunk, (uint64_t)off + done, now_ns())
			     : vfs_read(d->file, io_buf, chunk, now_ns());
		if (r < 0)
			return done ? (long)done : r;
		if (r && lx_copy_to(p, addr + done, io_buf, (size_t)r))
			return done ? (long)done : -EFAULT;
		done += (uint32_t)r;
		if ((uint32_t)r < chunk)
			break;
	}
	return (long)done;
}

/* write(2) of @n bytes at @addr to @fd (@off >= 0: pwrite at @off). */
static long do_write(struct lx_process *p, int32_t fd, uint32_t addr, uint32_t n, int64_t off)
{
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	if (!d)
		return -EBADF;
	if (d->kind == LX_FD_STD && (d->std == 0 || off >= 0))
		return d->std == 0 ? -EBADF : -ESPIPE;
	if (n > IO_MAX)
		n = IO_MAX;
	uint32_t done = 0;
	while (done < n) {
		uint32_t chunk = n - done < IO_CHUNK ? n - done : IO_CHUNK;
		long r;
		if (lx_copy_from(p, io_buf, addr + done, chunk))
			return done ? (long)done : -EFAULT;
		if (d->kind == LX_FD_STD) {
			lx_output(d->std, io_buf, chunk);
			r = chunk;
		} else if (is_tty(d)) {
			r = (d->file->flags & FS_O_ACCMODE) == FS_O_RDONLY
				? -EBADF
				: lx_tty_write(io_buf, chunk);
		} else {
			r = off >= 0
				? vfs_pwrite(d->file, io_buf, chunk, (uint64_t)off + done, now_ns())
				: vfs_write(d->file, io_buf, chunk, now_ns());
		}
		if (r < 0)
			return done ? (long)done : r;
		done += (uint32_t)r;
		if ((uint32_t)r < chunk)
			break;
	}
	return (long)done;
}

/* readv(2)/writev(2), and preadv/pwritev at @off if it is >= 0; the first @skip bytes
 * were done by an earlier try (a write that waited). *@all: every vector was done. */
static long do_rwv(struct lx_process *p, int32_t fd, uint32_t iov, uint32_t count, bool wr,
		   int64_t off, uint32_t skip, bool *all)
{
	long total = 0;
	*all = false;
	if (!lx_fd_get(&p->group->fdt, fd))
		return -EBADF;
	if (count > 1024)
		return -EINVAL;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t v[2];
		if (lx_copy_from(p, v, iov + 8 * i, sizeof(v)))
			return total ? total : -EFAULT;
		if ((int32_t)v[1] < 0 || (uint64_t)total + skip + v[1] > IO_MAX)
			return total ? total : -EINVAL;
		if (skip >= v[1]) {
			skip -= v[1];
			continue;
		}
		int64_t at = off >= 0 ? off + total : -1;
		uint32_t n = v[1] - skip;
		long r =
		    wr ? do_write(p, fd, v[0] + skip, n, at) : do_read(p, fd, v[0] + skip, n, at);
		skip = 0;
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((uint32_t)r < n)
			return total;
	}
	*all = true;
	return total;
}

/* Does a read or write of @fd wait when it cannot go on (a pipe without O_NONBLOCK)? */
static bool waits(struct lx_process *p, int32_t fd)
{
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	return d && d->kind == LX_FD_FILE && (d->file->pipe || is_tty(d)) &&
	       !(d->file->flags & FS_O_NONBLOCK);
}

/*
 * read, write, readv, writev (@r's call). A read that finds an empty pipe waits; a
 * write to a full one writes what fits and waits for room for the rest, keeping what
 * it has written in p->io_done (the call's result once it is all written, or when a
 * signal ends it). A write to a pipe nobody reads raises SIGPIPE and fails with EPIPE.
 */
static long blocking_io(struct lx_process *p, l4_exc_regs_t *r)
{
	const l4_umword_t *a = r->r;
	int32_t fd = (int32_t)a[0];
	bool wr = a[7] == 4 || a[7] == 146, vec = a[7] == 145 || a[7] == 146, all = true;
	uint32_t skip = p->retrying && wr ? p->io_done : 0;
	long got;
	if (vec)
		got = do_rwv(p, fd, a[1], a[2], wr, -1, skip, &all);
	else if (wr)
		got = do_write(p, fd, a[1] + skip, a[2] - skip, -1);
	else
		got = do_read(p, fd, a[1], a[2], -1);
	if (!vec && got >= 0)
		all = (uint32_t)got + skip >= (a[2] > IO_MAX ? IO_MAX : a[2]);
	if (got == -LX_EPIPE)
		lx_signal_raise(p, 13 /* SIGPIPE */, 0, 0);
	if (!waits(p, fd) || (got < 0 && got != -EAGAIN)) {
		p->io_done = 0;
		return skip && got < 0 ? (long)skip : got < 0 ? got : got + (long)skip;
	}
	if (!wr)
		return got == -EAGAIN ? WOULD_BLOCK : got;
	if (got == -EAGAIN) { /* a full pipe: nothing of this try went in */
		got = 0;
		all = false;
	}
	if (!all) {
		p->io_done = skip + (uint32_t)got;
		return WOULD_BLOCK;
	}
	p->io_done = 0;
	return got + (long)skip;
}

static long do_llseek(struct lx_process *p, int32_t fd, uint32_t hi, uint32_t lo, uint32_t res,
		      uint32_t whence)
{
	long err;
	uint64_t at;
	struct lx_file *f = file_of(fd, &err);
	if (!f)
		return err;
	err = vfs_seek(f, (int64_t)((uint64_t)hi << 32 | lo), (int)whence, &at);
	if (err)
		return err;
	return lx_copy_to(p, res, &at, sizeof(at));
}

static long do_lseek(int32_t fd, int32_t off, uint32_t whence)
{
	long err;
	uint64_t at;
	struct lx_file *f = file_of(fd, &err);
	if (!f)
		return err;
	uint64_t old = f->off;
	err = vfs_seek(f, off, (int)whence, &at);
	if (err)
		return err;
	if (at > 0x7fffffffu) {
		f->off = old;
		return -LX_EOVERFLOW;
	}
	return (long)at;
}

static long do_getdents64(struct lx_process *p, int32_t fd, uint32_t addr, uint32_t n)
{
	static uint8_t buf[8192];
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	if (!d)
		return -EBADF;
	if (d->kind != LX_FD_FILE)
		return -LX_ENOTDIR;
	long r = vfs_getdents(d->file, buf, n < sizeof(buf) ? n : sizeof(buf));
	if (r > 0 && lx_copy_to(p, addr, buf, (size_t)r))
		return -EFAULT;
	return r;
}

/* ---- attributes ---- */

/* What a standard stream shows: a pipe. */
static void stat_std(struct fs_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->mode = FS_IFIFO | 0600;
	st->nlink = 1;
	st->blksize = 4096;
	st->ino = 0x10000;
}

/* The fs_stat of what @fd is. */
static long stat_fd(int32_t fd, struct fs_stat *st)
{
	struct lx_process *p = cur;
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	if (!d)
		return -EBADF;
	if (d->kind == LX_FD_STD)
		stat_std(st);
	else
		return vfs_fstat(d->file, st);
	return 0;
}

/* The fs_stat of @path from @dirfd under the *at @flags. */
static long stat_at(struct lx_process *p, int32_t dirfd, uint32_t addr, uint32_t flags,
		    struct fs_stat *st)
{
	lx_node_t base;
	long err = copy_path(p, addr, path_a);
	if (err)
		return err;
	if (!path_a[0] && (flags & AT_EMPTY_PATH))
		return dirfd == AT_FDCWD ? vfs_stat(p->group->cwd, NULL, false, st)
					 : stat_fd(dirfd, st);
	if ((err = base_of(dirfd, path_a, &base)) != 0)
		return err;
	return vfs_stat(base, path_a, !(flags & AT_SYMLINK_NOFOLLOW), st);
}

static void put32(uint8_t *b, size_t at, uint32_t v)
{
	memcpy(b + at, &v, 4);
}

static void put64(uint8_t *b, size_t at, uint64_t v)
{
	memcpy(b + at, &v, 8);
}

/* struct stat64 of ARM EABI (104 bytes). */
static long put_stat64(struct lx_process *p, uint32_t addr, const struct fs_stat *st)
{
	uint8_t b[104];
	memset(b, 0, sizeof(b));
	put64(b, 0, 0x16);     /* st_dev */
	put32(b, 12, st->ino); /* __st_ino */
	put32(b, 16, st->mode);
	put32(b, 20, st->nlink);
	put64(b, 32, st->rdev_major << 8 | st->rdev_minor);
	put64(b, 48, st->size);
	put32(b, 56, st->blksize);
	put64(b, 64, st->blocks);
	const uint64_t t[3] = {st->atime, st->mtime, st->ctime};
	for (int i = 0; i < 3; i++) {
		put32(b, 72 + 8 * i, (uint32_t)(t[i] / 1000000000u));
		put32(b, 76 + 8 * i, (uint32_t)(t[i] % 1000000000u));
	}
	put64(b, 96, st->ino);
	return lx_copy_to(p, addr, b, sizeof(b));
}

/* struct statx (256 bytes). */
static long put_statx(struct lx_process *p, uint32_t addr, const struct fs_stat *st)
{
	uint8_t b[256];
	memset(b, 0, sizeof(b));
	put32(b, 0, 0x7ff); /* STATX_BASIC_STATS */
	put32(b, 4, st->blksize);
	put32(b, 16, st->nlink);
	uint16_t mode = (uint16_t)st->mode;
	memcpy(b + 28, &mode, 2);
	put64(b, 32, st->ino);
	put64(b, 40, st->size);
	put64(b, 48, st->blocks);
	const uint64_t t[4] = {st->atime, 0, st->ctime, st->mtime}; /* a, b, c, m */
	for (int i = 0; i < 4; i++) {
		put64(b, 64 + 16 * (size_t)i, t[i] / 1000000000u);
		put32(b, 72 + 16 * (size_t)i, (uint32_t)(t[i] % 1000000000u));
	}
	put32(b, 128, st->rdev_major);
	put32(b, 132, st->rdev_minor);
	put32(b, 140, 0x16); /* st_dev minor */
	return lx_copy_to(p, addr, b, sizeof(b));
}

static long do_fstatat64(struct lx_process *p, int32_t dirfd, uint32_t path, uint32_t buf,
			 uint32_t flags)
{
	struct fs_stat st;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	long err = stat_at(p, dirfd, path, flags, &st);
	return err ? err : put_stat64(p, buf, &st);
}

static long do_statx(struct lx_process *p, l4_exc_regs_t *r)
{
	struct fs_stat st;
	uint32_t flags = r->r[2];
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE) ||
	    (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	long err = stat_at(p, (int32_t)r->r[0], r->r[1], flags, &st);
	return err ? err : put_statx(p, r->r[4], &st);
}

static long do_fstat64(struct lx_process *p, int32_t fd, uint32_t addr)
{
	struct fs_stat st;
	long err = stat_fd(fd, &st);
	return err ? err : put_stat64(p, addr, &st);
}

/* statfs64/fstatfs64: struct statfs64 of ARM EABI is packed (84 bytes); glibc may
 * pass 88. */
static long put_statfs64(struct lx_process *p, uint32_t size, uint32_t addr)
{
	uint8_t b[88];
	uint64_t bytes;
	uint32_t count;
	if (size != 84 && size != 88)
		return -EINVAL;
	vfs_usage(&bytes, &count);
	memset(b, 0, sizeof(b));
	put32(b, 0, 0x01021994); /* TMPFS_MAGIC */
	put32(b, 4, FS_PAGE);
	put64(b, 8, FS_DATA_MAX / FS_PAGE);
	put64(b, 16, (FS_DATA_MAX - bytes) / FS_PAGE);
	put64(b, 24, (FS_DATA_MAX - bytes) / FS_PAGE);
	put64(b, 32, FS_INODES_MAX);
	put64(b, 40, FS_INODES_MAX - count);
	put32(b, 56, FS_NAME_MAX);
	put32(b, 60, FS_PAGE);
	put32(b, 64, 0x400); /* ST_NOATIME... none of substance: ST_RELATIME */
	return lx_copy_to(p, addr, b, size);
}

static long do_statfs64(struct lx_process *p, uint32_t path, uint32_t size, uint32_t buf)
{
	lx_node_t base;
	struct fs_stat st;
	long err = at_path(p, AT_FDCWD, path, path_a, &base);
	if (!err)
		err = vfs_stat(base, path_a, true, &st);
	return err ? err : put_statfs64(p, size, buf);
}

static long do_fstatfs64(struct lx_process *p, int32_t fd, uint32_t size, uint32_t buf)
{
	return lx_fd_get(&p->group->fdt, fd) ? put_statfs64(p, size, buf) : -EBADF;
}

/* 0 if @path from @dirfd names something (a final link followed if @follow), or -errno:
 * chown's answer, as everything is root's. */
static long exists_at(struct lx_process *p, int32_t dirfd, uint32_t addr, bool follow)
{
	lx_node_t base;
	struct fs_stat st;
	long err = at_path(p, dirfd, addr, path_a, &base);
	return err ? err : vfs_stat(base, path_a, follow, &st);
}

static long do_faccessat(struct lx_process *p, int32_t dirfd, uint32_t path, uint32_t mode,
			 uint32_t flags)
{
	lx_node_t base;
	struct fs_stat st;
	if ((mode & ~7u) || (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x200)))
		return -EINVAL;
	long err = at_path(p, dirfd, path, path_a, &base);
	if (!err)
		err = vfs_stat(base, path_a, !(flags & AT_SYMLINK_NOFOLLOW), &st);
	if (err)
		return err;
	/* root may do anything but run a file nobody may run */
	if ((mode & 1) && !FS_ISDIR(st.mode) && !(st.mode & 0111))
		return -LX_EACCES;
	return 0;
}

static long do_fchmodat(struct lx_process *p, int32_t dirfd, uint32_t path, uint32_t mode)
{
	lx_node_t base;
	long err = at_path(p, dirfd, path, path_a, &base);
	return err ? err : vfs_chmod(base, path_a, true, mode, now_ns());
}

static long do_fchmod(int32_t fd, uint32_t mode)
{
	struct lx_process *p = cur;
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	if (!d)
		return -EBADF;
	if (d->kind == LX_FD_FILE && d->file->node)
		return vfs_chmod(d->file->node, NULL, false, mode, now_ns());
	return 0;
}

static long do_truncate(struct lx_process *p, uint32_t path, uint32_t lo, uint32_t hi)
{
	lx_node_t base;
	int64_t len = (int64_t)((uint64_t)hi << 32 | lo);
	if (len < 0)
		return -EINVAL;
	long err = at_path(p, AT_FDCWD, path, path_a, &base);
	return err ? err : vfs_truncate(base, path_a, (uint64_t)len, now_ns());
}

static long do_ftruncate(int32_t fd, uint32_t lo, uint32_t hi)
{
	struct lx_process *p = cur;
	int64_t len = (int64_t)((uint64_t)hi << 32 | lo);
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	if (len < 0)
		return -EINVAL;
	if (!d)
		return -EBADF;
	if (d->kind != LX_FD_FILE || !FS_ISREG(d->file->mode) ||
	    (d->file->flags & FS_O_ACCMODE) == FS_O_RDONLY)
		return -EINVAL;
	return vfs_truncate(d->file->node, NULL, (uint64_t)len, now_ns());
}

/* One time of utimensat's pair: UTIME_NOW, UTIME_OMIT (UINT64_MAX) or a time. */
static long utime_of(int64_t sec, int64_t nsec, uint64_t now, uint64_t *t)
{
	if (nsec == (1 << 30) - 1)
		*t = now;
	else if (nsec == (1 << 30) - 2)
		*t = UINT64_MAX;
	else if (nsec < 0 || nsec >= 1000000000 || sec < 0)
		return -EINVAL;
	else
		*t = (uint64_t)sec * 1000000000u + (uint64_t)nsec;
	return 0;
}

static long do_utimensat(struct lx_process *p, l4_exc_regs_t *r, bool wide)
{
	int32_t dirfd = (int32_t)r->r[0];
	uint32_t path = r->r[1], times = r->r[2], flags = r->r[3];
	uint64_t now = now_ns(), t[2] = {now, now};
	lx_node_t base;
	long err = 0;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (times) {
		int64_t v[4];
		if (wide) {
			err = lx_copy_from(p, v, times, sizeof(v));
		} else {
			int32_t w[4];
			err = lx_copy_from(p, w, times, sizeof(w));
			for (int i = 0; i < 4; i++)
				v[i] = w[i];
		}
		if (err || (err = utime_of(v[0], v[1], now, &t[0])) != 0 ||
		    (err = utime_of(v[2], v[3], now, &t[1])) != 0)
			return err ? err : -EFAULT;
	}
	if (!path) { /* futimens */
		struct lx_fd *d = lx_fd_get(&p->group->fdt, dirfd);
		if (!d)
			return -EBADF;
		if (d->kind != LX_FD_FILE || !d->file->node)
			return 0;
		return vfs_set_times(d->file->node, NULL, false, t[0], t[1], now);
	}
	if ((err = at_path(p, dirfd, path, path_a, &base)) != 0)
		return err;
	return vfs_set_times(base, path_a, !(flags & AT_SYMLINK_NOFOLLOW), t[0], t[1], now);
}

/* ---- names ---- */

static long do_mkdirat(struct lx_process *p, int32_t dirfd, uint32_t path, uint32_t mode)
{
	lx_node_t base;
	long err = at_path(p, dirfd, path, path_a, &base);
	return err ? err : vfs_mkdir(base, path_a, mode & ~p->group->umask & 07777, now_ns());
}

static long do_unlinkat(struct lx_process *p, int32_t dirfd, uint32_t path, uint32_t flags)
{
	lx_node_t base;
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	long err = at_path(p, dirfd, path, path_a, &base);
	if (err)
		return err;
	return flags ? vfs_rmdir(base, path_a, now_ns()) : vfs_unlink(base, path_a, now_ns());
}

static long do_renameat2(struct lx_process *p, l4_exc_regs_t *r)
{
	lx_node_t ob, nb;
	long err = at_path(p, (int32_t)r->r[0], r->r[1], path_a, &ob);
	if (!err)
		err = at_path(p, (int32_t)r->r[2], r->r[3], path_b, &nb);
	return err ? err : vfs_rename(ob, path_a, nb, path_b, r->r[4], now_ns());
}

static long do_linkat(struct lx_process *p, l4_exc_regs_t *r)
{
	lx_node_t ob, nb;
	uint32_t flags = r->r[4];
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	long err = copy_path(p, r->r[1], path_a);
	if (!err && !path_a[0] && (flags & AT_EMPTY_PATH)) {
		struct lx_fd *d = lx_fd_get(&p->group->fdt, (int32_t)r->r[0]);
		if (!d)
			return -EBADF;
		if (d->kind != LX_FD_FILE)
			return -ENOENT;
		err = at_path(p, (int32_t)r->r[2], r->r[3], path_b, &nb);
		return err ? err : vfs_link_file(d->file, nb, path_b, now_ns());
	}
	if (!err)
		err = at_path(p, (int32_t)r->r[0], r->r[1], path_a, &ob);
	if (!err)
		err = at_path(p, (int32_t)r->r[2], r->r[3], path_b, &nb);
	return err ? err : vfs_link(ob, path_a, nb, path_b, flags & AT_SYMLINK_FOLLOW, now_ns());
}

static long do_symlinkat(struct lx_process *p, uint32_t target, int32_t dirfd, uint32_t path)
{
	lx_node_t base;
	long err = copy_path(p, target, path_b);
	if (!err)
		err = at_path(p, dirfd, path, path_a, &base);
	return err ? err : vfs_symlink(path_b, base, path_a, now_ns());
}

static long do_readlinkat(struct lx_process *p, int32_t dirfd, uint32_t path, uint32_t buf,
			  uint32_t size)
{
	const char *exe = p->group->exe[0] ? p->group->exe : "/bin/linux_exec_prog";
	lx_node_t base;
	if ((int32_t)size <= 0)
		return -EINVAL;
	long err = copy_path_as(p, path, path_a, false);
	if (err)
		return err;
	if (is_self_exe(path_a)) {
		uint32_t len = (uint32_t)strlen(exe), n = size < len ? size : len;
		return lx_copy_to(p, buf, exe, n) ? -EFAULT : (long)n;
	}
	if ((err = base_of(dirfd, path_a, &base)) != 0)
		return err;
	long n = vfs_readlink(base, path_a, path_b, size < FS_PATH_MAX ? size : FS_PATH_MAX);
	return n < 0 ? n : lx_copy_to(p, buf, path_b, (size_t)n) ? -EFAULT : n;
}

/* Make @path from @base (NULL: @base itself) the working directory. */
static long set_cwd(lx_node_t base, const char *path)
{
	struct lx_process *p = cur;
	struct fs_stat st;
	lx_node_t n;
	long err = vfs_resolve(base, path, true, &n, &st);
	if (err)
		return err;
	if (!FS_ISDIR(st.mode)) {
		vfs_release(n);
		return -LX_ENOTDIR;
	}
	vfs_release(p->group->cwd);
	p->group->cwd = n;
	return 0;
}

static long do_chdir(struct lx_process *p, uint32_t path)
{
	lx_node_t base;
	long err = at_path(p, AT_FDCWD, path, path_a, &base);
	return err ? err : set_cwd(base, path_a);
}

static long do_fchdir(int32_t fd)
{
	struct lx_process *p = cur;
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	if (!d)
		return -EBADF;
	return d->kind == LX_FD_FILE && d->file->node ? set_cwd(d->file->node, NULL) : -LX_ENOTDIR;
}

static long do_getcwd(struct lx_process *p, uint32_t buf, uint32_t size)
{
	if (!p->group->cwd)
		return -ENOMEM;
	long n = vfs_getcwd(p->group->cwd, path_a, size < FS_PATH_MAX ? size : FS_PATH_MAX);
	return n < 0 ? n : lx_copy_to(p, buf, path_a, (size_t)n) ? -EFAULT : n;
}

/* ---- descriptors ---- */

static long do_dup3(int32_t ofd, int32_t nfd, uint32_t flags, bool is_dup2)
{
	struct lx_process *p = cur;
	if (!is_dup2 && (ofd == nfd || (flags & ~FS_O_CLOEXEC)))
		return lx_fd_get(&p->group->fdt, ofd) || ofd != nfd ? -EINVAL : -EBADF;
	return lx_fd_dup2(&p->group->fdt, ofd, nfd, flags & FS_O_CLOEXEC);
}

static long do_fcntl64(int32_t fd, uint32_t cmd, uint32_t arg)
{
	struct lx_process *p = cur;
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	const uint32_t settable = FS_O_APPEND | FS_O_NONBLOCK;
	if (!d)
		return -EBADF;
	switch (cmd) {
	case 0:	   /* F_DUPFD */
	case 1030: /* F_DUPFD_CLOEXEC */
		if (arg >= LX_FD_MAX)
			return -EINVAL;
		return lx_fd_install(&p->group->fdt, d, (int32_t)arg, cmd == 1030);
	case 1: /* F_GETFD */
		return d->cloexec ? 1 : 0;
	case 2: /* F_SETFD */
		d->cloexec = arg & 1;
		return 0;
	case 3: /* F_GETFL */
		if (d->kind == LX_FD_STD)
			return d->std ? FS_O_WRONLY : FS_O_RDONLY;
		return d->file->flags;
	case 4: /* F_SETFL */
		if (d->kind == LX_FD_FILE)
			d->file->flags = (d->file->flags & ~settable) | (arg & settable);
		return 0;
	case 1031: /* F_SETPIPE_SZ */
	case 1032: /* F_GETPIPE_SZ */
		if (d->kind != LX_FD_FILE || !d->file->pipe)
			return -EBADF;
		return lx_pipe_size(d->file->pipe, cmd == 1031, arg);
	default:
		return -EINVAL;
	}
}

/* ---- memory ---- */

static long do_mmap2(struct lx_process *p, l4_exc_regs_t *r)
{
	uint32_t addr = r->r[0], len = r->r[1], prot = r->r[2], flags = r->r[3];
	int32_t fd = (int32_t)r->r[4];
	enum { MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20 };
	struct lx_file *file = NULL;
	if (!len || (flags & 3) == 0 || (flags & 3) == 3)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) { /* a file: open, regular, with the rights asked for */
		struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
		if (!d)
			return -EBADF;
		if (d->kind != LX_FD_FILE || !FS_ISREG(d->file->mode))
			return -19; /* ENODEV */
		uint32_t acc = d->file->flags & FS_O_ACCMODE;
		if (acc == FS_O_WRONLY ||
		    ((flags & 3) == MAP_SHARED && (prot & 2) && acc != FS_O_RDWR))
			return -13; /* EACCES */
		file = d->file;
	}
	uint32_t at = lx_map_anon(p, addr, len, prot & 7, flags & MAP_FIXED);
	if (at && (flags & 3) == MAP_SHARED)
		lx_region_share(p, at);
	if (at && file)
		lx_region_map_file(p, at, file, (uint64_t)r->r[5] * LX_PAGE);
	return at ? (long)at : -ENOMEM;
}

/* ---- signals (signal.c) ---- */

/* ---- execve ---- */

#define EXEC_ARGS  64	       /* argv and envp entries, each */
#define EXEC_BYTES (64u << 10) /* their strings together */

static char exec_strings[EXEC_BYTES];
static const char *exec_argv[EXEC_ARGS], *exec_envp[EXEC_ARGS];

/* Copy the NULL-ended string array at @addr into @out and exec_strings at *@at. */
static long copy_strings(struct lx_process *p, uint32_t addr, const char **out, size_t *at)
{
	for (unsigned i = 0;; i++) {
		uint32_t ptr;
		if (i == EXEC_ARGS)
			return -7; /* E2BIG */
		if (addr == 0) {
			out[i] = NULL;
			return 0;
		}
		if (lx_copy_from(p, &ptr, addr + 4 * i, 4))
			return -EFAULT;
		if (!ptr) {
			out[i] = NULL;
			return 0;
		}
		/* Byte by byte up to the NUL, within what is left. */
		size_t start = *at;
		for (;;) {
			if (*at == EXEC_BYTES)
				return -7;
			if (lx_copy_from(p, &exec_strings[*at], ptr + (uint32_t)(*at - start), 1))
				return -EFAULT;
			if (exec_strings[(*at)++] == 0)
				break;
		}
		out[i] = &exec_strings[start];
	}
}

/* The file @path of @p's view as an image in a dataspace of its own: *@data, *@ds.
 * Executable in the server: its code pages are mapped into the processes from there. */
static long load_file(lx_node_t base, const char *path, const uint8_t **data, size_t *size,
		      l4_addr_t *ds_addr)
{
	struct lx_file *f;
	struct fs_stat st;
	int err =
	    vfs_open(path[0] == '/' ? vfs_root() : base, path, FS_O_RDONLY, 0, now_ns(), &f, &st);
	if (err)
		return err;
	if (!FS_ISREG(st.mode) || !(st.mode & 0111)) {
		vfs_file_put(f);
		return -13; /* EACCES */
	}
	if (st.size == 0 || st.size > (32u << 20)) {
		vfs_file_put(f);
		return -8; /* ENOEXEC */
	}
	l4_addr_t cached = lx_image_lookup(st.ino, st.mtime, st.size);
	if (cached) {
		vfs_file_put(f);
		*data = (const uint8_t *)cached;
		*size = (size_t)st.size;
		*ds_addr = cached;
		return 0;
	}
	l4re_ds_t ds = l4re_util_cap_alloc();
	void *at = NULL;
	unsigned long bytes = ((unsigned long)st.size + LX_PAGE - 1) & ~(LX_PAGE - 1ul);
	if (l4re_ma_alloc(bytes, ds, 0) < 0 ||
	    l4re_rm_attach(&at, bytes, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RWX, ds, 0, 12) < 0) {
		vfs_file_put(f);
		return -ENOMEM;
	}
	size_t done = 0;
	long n = 1;
	while (done < st.size && n > 0) { /* as much as the file system gives at once */
		n = vfs_read(f, (uint8_t *)at + done, (size_t)st.size - done, now_ns());
		done += n > 0 ? (size_t)n : 0;
	}
	vfs_file_put(f);
	if (done != st.size) {
		lx_image_release((l4_addr_t)at);
		return -5; /* EIO */
	}
	if (!lx_image_add((l4_addr_t)at, st.ino, st.mtime, st.size)) {
		lx_image_release((l4_addr_t)at);
		return -ENOMEM;
	}
	*data = at;
	*size = (size_t)st.size;
	*ds_addr = (l4_addr_t)at;
	return 0;
}

/* Replace the absolute path @path (@n bytes of room) by the one its symbolic links
 * lead to, as /proc/PID/exe shows it (busybox's applet links: /bin/cat is /bin/busybox). */
static void real_path(char *path, size_t n)
{
	char target[FS_PATH_MAX];
	for (int hops = 0; hops < FS_LINKS_MAX && path[0] == '/'; hops++) {
		long len = vfs_readlink(vfs_root(), path, target, sizeof(target) - 1);
		if (len <= 0) /* not a link (or none) */
			return;
		target[len] = 0;
		if (target[0] == '/') {
			if ((size_t)len >= n)
				return;
			memcpy(path, target, (size_t)len + 1);
		} else { /* relative to the link's directory */
			char *slash = strrchr(path, '/');
			size_t dir = (size_t)(slash - path) + 1;
			if (dir + (size_t)len >= n)
				return;
			memcpy(path + dir, target, (size_t)len + 1);
		}
	}
}

static enum lx_outcome do_execve(struct lx_process *p, l4_exc_regs_t *r)
{
	size_t at = 0;
	const uint8_t *image;
	size_t size;
	l4_addr_t ds;
	const char *why = "";
	if (p->group != p) { /* from a second thread: not there (docs/linux.md) */
		r->r[0] = (l4_umword_t)-ENOSYS;
		return LX_RETURN;
	}
	long err = copy_path_as(p, r->r[0], path_a, false);
	if (!err)
		err = copy_strings(p, r->r[1], exec_argv, &at);
	if (!err)
		err = copy_strings(p, r->r[2], exec_envp, &at);
	bool self = !err && is_self_exe(path_a);
	if (self) { /* its own program again (busybox runs applets so) */
		image = p->image, size = p->image_size, ds = p->image_ds;
		if (ds)
			lx_image_hold(ds);
	} else if (!err) {
		err = load_file(p->group->cwd, path_a, &image, &size, &ds);
	}
	if (!err) {
		char exe[sizeof(p->exe)];
		if (!self && path_a[0] != '/') { /* relative: from the working directory */
			long n = vfs_getcwd(p->group->cwd, exe, sizeof(exe));
			if (n > 0 && (size_t)n + strlen(path_a) + 1 < sizeof(exe))
				strcat(strcat(exe, n > 2 ? "/" : ""), path_a);
			else
				exe[0] = 0;
		} else {
			strncpy(exe, self ? p->exe : path_a, sizeof(exe) - 1);
			exe[sizeof(exe) - 1] = 0;
		}
		real_path(exe, sizeof(exe));
		err = lx_process_exec(p, image, size, ds, exec_argv, exec_envp, path_a, r, &why);
		if (!err)
			memcpy(p->exe, exe, sizeof(exe));
		if (err == -EFAULT)
			return LX_FAULT; /* the old program is gone: it cannot get an error */
		if (err)
			lx_image_release(ds);
	}
	if (err) {
		r->r[0] = (l4_umword_t)err;
		return LX_RETURN;
	}
	return LX_RETURN_REGS;
}

/* ---- pipes and waiting for descriptors ---- */

static long do_pipe2(struct lx_process *p, uint32_t addr, uint32_t flags)
{
	struct lx_file *rd, *wr;
	if (flags & ~(FS_O_CLOEXEC | FS_O_NONBLOCK))
		return -EINVAL;
	long err = vfs_pipe_new(flags, now_ns(), &rd, &wr);
	if (err)
		return err;
	struct lx_fd drd = {.kind = LX_FD_FILE, .file = rd}, dwr = {.kind = LX_FD_FILE, .file = wr};
	int32_t fds[2] = {lx_fd_install(&p->group->fdt, &drd, 0, flags & FS_O_CLOEXEC), -1};
	if (fds[0] >= 0)
		fds[1] = lx_fd_install(&p->group->fdt, &dwr, 0, flags & FS_O_CLOEXEC);
	vfs_file_put(rd); /* the table holds them now */
	vfs_file_put(wr);
	if (fds[1] < 0 || lx_copy_to(p, addr, fds, sizeof(fds))) {
		if (fds[0] >= 0)
			lx_fd_close(&p->group->fdt, fds[0]);
		if (fds[1] >= 0)
			lx_fd_close(&p->group->fdt, fds[1]);
		return fds[1] < 0 && fds[0] < 0 ? fds[0] : fds[1] < 0 ? fds[1] : -EFAULT;
	}
	return 0;
}

enum { POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 0x10, POLLNVAL = 0x20 };

/* What @fd is ready for, in poll bits. */
static unsigned fd_events(struct lx_process *p, int32_t fd)
{
	struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
	if (!d)
		return POLLNVAL;
	if (d->kind == LX_FD_STD)
		return d->std == 0 ? POLLIN : POLLOUT;
	if (is_tty(d))
		return lx_tty_poll();
	return vfs_poll(d->file);
}

/*
 * The end of a poll or select round that found @ready descriptors (or an error):
 * return it, or wait. The first round sets the deadline from @timeout_ns (< 0: none,
 * 0: do not wait); later rounds (p->retrying) return 0 once it has passed. A mask
 * ppoll or pselect6 set for the wait is put back when the call ends without a signal.
 */
static long poll_end(struct lx_process *p, long ready, int64_t timeout_ns)
{
	if (!ready && !p->retrying && timeout_ns != 0) {
		p->wake_ns = timeout_ns < 0 ? 0 : mono_ns() + (uint64_t)timeout_ns;
		return WOULD_BLOCK;
	}
	if (!ready && p->retrying && (!p->wake_ns || mono_ns() < p->wake_ns))
		return WOULD_BLOCK; /* wake_ns 0: no deadline */
	p->wake_ns = 0;
	if (p->sig.mask_saved) {
		p->sig.blocked = p->sig.saved_mask;
		p->sig.mask_saved = false;
	}
	return ready;
}

/* The sigmask argument of ppoll/pselect6 (@addr, @size): wait with it. */
static long wait_mask(struct lx_process *p, uint32_t addr, uint32_t size)
{
	uint64_t mask;
	if (!addr || p->retrying)
		return 0;
	if (size != 8)
		return -EINVAL;
	if (lx_copy_from(p, &mask, addr, 8))
		return -EFAULT;
	p->sig.saved_mask = p->sig.blocked;
	p->sig.mask_saved = true;
	p->sig.blocked = mask & ~((1ull << 8) | (1ull << 18)); /* never SIGKILL, SIGSTOP */
	return 0;
}

#define POLL_MAX 1024 /* descriptors in one poll */

static long do_poll(struct lx_process *p, uint32_t fds, uint32_t n, int64_t timeout_ns)
{
	long ready = 0;
	if (n > POLL_MAX)
		return -EINVAL;
	for (uint32_t i = 0; i < n; i++) {
		int32_t pfd[2]; /* fd; events | revents << 16 */
		if (lx_copy_from(p, pfd, fds + 8 * i, sizeof(pfd)))
			return -EFAULT;
		unsigned want = (uint16_t)pfd[1] | POLLERR | POLLHUP | POLLNVAL;
		unsigned got = pfd[0] < 0 ? 0 : fd_events(p, pfd[0]) & want;
		pfd[1] = (int32_t)((uint32_t)(uint16_t)pfd[1] | got << 16);
		if (lx_copy_to(p, fds + 8 * i, pfd, sizeof(pfd)))
			return -EFAULT;
		ready += got != 0;
	}
	return poll_end(p, ready, timeout_ns);
}

static long do_ppoll(struct lx_process *p, l4_exc_regs_t *r, bool wide)
{
	const l4_umword_t *a = r->r;
	uint64_t ns = 0;
	if (a[2] && !p->retrying) {
		long err = lx_timespec_ns(p, a[2], wide, &ns);
		if (err)
			return err;
	}
	long err = wait_mask(p, a[3], a[4]);
	return err ? err : do_poll(p, a[0], a[1], a[2] ? (int64_t)ns : -1);
}

/* select: @n descriptors in the three bitmaps; the ones not ready are cleared. */
static long do_select(struct lx_process *p, l4_exc_regs_t *r)
{
	const l4_umword_t *a = r->r;
	uint32_t n = a[0], words = (a[0] + 31) / 32;
	uint32_t set[3][POLL_MAX / 32];
	int64_t timeout = -1;
	long ready = 0;
	if ((int32_t)n < 0 || n > POLL_MAX)
		return -EINVAL;
	if (a[4] && !p->retrying) {
		uint64_t ns;
		if (r->r[7] == 142) { /* a timeval */
			int32_t tv[2];
			if (lx_copy_from(p, tv, a[4], sizeof(tv)))
				return -EFAULT;
			if (tv[0] < 0 || tv[1] < 0 || tv[1] >= 1000000)
				return -EINVAL;
			ns = (uint64_t)tv[0] * 1000000000u + (uint64_t)tv[1] * 1000u;
		} else {
			long err = lx_timespec_ns(p, a[4], r->r[7] == 413, &ns);
			if (err)
				return err;
		}
		timeout = (int64_t)ns;
	}
	if (r->r[7] != 142 && a[5] && !p->retrying) {
		uint32_t sm[2];
		if (lx_copy_from(p, sm, a[5], sizeof(sm)))
			return -EFAULT;
		long err = wait_mask(p, sm[0], sm[1]);
		if (err)
			return err;
	}
	for (int k = 0; k < 3; k++) {
		memset(set[k], 0, sizeof(set[k]));
		if (a[1 + k] && lx_copy_from(p, set[k], a[1 + k], words * 4))
			return -EFAULT;
	}
	uint32_t out[3][POLL_MAX / 32];
	memset(out, 0, sizeof(out));
	for (uint32_t fd = 0; fd < n; fd++) {
		uint32_t bitm = 1u << fd % 32;
		if (!((set[0][fd / 32] | set[1][fd / 32] | set[2][fd / 32]) & bitm))
			continue;
		unsigned ev = fd_events(p, (int32_t)fd);
		if (ev & POLLNVAL)
			return -EBADF;
		if ((set[0][fd / 32] & bitm) && (ev & (POLLIN | POLLHUP | POLLERR)))
			out[0][fd / 32] |= bitm, ready++;
		if ((set[1][fd / 32] & bitm) && (ev & (POLLOUT | POLLERR)))
			out[1][fd / 32] |= bitm, ready++;
	}
	long res = poll_end(p, ready, timeout);
	if (res == WOULD_BLOCK || res < 0)
		return res;
	for (int k = 0; k < 3; k++)
		if (a[1 + k] && lx_copy_to(p, a[1 + k], out[k], words * 4))
			return -EFAULT;
	return res;
}

/* rt_sigsuspend(mask, size): wait with @mask until a signal runs a handler. */
static long do_sigsuspend(struct lx_process *p, uint32_t addr, uint32_t size)
{
	long err = wait_mask(p, addr, size);
	if (err)
		return err;
	if (!addr && !p->retrying)
		return -EFAULT;
	return WOULD_BLOCK;
}

void lx_syscall_interrupt(struct lx_process *p, l4_exc_regs_t *r, bool restart)
{
	uint32_t nr = r->r[7];
	/* Linux's ERESTARTSYS calls: run again after a SA_RESTART handler. */
	bool restartable = nr == 3 || nr == 4 || nr == 145 || nr == 146 || nr == 114 || nr == 280;
	uint64_t now = mono_ns();
	if (p->io_done) {
		r->r[0] = p->io_done;
	} else if (restart && restartable) {
		r->pc -= (r->cpsr & 0x20) ? 2 : 4; /* the svc again, with its arguments */
	} else {
		uint32_t rem = nr == 162				    ? r->r[1]
			       : (nr == 265 || nr == 407) && !(r->r[1] & 1) ? r->r[3]
									    : 0;
		if (rem && p->wake_ns > now) {
			uint64_t left = p->wake_ns - now;
			if (nr == 407) {
				int64_t ts[2] = {(int64_t)(left / 1000000000u),
						 (int64_t)(left % 1000000000u)};
				lx_copy_to(p, rem, ts, sizeof(ts));
			} else {
				int32_t ts[2] = {(int32_t)(left / 1000000000u),
						 (int32_t)(left % 1000000000u)};
				lx_copy_to(p, rem, ts, sizeof(ts));
			}
		}
		r->r[0] = (l4_umword_t)-4; /* EINTR */
	}
	if (p->pending_open) { /* a FIFO's open that waited */
		vfs_file_put(p->pending_open);
		p->pending_open = NULL;
	}
	p->io_done = 0;
	p->wake_ns = 0;
}

long lx_load_program(const char *path, const uint8_t **data, size_t *size, l4_addr_t *ds)
{
	lx_files_init();
	return load_file(vfs_root(), path, data, size, ds);
}

/* ---- the table ---- */

static long getrandom(struct lx_process *p, uint32_t addr, uint32_t n)
{
	static uint64_t x = 0x9e3779b97f4a7c15ull;
	uint8_t buf[256];
	if (n > sizeof(buf))
		n = sizeof(buf); /* a short read, as Linux may give */
	x ^= now_ns();
	for (uint32_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		buf[i] = (uint8_t)x;
	}
	return lx_copy_to(p, addr, buf, n) ? -EFAULT : (long)n;
}

/* prctl: PR_SET_NAME and PR_GET_NAME (the name is kept per process, 16 bytes). */
static long do_prctl(struct lx_process *p, uint32_t op, uint32_t arg)
{
	switch (op) {
	case 15: /* PR_SET_NAME */
		if (lx_copy_from(p, p->comm, arg, sizeof(p->comm) - 1))
			return -EFAULT;
		p->comm[sizeof(p->comm) - 1] = 0;
		return 0;
	case 16: /* PR_GET_NAME */
		return lx_copy_to(p, arg, p->comm, sizeof(p->comm)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

/* sendfile64(out, in, offset, count): from a file to a file, the terminal or a standard
 * stream, through the server's buffer a chunk at a time. */
static long do_sendfile(struct lx_process *p, int32_t out, int32_t in, uint32_t offp,
			uint32_t count)
{
	struct lx_fd *di = lx_fd_get(&p->group->fdt, in);
	int64_t off = -1;
	long done = 0;
	if (!di || !lx_fd_get(&p->group->fdt, out))
		return -EBADF;
	struct lx_fd *dout = lx_fd_get(&p->group->fdt, out);
	if (di->kind != LX_FD_FILE || di->file->pipe || is_tty(di) ||
	    (dout->kind == LX_FD_FILE && dout->file->pipe))
		return -EINVAL; /* a pipe may have to wait: callers fall back to read/write */
	if (offp && lx_copy_from(p, &off, offp, 8))
		return -EFAULT;
	if (offp && off < 0)
		return -EINVAL;
	if (count > SENDFILE_MAX)     /* a short count, which callers loop on: the server is */
		count = SENDFILE_MAX; /* everybody's, and one call must not hold it long */
	while ((uint32_t)done < count) {
		static uint8_t buf[IO_CHUNK];
		uint32_t chunk =
		    count - (uint32_t)done < IO_CHUNK ? count - (uint32_t)done : IO_CHUNK;
		long r = off >= 0 ? vfs_pread(di->file, buf, chunk, (uint64_t)off, now_ns())
				  : vfs_read(di->file, buf, chunk, now_ns());
		if (r <= 0) {
			if (r < 0 && !done)
				return r;
			break;
		}
		struct lx_fd *d = lx_fd_get(&p->group->fdt, out);
		long w;
		if (d->kind == LX_FD_STD) {
			lx_output(d->std, buf, (size_t)r);
			w = r;
		} else if (is_tty(d)) {
			w = lx_tty_write(buf, (size_t)r);
		} else {
			w = vfs_write(d->file, buf, (size_t)r, now_ns());
		}
		if (w < 0) {
			if (w == -LX_EPIPE)
				lx_signal_raise(p, 13, 0, 0);
			return done ? done : w == -EAGAIN ? -EAGAIN : w;
		}
		if (off >= 0)
			off += w;
		done += w;
		if (w < r)
			break;
	}
	if (offp && lx_copy_to(p, offp, &off, 8))
		return -EFAULT;
	return done;
}

/* System calls that are not there are logged once each, on the kernel log. */
static long unknown(uint32_t nr)
{
	static uint8_t said[512];
	if (nr == 398) /* rseq: glibc tries it and goes on without */
		return -ENOSYS;
	if (nr < sizeof(said) * 8 && !(said[nr / 8] & (1u << nr % 8))) {
		said[nr / 8] |= (uint8_t)(1u << nr % 8);
		printf("linux-server: system call %u is not supported (ENOSYS)\n", (unsigned)nr);
	}
	return -ENOSYS;
}

/* The file system calls on names (see file_call). */
static bool name_call(struct lx_process *p, l4_exc_regs_t *r, long *ret)
{
	const l4_umword_t *a = r->r;
	int32_t fd = (int32_t)a[0];
	switch (r->r[7]) {
	case 39: /* mkdir */
		*ret = do_mkdirat(p, AT_FDCWD, a[0], a[1]);
		break;
	case 323:
		*ret = do_mkdirat(p, fd, a[1], a[2]);
		break;
	case 40: /* rmdir */
		*ret = do_unlinkat(p, AT_FDCWD, a[0], AT_REMOVEDIR);
		break;
	case 10: /* unlink */
		*ret = do_unlinkat(p, AT_FDCWD, a[0], 0);
		break;
	case 328:
		*ret = do_unlinkat(p, fd, a[1], a[2]);
		break;
	case 38: /* rename(old, new) as renameat2(AT_FDCWD, old, AT_FDCWD, new, 0) */
	case 9:	 /* link, likewise */
	{
		l4_exc_regs_t at = *r;
		at.r[0] = (l4_umword_t)AT_FDCWD, at.r[1] = a[0];
		at.r[2] = (l4_umword_t)AT_FDCWD, at.r[3] = a[1], at.r[4] = 0;
		*ret = r->r[7] == 38 ? do_renameat2(p, &at) : do_linkat(p, &at);
		break;
	}
	case 329: /* renameat */
	case 382: {
		l4_exc_regs_t at = *r;
		if (r->r[7] == 329)
			at.r[4] = 0;
		*ret = do_renameat2(p, &at);
		break;
	}
	case 330:
		*ret = do_linkat(p, r);
		break;
	case 83: /* symlink */
		*ret = do_symlinkat(p, a[0], AT_FDCWD, a[1]);
		break;
	case 331:
		*ret = do_symlinkat(p, a[0], (int32_t)a[1], a[2]);
		break;
	case 85: /* readlink */
		*ret = do_readlinkat(p, AT_FDCWD, a[0], a[1], a[2]);
		break;
	case 332:
		*ret = do_readlinkat(p, fd, a[1], a[2], a[3]);
		break;
	case 12:
		*ret = do_chdir(p, a[0]);
		break;
	case 133:
		*ret = do_fchdir(fd);
		break;
	case 183:
		*ret = do_getcwd(p, a[0], a[1]);
		break;
	case 60: /* umask */
		*ret = p->group->umask;
		p->group->umask = a[0] & 0777;
		break;
	case 33: /* access */
		*ret = do_faccessat(p, AT_FDCWD, a[0], a[1], 0);
		break;
	case 334:
		*ret = do_faccessat(p, fd, a[1], a[2], 0);
		break;
	case 439:
		*ret = do_faccessat(p, fd, a[1], a[2], a[3]);
		break;
	case 193: /* truncate64(path, pad, lo, hi) */
		*ret = do_truncate(p, a[0], a[2], a[3]);
		break;
	case 194:
		*ret = do_ftruncate(fd, a[2], a[3]);
		break;
	case 15: /* chmod */
		*ret = do_fchmodat(p, AT_FDCWD, a[0], a[1]);
		break;
	case 182: /* chown, chown32, lchown, lchown32: everything is root's (docs/linux.md) */
	case 212:
	case 16:
	case 198: {
		*ret = exists_at(p, AT_FDCWD, a[0], r->r[7] == 182 || r->r[7] == 212);
		break;
	}
	case 95: /* fchown, fchown32 */
	case 207:
		*ret = lx_fd_get(&p->group->fdt, fd) ? 0 : -EBADF;
		break;
	case 325: { /* fchownat(dirfd, path, uid, gid, flags) */
		*ret = (a[4] & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			   ? -EINVAL
			   : exists_at(p, fd, a[1], !(a[4] & AT_SYMLINK_NOFOLLOW));
		break;
	}
	case 94:
		*ret = do_fchmod(fd, a[1]);
		break;
	case 333:
		*ret = do_fchmodat(p, fd, a[1], a[2]);
		break;
	case 348:
	case 412:
		*ret = do_utimensat(p, r, r->r[7] == 412);
		break;
	default:
		return false;
	}
	return true;
}

/* The file system calls (docs/linux.md, "Files"). Return: whether @r's call is one;
 * *@ret its result then. */
static bool file_call(struct lx_process *p, l4_exc_regs_t *r, long *ret)
{
	const l4_umword_t *a = r->r;
	bool all;
	int32_t fd = (int32_t)a[0];
	switch (r->r[7]) {
	case 3:
	case 4:
	case 145:
	case 146:
		*ret = blocking_io(p, r);
		break;
	case 361: /* preadv(fd, iov, count, off_lo, off_hi) */
	case 362:
		if ((int32_t)a[4] < 0)
			*ret = lx_fd_get(&p->group->fdt, fd) ? -EINVAL : -EBADF;
		else
			*ret = do_rwv(p, fd, a[1], a[2], r->r[7] == 362,
				      (int64_t)((uint64_t)a[4] << 32 | a[3]), 0, &all);
		break;
	case 180: /* pread64(fd, buf, n, pad, off_lo, off_hi) */
	case 181:
		if ((int32_t)a[5] < 0)
			*ret = lx_fd_get(&p->group->fdt, fd) ? -EINVAL : -EBADF;
		else if (r->r[7] == 180)
			*ret = do_read(p, fd, a[1], a[2], (int64_t)((uint64_t)a[5] << 32 | a[4]));
		else
			*ret = do_write(p, fd, a[1], a[2], (int64_t)((uint64_t)a[5] << 32 | a[4]));
		break;
	case 14: /* mknod, mknodat */
		*ret = do_mknodat(p, AT_FDCWD, a[0], a[1]);
		break;
	case 324:
		*ret = do_mknodat(p, fd, a[1], a[2]);
		break;
	case 5: /* open */
		*ret = do_openat(p, AT_FDCWD, a[0], a[1], a[2]);
		break;
	case 8: /* creat */
		*ret = do_openat(p, AT_FDCWD, a[0], FS_O_CREAT | FS_O_WRONLY | FS_O_TRUNC, a[1]);
		break;
	case 322:
		*ret = do_openat(p, fd, a[1], a[2], a[3]);
		break;
	case 6:
		*ret = lx_fd_close(&p->group->fdt, fd);
		break;
	case 41: /* dup */
		*ret = lx_fd_get(&p->group->fdt, fd)
			   ? lx_fd_install(&p->group->fdt, lx_fd_get(&p->group->fdt, fd), 0, false)
			   : -EBADF;
		break;
	case 63:
		*ret = do_dup3(fd, (int32_t)a[1], 0, true);
		break;
	case 358:
		*ret = do_dup3(fd, (int32_t)a[1], a[2], false);
		break;
	case 221:
		*ret = do_fcntl64(fd, a[1], a[2]);
		break;
	case 54: { /* ioctl: the terminal's; nothing else has any */
		struct lx_fd *d = lx_fd_get(&p->group->fdt, fd);
		*ret = !d ? -EBADF : is_tty(d) ? lx_tty_ioctl(p, a[1], a[2]) : -ENOTTY;
		break;
	}
	case 19:
		*ret = do_lseek(fd, (int32_t)a[1], a[2]);
		break;
	case 140:
		*ret = do_llseek(p, fd, a[1], a[2], a[3], a[4]);
		break;
	case 217:
		*ret = do_getdents64(p, fd, a[1], a[2]);
		break;
	case 195: /* stat64 */
	case 196: /* lstat64 */
		*ret =
		    do_fstatat64(p, AT_FDCWD, a[0], a[1], r->r[7] == 196 ? AT_SYMLINK_NOFOLLOW : 0);
		break;
	case 197:
		*ret = do_fstat64(p, fd, a[1]);
		break;
	case 327:
		*ret = do_fstatat64(p, fd, a[1], a[2], a[3]);
		break;
	case 397:
		*ret = do_statx(p, r);
		break;
	case 266:
		*ret = do_statfs64(p, a[0], a[1], a[2]);
		break;
	case 267:
		*ret = do_fstatfs64(p, fd, a[1], a[2]);
		break;
	default:
		return name_call(p, r, ret);
	}
	return true;
}

enum lx_outcome lx_syscall(struct lx_process *p, l4_exc_regs_t *r)
{
	cur = p;
	const l4_umword_t *a = r->r;
	uint32_t nr = r->r[7];
	long ret;
	lx_files_init();
	if (file_call(p, r, &ret)) {
		if (ret == WOULD_BLOCK)
			return LX_BLOCK;
		r->r[0] = (l4_umword_t)ret;
		return LX_RETURN;
	}
	switch (nr) {
	case 1:	  /* exit */
	case 248: /* exit_group */
		p->status = (int)((a[0] & 0xff) << 8);
		return LX_EXITED;
	case 20: /* getpid */
		ret = p->pid;
		break;
	case 224: /* gettid */
		ret = p->tid;
		break;
	case 256: /* set_tid_address */
		p->clear_tid = a[0];
		ret = p->tid;
		break;
	case 64: /* getppid */
		ret = p->ppid;
		break;
	case 2:	  /* fork */
	case 190: /* vfork: a fork here (the parent does not wait for the exec) */
		return LX_FORK;
	case 120: /* clone: a fork, or a thread (main.c) */
		return LX_FORK;
	case 114: /* wait4, waitid */
	case 280:
		return LX_WAIT;
	case 11:
		return do_execve(p, r);
	case 199: /* getuid32 */
	case 200: /* getgid32 */
	case 201: /* geteuid32 */
	case 202: /* getegid32 */
		ret = 0;
		break;
	case 45:
		ret = (long)lx_set_brk(p, a[0]);
		break;
	case 192:
		ret = do_mmap2(p, r);
		break;
	case 91:
		ret = lx_unmap(p, a[0], a[1]);
		break;
	case 163: { /* mremap(addr, old, new, flags, new_addr): MAYMOVE 1, FIXED 2 (with 1) */
		uint32_t at = 0;
		if ((a[3] & ~3u) || (a[3] & 3) == 2 || ((a[3] & 2) && !a[4]))
			ret = -EINVAL;
		else if ((at = lx_remap(p, a[0], a[1], a[2], a[3] & 1, (a[3] & 2) ? a[4] : 0,
					&ret)) != 0)
			ret = (long)at;
		break;
	}
	case 144: /* msync(addr, len, flags) */
		if (a[0] % LX_PAGE || (a[2] & ~7u) || (a[2] & 5) == 5)
			ret = -EINVAL;
		else
			lx_msync(p, a[0], a[1]), ret = 0;
		break;
	case 125:
		ret = lx_protect(p, a[0], a[1], a[2] & 7);
		break;
	case 220: /* madvise */
		ret = 0;
		break;
	case 122:
		ret = do_uname(p, a[0]);
		break;
	case 116:
		ret = do_sysinfo(p, a[0]);
		break;
	case 172:
		ret = do_prctl(p, a[0], a[1]);
		break;
	case 239:
		ret = do_sendfile(p, (int32_t)a[0], (int32_t)a[1], a[2], a[3]);
		break;
	case 191:
		ret = do_ugetrlimit(p, a[0], a[1]);
		break;
	case 369:
		ret = do_prlimit64(p, r);
		break;
	case 384:
		ret = getrandom(p, a[0], a[1]);
		break;
	case 263:
	case 403:
		ret = do_clock_gettime(p, a[0], a[1], nr == 403);
		break;
	case 78:
		ret = do_gettimeofday(p, a[0]);
		break;
	case 162:
		ret = do_nanosleep(p, a[0], false, false, 1);
		break;
	case 265: /* clock_nanosleep(clock, flags, req, rem) */
	case 407:
		ret = a[0] > 11 || (a[1] & ~1u) ? -EINVAL
						: do_nanosleep(p, a[2], nr == 407, a[1] & 1, a[0]);
		break;
	case 29: /* pause */
		ret = WOULD_BLOCK;
		break;
	case 179:
		ret = do_sigsuspend(p, a[0], a[1]);
		break;
	case 168: /* poll(fds, n, ms) */
		ret = do_poll(p, a[0], a[1], (int32_t)a[2] < 0 ? -1 : (int64_t)a[2] * 1000000);
		break;
	case 336: /* ppoll(fds, n, ts, mask, size) */
	case 414:
		ret = do_ppoll(p, r, nr == 414);
		break;
	case 142: /* _newselect(n, in, out, ex, timeval) */
	case 335: /* pselect6(n, in, out, ex, timespec, sigmask) */
	case 413:
		ret = do_select(p, r);
		break;
	case 42:
		ret = do_pipe2(p, a[0], 0);
		break;
	case 359:
		ret = do_pipe2(p, a[0], a[1]);
		break;
	case 57:  /* setpgid */
	case 65:  /* getpgrp */
	case 66:  /* setsid */
	case 132: /* getpgid */
	case 147: /* getsid */
		return LX_PROCS;
	case 174:
		ret = lx_sys_rt_sigaction(p, a[0], a[1], a[2], a[3]);
		break;
	case 175:
		ret = lx_sys_rt_sigprocmask(p, a[0], a[1], a[2], a[3]);
		break;
	case 176:
		ret = lx_sys_rt_sigpending(p, a[0], a[1]);
		break;
	case 119: /* sigreturn: the same frame here (glibc uses rt frames only) */
	case 173: /* rt_sigreturn: every register from the frame, r0 too */
		return lx_sys_rt_sigreturn(p, r) ? LX_RETURN_REGS : LX_FAULT;
	case 186: /* sigaltstack */
	case 338: /* set_robust_list */
		ret = 0;
		break;
	case 240: /* futex, futex_time64: main.c knows the threads */
	case 422:
		return LX_FUTEX;
	case 37: /* kill: main.c knows the processes */
		return LX_KILL;
	case 238: /* tkill */
	case 268: /* tgkill */
		return LX_KILL;
	case 0xf0005: /* ARM set_tls: the TLS pointer user code reads from TPIDRURO */
		r->tpidruro = a[0];
		ret = 0;
		break;
	case 0xf0002: /* ARM cacheflush: the kernel keeps the caches coherent for it */
		ret = 0;
		break;
	default:
		ret = unknown(nr);
		break;
	}
	if (ret == WOULD_BLOCK)
		return LX_BLOCK;
	r->r[0] = (l4_umword_t)ret;
	return LX_RETURN;
}
