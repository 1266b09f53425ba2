/*
 * test_posix.c - the POSIX basics of libl4re (issue 17, "Runtime"): sleep(),
 * usleep() and nanosleep() wait at least as long as asked (by the KIP clock; no upper
 * bound: host timing is not the test's); a program reads the boot modules it was
 * given as rom/NAME (posix_child); and the loader's eager_map maps a program's image
 * before it starts, so that the loader's pager serves it no page faults.
 */
/* picolibc declares usleep(), nanosleep() and the POSIX calls for POSIX programs. */
#define _DEFAULT_SOURCE 1
#include "ktest_util.h"
#include "loader.h"
#include "memsrv.h"
#include <errno.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include <l4/sys/thread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHILD_PRIO 90
#define KMEM_LIMIT (256 * 1024)
#define MEM_LIMIT  (1UL << 20)

static l4_uint64_t now_us(void)
{
	return l4_kip_clock(l4re_kip());
}

/* Wait up to ~10 s for @p; its exit status, or -1. Kills it. */
static int wait_child(struct loader_program *p)
{
	int status = -1;
	if (loader_wait(p, &status, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(625, 14))))
		status = -1;
	loader_kill(p);
	return status;
}

KTEST(usleep_waits_at_least_that_long)
{
	l4_uint64_t t0 = now_us();
	KT_EQ(usleep(25000), 0);
	KT_ASSERT(now_us() - t0 >= 25000);
	t0 = now_us();
	KT_EQ(usleep(1), 0);
	KT_ASSERT(now_us() - t0 >= 1);
	KT_EQ(usleep(0), 0);
}

KTEST(nanosleep_waits_at_least_that_long)
{
	struct timespec req = {.tv_sec = 0, .tv_nsec = 40000000}, rem = {123, 456};
	l4_uint64_t t0 = now_us();
	KT_EQ(nanosleep(&req, &rem), 0);
	KT_ASSERT(now_us() - t0 >= 40000);
	/* Rounded up to the clock's microseconds, never down. */
	req.tv_nsec = 1001;
	t0 = now_us();
	KT_EQ(nanosleep(&req, NULL), 0);
	KT_ASSERT(now_us() - t0 >= 2);
	/* Untouched when the whole time was slept. */
	KT_EQ(rem.tv_sec, 123);
	KT_EQ(rem.tv_nsec, 456);
}

/*
 * A helper that cancels the main thread's IPC (its sleep) every ~50 ms until the main
 * thread says its sleep ended: whether the first cancel comes before the sleep began
 * does not matter. It says when it has stopped, so that no cancel hits a later IPC.
 */
static volatile int sleep_ended, canceller_stopped;

static void cancel_main(void *arg)
{
	(void)arg;
	while (!sleep_ended) {
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(50, 10)));
		if (!sleep_ended)
			l4_thread_ex_regs(L4_BASE_THREAD_CAP, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL);
	}
	canceller_stopped = 1;
}

KTEST(a_cancelled_nanosleep_says_how_long_was_left)
{
	KT_SCOPE();
	l4_cap_idx_t helper;
	sleep_ended = canceller_stopped = 0;
	KT_EQ(kt_thread_start(&helper, cancel_main, NULL, KT_MAIN_PRIO + 1), 0);
	struct timespec req = {.tv_sec = 30, .tv_nsec = 0}, rem = {0, 0};
	l4_uint64_t t0 = now_us();
	errno = 0;
	int r = nanosleep(&req, &rem);
	int err = errno;
	l4_uint64_t slept = now_us() - t0;
	sleep_ended = 1;
	while (!canceller_stopped)
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(10, 10)));
	KT_EQ(r, -1);
	KT_EQ(err, EINTR);
	/* What was left and what was slept make the request, to the microsecond. */
	l4_uint64_t left = (l4_uint64_t)rem.tv_sec * 1000000u + (l4_uint64_t)rem.tv_nsec / 1000;
	KT_ASSERT(left > 0 && left < 30000000u);
	KT_ASSERT(left + slept >= 30000000u);
	KT_ASSERT(rem.tv_nsec >= 0 && rem.tv_nsec <= 999999999L);
}

KTEST(nanosleep_refuses_a_bad_tv_nsec)
{
	struct timespec req = {.tv_sec = 0, .tv_nsec = 1000000000L}, rem = {0, 0};
	errno = 0;
	KT_EQ(nanosleep(&req, &rem), -1);
	KT_EQ(errno, EINVAL);
	req.tv_nsec = -1;
	errno = 0;
	KT_EQ(nanosleep(&req, &rem), -1);
	KT_EQ(errno, EINVAL);
	req.tv_sec = -1;
	req.tv_nsec = 0;
	errno = 0;
	KT_EQ(nanosleep(&req, NULL), -1);
	KT_EQ(errno, EINVAL);
	errno = 0;
	KT_EQ(nanosleep(NULL, NULL), -1);
	KT_EQ(errno, EINVAL);
}

KTEST(sleep_waits_at_least_a_second)
{
	l4_uint64_t t0 = now_us();
	KT_EQ(sleep(1), 0);
	KT_ASSERT(now_us() - t0 >= 1000000);
	KT_EQ(sleep(0), 0);
}

KTEST(a_loaded_program_sleeps)
{
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	const char *argv[] = {"sleep", NULL};
	struct loader_opts o = {
	    .prio = CHILD_PRIO, .kmem_limit = KMEM_LIMIT, .no_rm = true, .argv = argv};
	struct loader_program *p = loader_start_opts("posix_child", &o, &why);
	KT_ASSERT(p != NULL);
	KT_EQ(wait_child(p), 0);
}

/*
 * posix_child reads hello_child as rom/hello_child: the module's dataspace, given as
 * a rom file (LOADER_CAP_ROM), compared with the module's bytes here. It also holds
 * posix_child's own module dataspace as "secret", not as a rom file, and the log as
 * "out": neither can it open.
 */
KTEST(a_program_reads_the_modules_it_was_given)
{
	KT_SCOPE();
	KT_EQ(loader_init(), 0);
	const uint8_t *data = NULL;
	size_t size = 0;
	KT_ASSERT(loader_find_module("hello_child", &data, &size));
	KT_ASSERT(size % L4_PAGESIZE != 0); /* the file's end is not a page's */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	char size_arg[16], hash_arg[16];
	snprintf(size_arg, sizeof(size_arg), "%lu", (unsigned long)size);
	snprintf(hash_arg, sizeof(hash_arg), "%08lx", (unsigned long)h);

	l4_cap_idx_t ma = kt_cap_alloc(), mod = kt_cap_alloc(), secret = kt_cap_alloc();
	struct memsrv_client *c = memsrv_client_create(4 * MEM_LIMIT, false, ma);
	KT_ASSERT(c != NULL);
	KT_EQ(l4re_ma_open_module_srv(ma, "hello_child", mod), 0);
	KT_EQ(l4re_ma_open_module_srv(ma, "posix_child", secret), 0);
	KT_EQ(l4re_ds_keel_bytes(mod), (long)size);
	KT_EQ(l4re_ds_size(mod), (size + L4_PAGESIZE - 1) & L4_PAGEMASK);

	const char *argv[] = {"rom", size_arg, hash_arg, NULL};
	struct loader_cap caps[] = {
	    {"hello_child", mod, L4_CAP_FPAGE_R | LOADER_CAP_ROM, 0},
	    {"secret", secret, L4_CAP_FPAGE_R, 0},
	    {"out", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW, 0},
	};
	struct loader_opts o = {.prio = CHILD_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = MEM_LIMIT,
				.argv = argv,
				.caps = caps,
				.cap_count = 3};
	const char *why = NULL;
	struct loader_program *p = loader_start_opts("posix_child", &o, &why);
	KT_ASSERT(p != NULL);
	KT_EQ(wait_child(p), 0);
	memsrv_client_destroy(c);
}

/* posix_child with @eager_map (and a region mapper with @rm): its exit status, and
 * in *@faults how many page faults the loader's pager served meanwhile. */
static int run_plain(bool eager_map, bool rm, unsigned *faults)
{
	const char *argv[] = {"plain", NULL};
	struct loader_opts o = {.prio = CHILD_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = rm ? MEM_LIMIT : 0,
				.no_rm = !rm,
				.eager_map = eager_map,
				.argv = argv};
	const char *why = NULL;
	unsigned before = loader_faults_served();
	struct loader_program *p = loader_start_opts("posix_child", &o, &why);
	if (!p)
		return -2;
	int status = -1;
	if (loader_wait(p, &status, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(625, 14))))
		status = -1;
	*faults = loader_faults_served() - before;
	loader_kill(p);
	return status;
}

KTEST(eager_map_takes_no_page_faults)
{
	KT_EQ(loader_init(), 0);
	unsigned faults = 0;
	/* On first touch: text, data, bss, stack and the environment page fault in. */
	KT_EQ(run_plain(false, false, &faults), 0);
	KT_ASSERT(faults >= 4);
	/* Eagerly: not one, with and without its region mapper. */
	KT_EQ(run_plain(true, false, &faults), 0);
	KT_EQ(faults, 0);
	KT_EQ(run_plain(true, true, &faults), 0);
	KT_EQ(faults, 0);
}

KTEST(eager_map_without_enough_pages_is_refused)
{
	KT_EQ(loader_init(), 0);
	const char *why = NULL;
	struct loader_opts o = {.prio = CHILD_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.no_rm = true,
				.eager_map = true,
				.page_limit = 3};
	KT_ASSERT(loader_start_opts("posix_child", &o, &why) == NULL);
	KT_ASSERT(why != NULL && strncmp(why, "eager_map:", 10) == 0);
	/* Its slot and pages came back: it starts with enough. */
	o.page_limit = 0;
	struct loader_program *p = loader_start_opts("posix_child", &o, &why);
	KT_ASSERT(p != NULL);
	KT_EQ(wait_child(p), 0);
}
