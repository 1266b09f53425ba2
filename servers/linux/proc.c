/* proc.c - the Linux server's /proc: made from the process table whenever a path under it is used.
 */
#include "proc.h"
#include "vfs.h"
#include "syscall.h"
#include "tty.h"
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include <stdio.h>
#include <string.h>

/*
 * /proc is an ordinary directory of the file system, brought up to date from the
 * process table each time a system call names a path that starts with /proc: the
 * files are written again in place, a new process gets its directory, an ended one's
 * goes. Entries that stay keep their place in the directory, so that a program reading
 * it while it opens the files in it (ps) sees each process once. What a program holds
 * open stays as it was when it opened it, as a snapshot.
 */

/* The times of its files: the wall clock's, as every other file's. */
static uint64_t now_ns(void)
{
	return lx_wall_ns();
}

/* Write @n bytes of @text to the new file @path (mode 0444). */
static void put_file(const char *path, const char *text, size_t n)
{
	vfs_put(vfs_root(), path, 0444, text, n, now_ns());
}

/* The state letter ps shows: Z ended (not yet waited for), S waiting in a call, R. */
static char state_of(const struct lx_process *p)
{
	return p->exited ? 'Z' : p->blocked ? 'S' : 'R';
}

/* Make @path a symbolic link to @target ("": none), unless it is one already: an entry
 * made again would come again in a listing that is going on. */
static void put_link(const char *path, const char *target)
{
	char old[FS_PATH_MAX];
	long len = vfs_readlink(vfs_root(), path, old, sizeof(old) - 1);
	if (len >= 0 && (size_t)len == strlen(target) && memcmp(old, target, (size_t)len) == 0)
		return;
	vfs_unlink(vfs_root(), path, now_ns());
	if (target[0])
		vfs_symlink(target, vfs_root(), path, now_ns());
}

static void put_process(const struct lx_process *p, int threads)
{
	char path[64], text[512];
	uint32_t vsize = 0, rss = 0;
	uint32_t tty_nr = lx_tty_present() && p->sid == lx_tty_session() ? (5u << 8 | 1u) : 0;
	int tpgid = tty_nr ? (int)lx_tty_foreground() : -1;
	if (!p->exited)
		lx_process_size(p, &vsize, &rss);
	snprintf(path, sizeof(path), "/proc/%u", (unsigned)p->pid);
	int err = vfs_mkdir(vfs_root(), path, 0555, now_ns());
	if (err && err != -LX_EEXIST)
		return;
	snprintf(path, sizeof(path), "/proc/%u/stat", (unsigned)p->pid);
	int n = snprintf(text, sizeof(text),
			 "%u (%s) %c %u %u %u %u %d 4194304 0 0 0 0 0 0 0 0 20 0 %d 0 0 %u %u "
			 "4294967295 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
			 (unsigned)p->pid, p->comm, state_of(p), (unsigned)p->ppid,
			 (unsigned)p->pgid, (unsigned)p->sid, (unsigned)tty_nr, tpgid, threads,
			 (unsigned)vsize, (unsigned)rss);
	put_file(path, text, (size_t)n);
	snprintf(path, sizeof(path), "/proc/%u/status", (unsigned)p->pid);
	n = snprintf(text, sizeof(text),
		     "Name:\t%s\nState:\t%c\nTgid:\t%u\nPid:\t%u\nPPid:\t%u\nUid:\t0\t0\t0\t0\n"
		     "Gid:\t0\t0\t0\t0\nVmSize:\t%8u kB\nVmRSS:\t%8u kB\nThreads:\t%d\n",
		     p->comm, state_of(p), (unsigned)p->pid, (unsigned)p->pid, (unsigned)p->ppid,
		     (unsigned)(vsize / 1024), (unsigned)(rss * 4), threads);
	put_file(path, text, (size_t)n);
	snprintf(path, sizeof(path), "/proc/%u/cmdline", (unsigned)p->pid);
	put_file(path, p->cmdline, p->exited ? 0 : p->cmdline_len);
	snprintf(path, sizeof(path), "/proc/%u/exe", (unsigned)p->pid);
	put_link(path, p->exited ? "" : p->exe);
}

/* Is @name a directory of a process in @procs? */
static bool listed(const char *name, struct lx_process *const *procs, const bool *used, int n)
{
	char pid[16];
	for (int i = 0; i < n; i++) {
		if (!used[i] || procs[i]->group != procs[i])
			continue;
		snprintf(pid, sizeof(pid), "%u", (unsigned)procs[i]->pid);
		if (strcmp(pid, name) == 0)
			return true;
	}
	return false;
}

/* The files of /proc that are not a process's. */
static const char *const globals[] = {"uptime",	 "version", "mounts", "meminfo",
				      "loadavg", "stat",    "cpuinfo"};

static bool global_file(const char *name)
{
	for (unsigned i = 0; i < sizeof(globals) / sizeof(globals[0]); i++)
		if (strcmp(name, globals[i]) == 0)
			return true;
	return false;
}

/* uptime, version, mounts, meminfo, loadavg, stat, cpuinfo: what free, df, mount,
 * uptime, top and ps read. @running: processes that are not waiting. */
static void put_globals(int processes, int running)
{
	char text[512];
	uint64_t ns = l4_kip_clock_ns(l4re_kip()); /* since boot */
	unsigned up = (unsigned)(ns / 1000000000u), hundredths = (unsigned)(ns / 10000000u % 100);
	uint64_t bytes;
	uint32_t inodes;
	int len = snprintf(text, sizeof(text), "%u.%02u %u.%02u\n", up, hundredths, up, hundredths);
	put_file("/proc/uptime", text, (size_t)len);
	len = snprintf(text, sizeof(text), "Linux version 6.1.0-keel (Keel Linux server) #1\n");
	put_file("/proc/version", text, (size_t)len);
	len = snprintf(text, sizeof(text), "tmpfs / tmpfs rw 0 0\n");
	put_file("/proc/mounts", text, (size_t)len);
	vfs_usage(&bytes, &inodes);
	len = snprintf(text, sizeof(text),
		       "MemTotal:       %8u kB\nMemFree:        %8u kB\nMemAvailable:   %8u kB\n"
		       "Buffers:               0 kB\nCached:         %8u kB\n"
		       "SwapTotal:             0 kB\nSwapFree:              0 kB\n",
		       32768u, 16384u, 16384u, (unsigned)(bytes / 1024));
	put_file("/proc/meminfo", text, (size_t)len);
	len = snprintf(text, sizeof(text), "0.00 0.00 0.00 %d/%d %d\n", running, processes,
		       processes ? 100 + processes : 100);
	put_file("/proc/loadavg", text, (size_t)len);
	len = snprintf(text, sizeof(text),
		       "cpu  0 0 0 %u 0 0 0 0 0 0\ncpu0 0 0 0 %u 0 0 0 0 0 0\nbtime %u\n"
		       "processes %d\nprocs_running %d\nprocs_blocked 0\n",
		       up * 100, up * 100, (unsigned)((lx_wall_ns() - ns) / 1000000000u), processes,
		       running);
	put_file("/proc/stat", text, (size_t)len);
	len = snprintf(text, sizeof(text),
		       "processor\t: 0\nmodel name\t: ARMv7 Processor rev 0 (v7l)\n"
		       "Features\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt "
		       "vfpd32 lpae\nCPU implementer\t: 0x41\nCPU architecture: 7\n"
		       "CPU part\t: 0xc0f\n\nHardware\t: Keel (QEMU virt)\n");
	put_file("/proc/cpuinfo", text, (size_t)len);
}

/* Remove what does not belong in /proc, open as @dir: directories of processes that
 * are gone, and whatever else a program put there. */
static void prune(struct lx_file *dir, struct lx_process *const *procs, const bool *used, int n)
{
	static uint8_t list[4096];
	long got;
	while ((got = vfs_getdents(dir, list, sizeof(list))) > 0) {
		for (long at = 0; at + 19 < got;) { /* struct linux_dirent64 records */
			uint16_t reclen;
			memcpy(&reclen, list + at + 16, 2);
			if (reclen < 20 || at + reclen > got)
				return;
			const char *name = (const char *)list + at + 19;
			bool is_dir = list[at + 18] == 4 /* DT_DIR */;
			at += reclen;
			bool keep = is_dir ? listed(name, procs, used, n)
					   : strcmp(name, "self") == 0 || global_file(name);
			if (keep || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
				continue;
			char path[FS_NAME_MAX + 8];
			snprintf(path, sizeof(path), "/proc/%s", name);
			if (is_dir) {
				vfs_empty_dir(vfs_root(), path, now_ns());
				vfs_rmdir(vfs_root(), path, now_ns());
			} else {
				vfs_unlink(vfs_root(), path, now_ns());
			}
		}
	}
}

void lx_proc_build(struct lx_process *const *procs, const bool *used, int n,
		   const struct lx_process *caller)
{
	struct lx_file *dir;
	char text[128];
	if (vfs_open(vfs_root(), "/proc", FS_O_RDONLY | FS_O_DIRECTORY, 0, now_ns(), &dir, NULL) !=
	    0) {
		if (vfs_mkdir(vfs_root(), "/proc", 0555, now_ns()) ||
		    vfs_open(vfs_root(), "/proc", FS_O_RDONLY | FS_O_DIRECTORY, 0, now_ns(), &dir,
			     NULL))
			return;
	}
	prune(dir, procs, used, n);
	vfs_file_put(dir);
	int processes = 0, running = 0;
	for (int i = 0; i < n; i++) {
		if (!used[i] || procs[i]->group != procs[i])
			continue;
		processes++;
		running += !procs[i]->blocked && !procs[i]->exited;
		int threads = 0;
		for (int j = 0; j < n; j++)
			threads += used[j] && procs[j]->group == procs[i];
		put_process(procs[i], threads);
	}
	snprintf(text, sizeof(text), "%u", (unsigned)caller->pid);
	put_link("/proc/self", text);
	put_globals(processes, running);
}
