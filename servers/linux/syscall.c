/* syscall.c - the Linux ARM EABI system calls of one process: memory, output, time, identity. */
#include "syscall.h"
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

/* write(2) to @fd of @n bytes at @addr. */
static long do_write(struct lx_process *p, int fd, uint32_t addr, uint32_t n)
{
	uint8_t buf[512];
	if (fd != 1 && fd != 2)
		return fd == 0 ? -EBADF : -EBADF;
	if ((int32_t)n < 0)
		return -EINVAL;
	for (uint32_t done = 0; done < n;) {
		uint32_t chunk = n - done < sizeof(buf) ? n - done : (uint32_t)sizeof(buf);
		if (lx_copy_from(p, buf, addr + done, chunk))
			return done ? (long)done : -EFAULT;
		lx_output(fd, buf, chunk);
		done += chunk;
	}
	return (long)n;
}

static long do_writev(struct lx_process *p, int fd, uint32_t iov, uint32_t count)
{
	long total = 0;
	if (count > 1024)
		return -EINVAL;
	if (fd != 1 && fd != 2)
		return -EBADF;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t v[2];
		if (lx_copy_from(p, v, iov + 8 * i, sizeof(v)))
			return -EFAULT;
		long r = do_write(p, fd, v[0], v[1]);
		if (r < 0)
			return total ? total : r;
		total += r;
	}
	return total;
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
	if ((r->r[0] && r->r[0] != LX_PID) || r->r[1] >= 16)
		return r->r[1] >= 16 ? -EINVAL : -3; /* ESRCH */
	if (r->r[3]) {
		rlimit_of(r->r[1], &lim[0], &lim[1]);
		if (lx_copy_to(p, r->r[3], lim, sizeof(lim)))
			return -EFAULT;
	}
	return 0; /* setting a limit is accepted and not enforced */
}

static long do_readlink(struct lx_process *p, uint32_t path, uint32_t buf, uint32_t size)
{
	char name[32];
	static const char exe[] = "/bin/linux_exec_prog";
	if (lx_copy_from(p, name, path, 15) == 0 && memcmp(name, "/proc/self/exe", 15) == 0) {
		uint32_t n = size < sizeof(exe) - 1 ? size : (uint32_t)sizeof(exe) - 1;
		return lx_copy_to(p, buf, exe, n) ? -EFAULT : (long)n;
	}
	return -ENOENT;
}

/* ---- time ---- */

static uint64_t now_ns(void)
{
	return l4_kip_clock_ns(l4re_kip());
}

/* clock_gettime: @wide for the time64 call (two 64-bit fields). The realtime clock
 * counts from boot, as on a board without a real-time clock. */
static long do_clock_gettime(struct lx_process *p, uint32_t clock, uint32_t addr, bool wide)
{
	uint64_t ns = now_ns();
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

/* nanosleep and clock_nanosleep (relative): the server waits; its one process with it. */
static long sleep_for(uint64_t ns)
{
	uint64_t us = (ns + 999) / 1000;
	while (us) {
		uint64_t step = us > 1000000 ? 1000000 : us;
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel((unsigned)step, 0)));
		us -= step;
	}
	return 0;
}

static long do_nanosleep(struct lx_process *p, uint32_t req, bool wide)
{
	if (wide) {
		int64_t ts[2];
		if (lx_copy_from(p, ts, req, sizeof(ts)))
			return -EFAULT;
		if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
			return -EINVAL;
		return sleep_for((uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1]);
	}
	int32_t ts[2];
	if (lx_copy_from(p, ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -EINVAL;
	return sleep_for((uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1]);
}

/* ---- files: only the three standard ones, which are pipes to the outside ---- */

static long do_statx_fd(struct lx_process *p, uint32_t fd, uint32_t addr)
{
	uint8_t stx[256];
	if (fd > 2)
		return -EBADF;
	memset(stx, 0, sizeof(stx));
	uint32_t mask = 0x7ff, blksize = 4096, nlink = 1;
	uint16_t mode = 0010600; /* S_IFIFO | 0600: what a pipe shows */
	memcpy(stx + 0, &mask, 4);
	memcpy(stx + 4, &blksize, 4);
	memcpy(stx + 16, &nlink, 4);
	memcpy(stx + 28, &mode, 2);
	return lx_copy_to(p, addr, stx, sizeof(stx));
}

static long do_fstat64(struct lx_process *p, uint32_t fd, uint32_t addr)
{
	uint8_t st[104];
	if (fd > 2)
		return -EBADF;
	memset(st, 0, sizeof(st));
	uint32_t mode = 0010600, nlink = 1, blksize = 4096;
	memcpy(st + 16, &mode, 4);
	memcpy(st + 20, &nlink, 4);
	memcpy(st + 56, &blksize, 4);
	return lx_copy_to(p, addr, st, sizeof(st));
}

static long do_fcntl64(uint32_t fd, uint32_t cmd)
{
	if (fd > 2)
		return -EBADF;
	switch (cmd) {
	case 1: /* F_GETFD */
	case 2: /* F_SETFD */
	case 4: /* F_SETFL */
		return 0;
	case 3:			   /* F_GETFL */
		return fd ? 1 : 0; /* O_WRONLY, O_RDONLY */
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
	if (!len || (flags & 3) == 0 || (flags & 3) == 3)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS) || fd != -1)
		return fd < 0 ? -EBADF : -19; /* ENODEV: files come with the file system */
	uint32_t at = lx_map_anon(p, addr, len, prot & 7, flags & MAP_FIXED);
	return at ? (long)at : -ENOMEM;
}

/* ---- signals (signal.c) ---- */

/* kill/tkill/tgkill: only the process itself is there to receive it (@pid its pid or
 * 0/-1 for kill); the signal is delivered when the call returns. */
static long kill_self(struct lx_process *p, int32_t pid, uint32_t sig, int32_t code)
{
	if (sig > LX_NSIG)
		return -EINVAL;
	if (pid != LX_PID && pid != 0 && pid != -1)
		return -3; /* ESRCH */
	if (sig)
		lx_signal_raise(p, (int)sig, code, 0);
	return 0;
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

/* System calls that are not there are logged once each, on the kernel log. */
static long unknown(uint32_t nr)
{
	static uint8_t said[512];
	if (nr < sizeof(said) * 8 && !(said[nr / 8] & (1u << nr % 8))) {
		said[nr / 8] |= (uint8_t)(1u << nr % 8);
		printf("linux-server: system call %u is not supported (ENOSYS)\n", (unsigned)nr);
	}
	return -ENOSYS;
}

enum lx_outcome lx_syscall(struct lx_process *p, l4_exc_regs_t *r)
{
	const l4_umword_t *a = r->r;
	uint32_t nr = r->r[7];
	long ret;
	switch (nr) {
	case 1:	  /* exit */
	case 248: /* exit_group */
		p->status = (int)((a[0] & 0xff) << 8);
		return LX_EXITED;
	case 3: /* read: stdin is empty */
		ret = a[0] == 0 ? 0 : a[0] <= 2 ? -EBADF : -EBADF;
		break;
	case 4:
		ret = do_write(p, (int)a[0], a[1], a[2]);
		break;
	case 146:
		ret = do_writev(p, (int)a[0], a[1], a[2]);
		break;
	case 6: /* close */
		ret = a[0] <= 2 ? 0 : -EBADF;
		break;
	case 20:  /* getpid */
	case 224: /* gettid */
	case 256: /* set_tid_address */
		ret = LX_PID;
		break;
	case 64: /* getppid */
		ret = 1;
		break;
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
	case 125:
		ret = lx_protect(p, a[0], a[1], a[2] & 7);
		break;
	case 220: /* madvise */
		ret = 0;
		break;
	case 122:
		ret = do_uname(p, a[0]);
		break;
	case 191:
		ret = do_ugetrlimit(p, a[0], a[1]);
		break;
	case 369:
		ret = do_prlimit64(p, r);
		break;
	case 85:
		ret = do_readlink(p, a[0], a[1], a[2]);
		break;
	case 332: /* readlinkat(dirfd, path, buf, size) */
		ret = do_readlink(p, a[1], a[2], a[3]);
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
		ret = do_nanosleep(p, a[0], false);
		break;
	case 265: /* clock_nanosleep(clock, flags, req, rem): relative only */
	case 407:
		ret = a[1] ? -EINVAL : do_nanosleep(p, a[2], nr == 407);
		break;
	case 397: /* statx(dirfd, "", AT_EMPTY_PATH, mask, buf) of an open file */
		ret = do_statx_fd(p, a[0], a[4]);
		break;
	case 197:
		ret = do_fstat64(p, a[0], a[1]);
		break;
	case 54: /* ioctl: no terminal */
		ret = a[0] <= 2 ? -ENOTTY : -EBADF;
		break;
	case 221:
		ret = do_fcntl64(a[0], a[1]);
		break;
	case 140: /* _llseek on a pipe */
		ret = a[0] <= 2 ? -ESPIPE : -EBADF;
		break;
	case 183: /* getcwd */
		ret = lx_copy_to(p, a[0], "/", 2) ? -EFAULT : 2;
		break;
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
	case 240: /* futex: one thread, nobody to wait for */
		ret = (a[1] & 0x7f) == 1 ? 0 : -EAGAIN;
		break;
	case 37: /* kill */
		ret = kill_self(p, (int32_t)a[0], a[1], 0 /* SI_USER */);
		break;
	case 238: /* tkill */
		ret = kill_self(p, (int32_t)a[0], a[1], -6 /* SI_TKILL */);
		break;
	case 268: /* tgkill */
		ret = a[1] != LX_PID ? -3 : kill_self(p, (int32_t)a[0], a[2], -6);
		break;
	case 322: /* openat: no file system yet */
		ret = -ENOENT;
		break;
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
	r->r[0] = (l4_umword_t)ret;
	return LX_RETURN;
}
