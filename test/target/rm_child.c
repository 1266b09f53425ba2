/* rm_child.c - a loaded program that checks its environment, region mapper and heap. */
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * argv[1] names the check; the exit status is 0 when it passed, otherwise the
 * number of the step that failed (and a line says which).
 */
#define CHECK(step, cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("rm_child: step %d failed: %s\n", step, #cond);                     \
			return step;                                                               \
		}                                                                                  \
	} while (0)

static void sleep_ms(unsigned ms)
{
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(ms, 10)));
}

static long usage(void)
{
	unsigned long used = 0;
	long err = l4re_ma_usage_srv(l4re_env()->mem_alloc, &used, 0, 0);
	return err ? err : (long)used;
}

/* A new anonymous dataspace of @size bytes in a fresh slot, or L4_INVALID_CAP. */
static l4re_ds_t new_ds(unsigned long size)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(ds) || l4re_ma_alloc(size, ds, 0) != 0)
		return L4_INVALID_CAP;
	return ds;
}

static int check_env(int argc, char **argv)
{
	l4re_env_t *e = l4re_env();
	CHECK(1, argc == 3 && strcmp(argv[0], "rm_child") == 0);
	CHECK(2, strcmp(argv[1], "env") == 0 && strcmp(argv[2], "two words") == 0);
	CHECK(3, argv[3] == NULL);
	l4_cap_idx_t out = l4re_env_get_cap("out");
	CHECK(4, l4_is_valid_cap(out));
	CHECK(5, l4_vcon_write(out, "rm_child: via a named cap\n", 26) >= 0);
	CHECK(6, l4_is_invalid_cap(l4re_env_get_cap("missing")));
	CHECK(7, l4_is_invalid_cap(l4re_env_get_cap("ou")));
	CHECK(8, e->mem_alloc == L4RE_MEM_ALLOC_CAP && e->rm == L4RE_RM_CAP);
	CHECK(9, e->parent == L4RE_PARENT_CAP && e->first_free_cap >= 0x20);
	strcpy(argv[2], "writable"); /* argv strings belong to the program */
	CHECK(10, strcmp(argv[2], "writable") == 0);
	return 0;
}

static int check_attach(void)
{
	l4re_ds_t ds = new_ds(64 << 10);
	CHECK(1, l4_is_valid_cap(ds));
	char *a = 0;
	CHECK(2, l4re_rm_attach((void **)&a, 64 << 10, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ds, 0,
				16) == 0);
	CHECK(3, a && ((l4_addr_t)a & 0xffff) == 0);
	CHECK(4, a[0] == 0 && a[65535] == 0); /* zero-filled on demand */
	a[0] = 'k';
	a[40000] = 'e';
	l4_addr_t where = (l4_addr_t)a + 100;
	unsigned long size;
	l4re_rm_offset_t offs;
	l4re_rm_flags_t flags;
	l4re_ds_t found;
	CHECK(5, l4re_rm_find(&where, &size, &offs, &flags, &found) == 0);
	CHECK(6, where == (l4_addr_t)a && size == (64 << 10) && offs == 0 && found == ds);
	/* Nothing else may go where it is. */
	void *b = a + 4096;
	CHECK(7, l4re_rm_attach(&b, 4096, L4RE_RM_F_RW, ds, 0, 0) == -L4_EADDRNOTAVAIL);
	l4re_ds_t got = L4_INVALID_CAP;
	CHECK(8, l4re_rm_detach_ds(a, &got) == 0 && got == ds);
	CHECK(9, l4re_rm_find(&where, &size, &offs, &flags, &found) == -L4_ENOENT);
	CHECK(10, l4re_rm_detach(a) == -L4_ENOENT);
	/* Attached again, at a fixed place and from an offset: the data is still there. */
	char *c = a;
	CHECK(11, l4re_rm_attach((void **)&c, 32 << 10, L4RE_RM_F_R, ds, 32 << 10, 0) == 0);
	CHECK(12, c == a && c[40000 - 32768] == 'e');
	CHECK(13, l4re_rm_detach(c) == 0);
	/* Areas: reserved addresses; only IN_AREA attaches go there. */
	l4_addr_t area = 0;
	CHECK(14, l4re_rm_reserve_area(&area, 1 << 20, L4RE_RM_F_SEARCH_ADDR, 20) == 0);
	CHECK(15, area && (area & 0xfffff) == 0);
	void *d = (void *)(area + 8192);
	CHECK(16, l4re_rm_attach(&d, 4096, L4RE_RM_F_RW, ds, 0, 0) == -L4_EADDRNOTAVAIL);
	CHECK(17, l4re_rm_attach(&d, 4096, L4RE_RM_F_RW | L4RE_RM_F_IN_AREA, ds, 0, 0) == 0);
	CHECK(18, *(char *)d == 'k');
	void *e = (void *)area;
	CHECK(19, l4re_rm_attach(&e, 8192, L4RE_RM_F_RW | L4RE_RM_F_IN_AREA | L4RE_RM_F_SEARCH_ADDR,
				 ds, 0, 0) == 0);
	CHECK(20, (l4_addr_t)e >= area && (l4_addr_t)e + 8192 <= area + (1 << 20));
	CHECK(21, (l4_addr_t)e + 8192 <= (l4_addr_t)d || (l4_addr_t)e >= (l4_addr_t)d + 4096);
	where = area + 0x80000;
	CHECK(22, l4re_rm_find(&where, &size, &offs, &flags, &found) == 0);
	CHECK(23, (flags & L4RE_RM_F_RESERVED) && where == area);
	/* Bad requests. */
	void *z = 0;
	CHECK(24,
	      l4re_rm_attach(&z, 0, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ds, 0, 0) == -L4_EINVAL);
	z = (void *)0x30000100;
	CHECK(25, l4re_rm_attach(&z, 4096, L4RE_RM_F_RW, ds, 0, 0) == -L4_EINVAL);
	z = (void *)0xbfff0000;
	CHECK(26, l4re_rm_attach(&z, 1 << 20, L4RE_RM_F_RW, ds, 0, 0) == -L4_EADDRNOTAVAIL);
	CHECK(27, l4re_rm_free_area(area + 4096) == -L4_ENOENT);
	CHECK(28, l4re_rm_detach(d) == 0 && l4re_rm_detach(e) == 0);
	CHECK(29, l4re_rm_free_area(area) == 0);
	/* Eager mapping. */
	void *f = 0;
	CHECK(30, l4re_rm_attach(&f, 64 << 10,
				 L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_EAGER_MAP, ds, 0,
				 0) == 0);
	CHECK(31, *(char *)f == 'k');
	CHECK(32, l4re_rm_detach(f) == 0);
	CHECK(33, l4re_ma_free(ds) == 0);
	return 0;
}

static int check_malloc(void)
{
	long before = usage();
	CHECK(1, before >= 0);
	size_t size = 8UL << 20;
	unsigned char *p = malloc(size);
	CHECK(2, p != NULL);
	for (size_t i = 0; i < size; i += 4096)
		p[i] = (unsigned char)(i >> 12);
	for (size_t i = 0; i < size; i += 4096)
		CHECK(3, p[i] == (unsigned char)(i >> 12));
	CHECK(4, usage() >= before + (long)size);
	free(p);
	CHECK(5, usage() == before);
	/* Many small blocks come from the growing heap, and are reused once freed. */
	void *blocks[400];
	for (int i = 0; i < 400; i++) {
		blocks[i] = malloc(1000 + i);
		CHECK(6, blocks[i] != NULL);
		memset(blocks[i], i, 1000 + i);
	}
	for (int i = 0; i < 400; i++)
		CHECK(7, ((unsigned char *)blocks[i])[999] == (unsigned char)i);
	long grown = usage();
	for (int i = 0; i < 400; i++)
		free(blocks[i]);
	for (int i = 0; i < 400; i++) {
		blocks[i] = malloc(1000 + i);
		CHECK(8, blocks[i] != NULL);
	}
	CHECK(9, usage() == grown);
	for (int i = 0; i < 400; i++)
		free(blocks[i]);
	char *r = realloc(NULL, 10);
	CHECK(10, r != NULL);
	strcpy(r, "realloc");
	char *r2 = realloc(r, 300000);
	CHECK(10, r2 && strcmp(r2, "realloc") == 0);
	free(r2);
	void *al = aligned_alloc(4096, 100);
	CHECK(11, al && ((l4_addr_t)al & 4095) == 0);
	free(al);
	volatile size_t huge = 1UL << 31; /* overflows n * size */
	void *none = calloc(huge, 4);
	CHECK(12, none == NULL);
	return 0;
}

static int check_cow(void)
{
	l4_cap_idx_t ma = l4re_env()->mem_alloc;
	l4re_ds_t m1 = l4re_util_cap_alloc(), m2 = l4re_util_cap_alloc();
	CHECK(1, l4re_ma_open_module_srv(ma, "hello_child", m1) == 0);
	CHECK(2, l4re_ma_open_module_srv(ma, "no_such_module", m2) == -L4_ENOENT);
	CHECK(3, l4re_ma_open_module_srv(ma, "hello_child", m2) == 0);
	long size = (long)l4re_ds_size(m1);
	CHECK(4, size > 4096);
	char *ro = 0, *rw = 0, *other = 0;
	CHECK(5, l4re_rm_attach((void **)&ro, (unsigned long)size,
				L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR, m1, 0, 0) == 0);
	CHECK(6, memcmp(ro, "\177ELF", 4) == 0);
	CHECK(7, l4re_rm_attach((void **)&rw, (unsigned long)size,
				L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, m1, 0, 0) == 0);
	CHECK(8, l4re_rm_attach((void **)&other, (unsigned long)size,
				L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR, m2, 0, 0) == 0);
	CHECK(9, memcmp(rw, "\177ELF", 4) == 0);
	long before = usage();
	rw[0] = 'C'; /* copy on write: this dataspace gets its own page */
	rw[4097] = 'W';
	CHECK(10, rw[0] == 'C' && rw[1] == 'E');
	CHECK(11, usage() == before + 2 * 4096);
	CHECK(12, ro[0] == 'C' && ro[4097] == 'W'); /* the same dataspace: the copy */
	CHECK(13, other[0] == '\177');		    /* another opener: the module */
	CHECK(14, l4re_rm_detach(ro) == 0 && l4re_rm_detach(rw) == 0 && l4re_rm_detach(other) == 0);
	CHECK(15, l4re_ma_free(m1) == 0 && l4re_ma_free(m2) == 0);
	CHECK(16, usage() == before);
	return 0;
}

static int check_oom(void)
{
	unsigned long limit = 0;
	CHECK(1, l4re_ma_usage_srv(l4re_env()->mem_alloc, 0, &limit, 0) == 0);
	CHECK(2, limit == (1UL << 20));
	l4re_ds_t ds = l4re_util_cap_alloc();
	CHECK(3, l4re_ma_alloc(2UL << 20, ds, 0) == -L4_ENOMEM);
	void *big = malloc(2UL << 20);
	CHECK(4, big == NULL);
	void *p = malloc(512UL << 10);
	CHECK(5, p != NULL);
	memset(p, 1, 512UL << 10);
	big = malloc(600UL << 10);
	CHECK(6, big == NULL);
	free(p);
	p = malloc(600UL << 10);
	CHECK(7, p != NULL);
	free(p);
	/* L4Re's signed size: 0 and negative sizes are refused, nothing is allocated. */
	CHECK(8, l4re_ma_alloc(0, ds, 0) == -L4_EINVAL);
	CHECK(9, l4re_ma_alloc(-4096, ds, 0) == -L4_EINVAL);
	CHECK(10, l4re_ma_alloc_align(-1, ds, 0, 0) == -L4_EINVAL);
	return 0;
}

/* Writing to a read-only region is an exception: this thread is stopped. */
static int check_ro_fault(void)
{
	l4re_ds_t ds = new_ds(4096);
	volatile char *p = 0;
	CHECK(1, l4re_rm_attach((void **)&p, 4096, L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR, ds, 0, 0) ==
		     0);
	CHECK(2, p[10] == 0);
	printf("rm_child: writing to a read-only region\n");
	l4re_flush_output();
	p[10] = 1;
	return 99; /* not reached */
}

/* ---- a second-level pager: this program pages a task of its own ---- */

#define T2_WINDOW 0x30000000UL
#define T2_SIZE	  (64UL << 10)

static char *pager_buf;
static volatile unsigned pager_faults;
static uint64_t pager_stack[512];
static l4_addr_t text_lo, text_hi;

/* The client task's only code: copy word 0 (+1) to word 1 of its window, for ever. */
static void __attribute__((noinline)) t2_main(void)
{
	volatile l4_umword_t *w = (volatile l4_umword_t *)T2_WINDOW;
	for (;;)
		w[1] = w[0] + 1;
}

/* Map the client's fault from our own memory: code from our text, data from the buffer. */
static l4_msgtag_t pager_serve(l4_umword_t pfa)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	l4_addr_t page = pfa & L4_PAGEMASK, src;
	unsigned rights;
	if (page >= text_lo && page < text_hi) {
		src = page;
		rights = L4_FPAGE_RX;
	} else if (page >= T2_WINDOW && page < T2_WINDOW + T2_SIZE) {
		src = (l4_addr_t)pager_buf + (page - T2_WINDOW);
		rights = L4_FPAGE_RW;
	} else {
		return l4_msgtag(-L4_EFAULT, 0, 0, 0);
	}
	/* Present here first, with the rights passed on (our region mapper maps W only
	 * on a write): a mapping never carries more rights than its source. */
	volatile char *touch = (volatile char *)src;
	if (rights & L4_FPAGE_W)
		*touch = (char)(*touch | 0); /* a write fault, same byte */
	else
		(void)*touch;
	pager_faults++;
	mr->mr[0] = l4_map_control(page, 0, 0);
	mr->mr[1] = l4_fpage(src, L4_PAGESHIFT, (unsigned char)rights).raw;
	return l4_msgtag(0, 0, 1, 0);
}

static void pager_loop(void)
{
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msgtag_t reply = l4_msgtag_is_page_fault(tag) ? pager_serve(l4_utcb_mr()->mr[0])
								 : l4_msgtag(-L4_ENOSYS, 0, 0, 0);
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

static int wait_word(volatile l4_umword_t *w, l4_umword_t value)
{
	for (int i = 0; i < 200 && *w != value; i++)
		sleep_ms(10);
	return *w == value;
}

static int check_pager2(void)
{
	l4re_env_t *env = l4re_env();
	text_lo = (l4_addr_t)t2_main & L4_PAGEMASK;
	text_hi = text_lo + 2 * L4_PAGESIZE;
	l4re_ds_t ds = new_ds(T2_SIZE);
	CHECK(1, l4_is_valid_cap(ds));
	CHECK(2, l4re_rm_attach((void **)&pager_buf, T2_SIZE, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR,
				ds, 0, 0) == 0);
	/* The pager thread: ours, paged by our region mapper. */
	l4_cap_idx_t pager = l4re_util_cap_alloc(), task = l4re_util_cap_alloc();
	l4_cap_idx_t client = l4re_util_cap_alloc();
	CHECK(3, l4_error(l4_factory_create_thread(env->factory, pager)) == 0);
	l4_thread_control_start();
	l4_thread_control_pager(env->rm);
	l4_thread_control_bind((l4_utcb_t *)env->first_free_utcb, L4_BASE_TASK_CAP);
	CHECK(4, l4_error(l4_thread_control_commit(pager)) == 0);
	CHECK(5, l4_error(l4_thread_ex_regs(pager, (l4_addr_t)pager_loop,
					    (l4_addr_t)&pager_stack[512], 0)) == 0);
	l4_sched_param_t sp = l4_sched_param(env->main_prio + 1, 0);
	CHECK(6, l4_error(l4_scheduler_run_thread(env->scheduler, pager, &sp)) == 0);
	/* The client: a task with one thread whose pager is ours. */
	CHECK(7, l4_error(l4_factory_create_task(env->factory, task,
						 l4_fpage(0xbff00000, 12, L4_FPAGE_RW))) == 0);
	CHECK(8,
	      l4_error(l4_task_map(task, L4_BASE_TASK_CAP, l4_obj_fpage(pager, 0, L4_CAP_FPAGE_RWS),
				   l4_map_obj_control(L4_BASE_PAGER_CAP, 0))) == 0);
	CHECK(9, l4_error(l4_factory_create_thread(env->factory, client)) == 0);
	l4_thread_control_start();
	l4_thread_control_pager(L4_BASE_PAGER_CAP);
	l4_thread_control_bind((l4_utcb_t *)0xbff00000, task);
	CHECK(10, l4_error(l4_thread_control_commit(client)) == 0);
	CHECK(11,
	      l4_error(l4_thread_ex_regs(client, (l4_addr_t)t2_main, T2_WINDOW + T2_SIZE, 0)) == 0);
	sp = l4_sched_param(env->main_prio > 2 ? env->main_prio - 1 : 1, 0);
	CHECK(12, l4_error(l4_scheduler_run_thread(env->scheduler, client, &sp)) == 0);
	volatile l4_umword_t *w = (volatile l4_umword_t *)pager_buf;
	w[0] = 41;
	CHECK(13, wait_word(&w[1], 42)); /* the client shares our page */
	unsigned faults = pager_faults;
	/* The root revokes the pages: from us and from the client paged by us. */
	CHECK(14, l4re_ds_clear(ds, 0, T2_SIZE) == 0);
	CHECK(15, wait_word(&w[1], 1)); /* the client refaulted and got the new page */
	CHECK(16, w[0] == 0);
	CHECK(17, pager_faults > faults);
	l4_task_delete_obj(L4_BASE_TASK_CAP, client);
	l4_task_delete_obj(L4_BASE_TASK_CAP, task);
	l4_task_delete_obj(L4_BASE_TASK_CAP, pager);
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	int r = 100;
	if (strcmp(what, "env") == 0)
		r = check_env(argc, argv);
	else if (strcmp(what, "attach") == 0)
		r = check_attach();
	else if (strcmp(what, "malloc") == 0)
		r = check_malloc();
	else if (strcmp(what, "cow") == 0)
		r = check_cow();
	else if (strcmp(what, "oom") == 0)
		r = check_oom();
	else if (strcmp(what, "ro_fault") == 0)
		r = check_ro_fault();
	else if (strcmp(what, "pager2") == 0)
		r = check_pager2();
	printf("rm_child: %s: %s\n", what, r ? "failed" : "passed");
	return r;
}
