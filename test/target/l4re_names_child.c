/*
 * l4re_names_child.c - a loaded program written as L4Re's C programs are written, for
 * target.l4re_names: its environment's names through L4Re's name-space query, its
 * region mapper's detach with and without unmapping, its allocator's L4Re calls, the
 * log calls. Built in L4Re's dialect (gnu11, ARCH_arm), with only the headers an
 * L4Re program would include (no l4/sys/scheduler.h: l4/sys/thread.h brings it).
 *
 * The root task gives it "logcap" (its log) and "gate" (an IPC gate, with the server
 * right, label L4RE_NAMES_GATE_LABEL). The exit status is 0 when every check passed,
 * otherwise the number of the one that failed (a line says which).
 */
#include <l4/re/c/dataspace.h>
#include <l4/re/c/log.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/consts.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include <stdio.h>
#include <string.h>

#include "l4re_names.h"

#define CHECK(step, cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("l4re_names_child: check %d failed: %s\n", step, #cond);            \
			return step;                                                               \
		}                                                                                  \
	} while (0)

/* The environment's names: looked up, and queried through the name space. */
static int check_names(void)
{
	l4re_env_t *e = l4re_env();
	l4_cap_idx_t log = l4re_env_get_cap_e("logcap", e);
	CHECK(1, l4_is_valid_cap(log) && l4_capability_equal(log, l4re_env_get_cap("logcap")));
	CHECK(2, l4_is_invalid_cap(l4re_env_get_cap_e("missing", e)));

	/* A query copies the named capability into a slot of ours; it works there. */
	l4_cap_idx_t c = l4re_util_cap_alloc();
	CHECK(3, l4re_ns_query_srv(L4RE_NAMES_CAP, "logcap", c) == 0);
	CHECK(4, l4_msgtag_label(l4_task_cap_equal(L4RE_THIS_TASK_CAP, c, log)) == 1);
	static const char line[] = "l4re_names_child: written through the queried capability\n";
	CHECK(5, l4_vcon_write(c, line, sizeof(line) - 1) == (long)sizeof(line) - 1);

	/* A name the environment does not have, and queries that are wrong. */
	l4_cap_idx_t d = l4re_util_cap_alloc();
	CHECK(6, l4re_ns_query_srv(L4RE_NAMES_CAP, "missing", d) == -L4_ENOENT);
	CHECK(7, l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, d)) == 0);
	CHECK(8, l4re_ns_query_srv(L4RE_NAMES_CAP, "logcapx", d) == -L4_ENOENT);
	CHECK(9, l4re_ns_query_srv(L4RE_NAMES_CAP, "", d) == -L4_EINVAL);
	CHECK(10, l4re_ns_query_to_srv(L4RE_NAMES_CAP, "logcap", d, -1) == -L4_EINVAL);
	CHECK(11, l4re_ns_query_srv(log, "logcap", d) == -L4_ENOSYS);
	CHECK(12, l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, d)) == 0);

	/* The copy keeps an object right: the gate's server right (get_infos needs it). */
	l4_cap_idx_t g = l4re_util_cap_alloc();
	l4_umword_t label = 0;
	CHECK(13, l4re_ns_query_to_srv(L4RE_NAMES_CAP, "gate", g, 0) == 0);
	CHECK(14, l4_error(l4_ipc_gate_get_infos(g, &label)) == 0);
	CHECK(15, label == L4RE_NAMES_GATE_LABEL);
	/* A query into the slot that holds the name already changes nothing. */
	CHECK(16, l4re_ns_query_srv(L4RE_NAMES_CAP, "logcap", log) == 0);
	CHECK(17, l4_vcon_write(log, "", 0) == 0);
	return 0;
}

/* The region mapper's detach with and without unmapping; L4Re's region flags. */
static int check_rm(void)
{
	l4re_env_t *e = l4re_env();
	l4re_ds_t a = l4re_util_cap_alloc(), b = l4re_util_cap_alloc();
	unsigned long count0 = 0, count1 = 0;
	CHECK(20, l4re_ma_usage_srv(e->mem_alloc, 0, 0, &count0) == 0);
	CHECK(21, l4re_ma_alloc_align_srv(e->mem_alloc, L4_PAGESIZE, a, 0, 16) == 0);
	CHECK(22, l4re_ma_alloc_align_srv(e->mem_alloc, L4_PAGESIZE, b, 0, 0) == 0);
	CHECK(23,
	      l4re_ma_alloc_align_srv(e->mem_alloc, 0, l4re_util_cap_alloc(), 0, 0) == -L4_EINVAL);

	void *p = 0;
	CHECK(24, l4re_rm_attach(&p, L4_PAGESIZE,
				 L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW | L4RE_RM_F_NO_ALIAS |
				     L4RE_RM_F_CACHE_NORMAL,
				 a, 0, 16) == 0);
	CHECK(25, ((l4_addr_t)p & 0xffff) == 0);
	l4_addr_t start = (l4_addr_t)p;
	unsigned long size = 0;
	l4re_rm_offset_t offset = 1;
	l4re_rm_flags_t flags = 0;
	l4re_ds_t found = L4_INVALID_CAP;
	CHECK(26, l4re_rm_find(&start, &size, &offset, &flags, &found) == 0);
	CHECK(27, start == (l4_addr_t)p && size == L4_PAGESIZE && offset == 0 && found == a);
	CHECK(28, (flags & L4RE_RM_F_NO_ALIAS) && (flags & L4RE_RM_F_RW) == L4RE_RM_F_RW);
	volatile l4_umword_t *w = p;
	*w = 0xa11a5;

	/* Detached, not unmapped: the page stays, even under the next region there. */
	CHECK(29, l4re_rm_detach_unmap((l4_addr_t)p, L4_INVALID_CAP) == 0);
	CHECK(30, *w == 0xa11a5);
	void *q = p;
	CHECK(31, l4re_rm_attach(&q, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_CACHE_BUFFERED, b, 0,
				 0) == 0);
	CHECK(32, q == p && *w == 0xa11a5);
	start = (l4_addr_t)q;
	CHECK(33, l4re_rm_find(&start, &size, &offset, &flags, &found) == 0 && found == b);
	CHECK(34, (flags & L4RE_RM_F_CACHING) == L4RE_RM_F_CACHE_BUFFERED);

	/* Detached and unmapped in this task: the next access faults b's page in. */
	CHECK(35, l4re_rm_detach_unmap((l4_addr_t)q, L4RE_THIS_TASK_CAP) == 0);
	CHECK(36, l4re_rm_detach_unmap((l4_addr_t)q, L4RE_THIS_TASK_CAP) == -L4_ENOENT);
	CHECK(37, l4re_rm_attach(&q, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_CACHE_BUFFERED, b, 0,
				 0) == 0 &&
		      q == p);
	CHECK(38, *w == 0);
	l4re_ds_t ds = L4_INVALID_CAP;
	CHECK(39, l4re_rm_detach_ds_unmap(q, &ds, L4RE_THIS_TASK_CAP) == 0 && ds == b);

	/* Freed through the allocator's call: the dataspaces are gone. */
	CHECK(40, l4re_ma_usage_srv(e->mem_alloc, 0, 0, &count1) == 0 && count1 == count0 + 2);
	CHECK(41, l4re_ma_free_srv(e->mem_alloc, a) == 0);
	CHECK(42, l4re_ma_free_srv(e->mem_alloc, b) == 0);
	CHECK(43, l4re_ma_usage_srv(e->mem_alloc, 0, 0, &count1) == 0 && count1 == count0);
	return 0;
}

/* The capability allocator's last slot; the scheduler through l4/sys/thread.h. */
static int check_caps_and_scheduler(void)
{
	l4re_env_t *e = l4re_env();
	long last = l4re_util_cap_last();
	l4_cap_idx_t c = l4re_util_cap_alloc();
	CHECK(50, l4_is_valid_cap(c) && (long)(c >> L4_CAP_SHIFT) <= last);
	CHECK(51, last >= (long)e->first_free_cap);
	l4re_util_cap_free(c);
	l4_umword_t cpu_max = 0;
	l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 0);
	CHECK(52, l4_error(l4_scheduler_info(e->scheduler, &cpu_max, &cpus)) == 0 && cpu_max == 1);
	return 0;
}

int main(void)
{
	int r = check_names();
	if (!r)
		r = check_rm();
	if (!r)
		r = check_caps_and_scheduler();
	if (!r) {
		/* The log calls: the harness looks for these lines. */
		l4re_log_print("l4re_names_child: l4re_log_print\n");
		static const char more[] = "l4re_names_child: l4re_log_printn\nnot this";
		l4re_log_printn(more, (int)(sizeof(more) - 1 - strlen("not this")));
		l4re_log_print_srv(l4re_env()->log, "l4re_names_child: l4re_log_print_srv\n");
		l4re_log_printn_srv(l4re_env_get_cap("logcap"), "nothing", -1);
	}
	printf("l4re_names_child: %s\n", r ? "failed" : "passed");
	return r;
}
