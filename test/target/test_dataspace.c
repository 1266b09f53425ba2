/*
 * test_dataspace.c - the root task's memory server: allocators with limits, anonymous,
 * contiguous, MMIO and boot-module (copy-on-write) dataspaces, their protocol and its
 * errors. Root-task threads are the clients: they map dataspaces into a free part of
 * the root's own address space (from 0x60000000) and look at the memory there.
 *
 * Whether an address is mapped is asked of a helper thread whose pager maps a
 * stand-in page on a fault (and counts it); the stand-in is taken away afterwards.
 */
#include "devices.h"
#include "dt.h"
#include "ktest_util.h"
#include "memsrv.h"
#include "page_alloc.h"
#include <l4/keel/bootinfo.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/env.h>
#include <string.h>

#define TASK	 L4_BASE_TASK_CAP
#define PG	 0x1000UL
#define K64	 0x10000UL
#define MB	 0x100000UL
#define VA_START 0x60000000UL
#define VA_END	 0x80000000UL
#define LIMIT	 (4 * MB)

/* The console's PL011 (virt: 0x09000000; versatilepb: 0x101f1000), from the device tree. */
#define UART	    uart_base()
#define UART_PERIPH 0xfe0 /* PL011 UARTPeriphID0: 0x11 */
#define MODULE	    "hello_child"

/* ---- helpers ---- */

/* The console UART's registers as the root task finds them (roottask/devices.c), or 0. */
static l4_addr_t uart_base(void)
{
	static l4_addr_t base;
	const struct keel_bootinfo *bi = l4re_bootinfo();
	struct dt dt;
	struct devices_dev d;
	const char *why;
	if (!base && bi && bi->dtb && dt_open(&dt, (const void *)bi->dtb, bi->dtb_size) == 0 &&
	    devices_console_uart(&dt, &d, &why) == 0)
		base = (l4_addr_t)d.base;
	return base;
}

static l4_addr_t next_va = VA_START;

/* A fresh range of the root's address space, aligned to @align (never reused). */
static l4_addr_t va(unsigned long size, unsigned long align)
{
	l4_addr_t a = (next_va + align - 1) & ~(align - 1);
	if (a + size > VA_END)
		return 0;
	next_va = a + size;
	return a;
}

static volatile uint32_t *word(l4_addr_t a)
{
	return (volatile uint32_t *)a;
}

/* A client with @limit bytes; its allocator capability in *@ma. */
static struct memsrv_client *client(unsigned long limit, bool devices, l4_cap_idx_t *ma)
{
	*ma = kt_cap_alloc();
	return memsrv_client_create(limit, devices, *ma);
}

/* Allocate a dataspace into a fresh slot (*@ds). */
static long alloc(l4_cap_idx_t ma, unsigned long size, unsigned long flags, unsigned long align,
		  l4_cap_idx_t *ds)
{
	*ds = kt_cap_alloc();
	return l4re_ma_alloc_srv(ma, size, *ds, flags, align);
}

static long open_module(l4_cap_idx_t ma, const char *name, l4_cap_idx_t *ds)
{
	*ds = kt_cap_alloc();
	return l4re_ma_open_module_srv(ma, name, *ds);
}

/* Map the page at @off to @addr (a one-page window). */
static int map1(l4_cap_idx_t ds, unsigned long off, unsigned long flags, l4_addr_t addr)
{
	return l4re_ds_map(ds, off, flags, addr, addr, addr + PG - 1);
}

static unsigned long used_of(const struct memsrv_client *c)
{
	unsigned long used = ~0UL;
	memsrv_client_usage(c, &used, NULL, NULL);
	return used;
}

static unsigned long count_of(const struct memsrv_client *c)
{
	unsigned long count = ~0UL;
	memsrv_client_usage(c, NULL, NULL, &count);
	return count;
}

/* Call @cap with @words words already in the MRs and label @proto; l4_error(). */
static long raw_call(l4_cap_idx_t cap, long proto, unsigned words)
{
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = 0;
	return l4_error(
	    l4_ipc_call(cap, l4_utcb(), l4_msgtag(proto, words, 0, 0), kt_safety_timeout()));
}

/* The boot module @name as the root task sees it. */
static const uint8_t *module_data(const char *name, unsigned long *size)
{
	const struct keel_bootinfo *bi = l4re_bootinfo();
	const struct keel_bootmod_header *h = (const void *)bi->modules;
	const struct keel_bootmod_entry *e = (const void *)(h + 1);
	for (unsigned i = 0; i < h->count; i++)
		if (strcmp(e[i].name, name) == 0) {
			*size = e[i].size;
			return (const uint8_t *)h + e[i].offset;
		}
	return NULL;
}

/* ---- is it mapped? ---- */

static uint8_t stand_in[PG] __attribute__((aligned(PG)));

static struct {
	l4_addr_t addr;
	volatile int faults;
	volatile int done;
	volatile uint32_t val;
} probe;

/* The prober's pager: maps the stand-in page read-only at the fault address. */
static void probe_pager_fn(void *arg)
{
	(void)arg;
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msgtag_t reply = l4_msgtag(-L4_EINVAL, 0, 0, 0);
		l4_msg_regs_t *mr = l4_utcb_mr();
		if (!l4_ipc_error(tag, l4_utcb()) && l4_msgtag_is_page_fault(tag)) {
			probe.faults++;
			mr->mr[0] = l4_map_control(mr->mr[0] & L4_PAGEMASK, 0, 0);
			mr->mr[1] = l4_fpage((l4_addr_t)stand_in, 12, L4_FPAGE_RO).raw;
			reply = l4_msgtag(0, 0, 1, 0);
		}
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

static void probe_fn(void *arg)
{
	(void)arg;
	probe.val = *word(probe.addr);
	probe.done = 1;
}

/* Read @addr in a helper thread: 1 if it is mapped (*@val the word there), 0 if not. */
static int mapped(l4_addr_t addr, uint32_t *val)
{
	l4_cap_idx_t pager, th;
	memset((void *)&probe, 0, sizeof(probe));
	probe.addr = addr;
	if (kt_thread_start(&pager, probe_pager_fn, NULL, KT_MAIN_PRIO + 2) ||
	    kt_thread_new(&th, TASK))
		return -1;
	l4_thread_control_start();
	l4_thread_control_pager(pager);
	if (l4_error(l4_thread_control_commit(th)) || kt_thread_set_entry(th, probe_fn, NULL) ||
	    kt_thread_run(th, KT_MAIN_PRIO + 1) || !kt_wait_ge(&probe.done, 1, KT_SAFETY_US))
		return -1;
	l4_task_unmap(TASK, l4_fpage((l4_addr_t)stand_in, 12, L4_FPAGE_RWX), L4_FP_OTHER_SPACES);
	kt_thread_kill(th);
	kt_thread_kill(pager);
	if (val)
		*val = probe.val;
	return probe.faults == 0;
}

/* ---- allocators ---- */

KTEST(init_is_idempotent_and_a_client_starts_empty)
{
	KT_SCOPE();
	KT_EQ(memsrv_init(), 0);
	KT_EQ(memsrv_init(), 0);
	l4_cap_idx_t ma;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	unsigned long used = 1, limit = 0, count = 1;
	memsrv_client_usage(c, &used, &limit, &count);
	KT_EQ(used, 0);
	KT_EQ(limit, LIMIT);
	KT_EQ(count, 0);
	used = limit = count = 7;
	KT_EQ(l4re_ma_usage_srv(ma, &used, &limit, &count), 0);
	KT_EQ(used, 0);
	KT_EQ(limit, LIMIT);
	KT_EQ(count, 0);
	memsrv_client_destroy(c);
}

KTEST(client_gate_slot_in_the_servers_range_is_refused)
{
	KT_SCOPE();
	KT_ASSERT(memsrv_client_create(LIMIT, false, MEMSRV_FIRST_SLOT << L4_CAP_SHIFT) == NULL);
	KT_ASSERT(memsrv_client_create(LIMIT, false, L4_INVALID_CAP) == NULL);
}

KTEST(alloc_rounds_to_pages_and_reports_info)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 3 * PG + 100, 0, 12, &ds), 0);
	KT_EQ(l4re_ds_size(ds), 4 * PG);
	KT_EQ(l4re_ds_flags(ds), L4RE_DS_F_RWX);
	l4re_ds_stats_t st;
	KT_EQ(l4re_ds_info(ds, &st), 0);
	KT_EQ(st.size, 4 * PG);
	/* INFO's third word: the allocation flags. */
	l4_utcb_mr()->mr[0] = L4RE_DS_OP_INFO;
	KT_EQ(raw_call(ds, L4RE_PROTO_DATASPACE, 1), 0);
	KT_EQ(l4_utcb_mr()->mr[2], 0);
	KT_EQ(used_of(c), 4 * PG);
	KT_EQ(count_of(c), 1);
	l4_cap_idx_t ds2;
	KT_EQ(alloc(ma, PG, L4RE_MA_PINNED | L4RE_MA_SUPER_PAGES, 12, &ds2), 0);
	l4_utcb_mr()->mr[0] = L4RE_DS_OP_INFO;
	KT_EQ(raw_call(ds2, L4RE_PROTO_DATASPACE, 1), 0);
	KT_EQ(l4_utcb_mr()->mr[2], L4RE_MA_PINNED | L4RE_MA_SUPER_PAGES);
	KT_EQ(count_of(c), 2);
	memsrv_client_destroy(c);
}

/* ---- anonymous memory ---- */

KTEST(anonymous_pages_are_zero_filled_on_demand)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	unsigned long free0 = page_free_count();
	KT_EQ(alloc(ma, 16 * PG, 0, 12, &ds), 0);
	unsigned long free1 = page_free_count();
	KT_ASSERT(free0 - free1 <= 1); /* its page table at most, no memory yet */
	l4_addr_t v = va(16 * PG, PG);
	KT_EQ(map1(ds, 2 * PG, L4RE_DS_F_RW, v + 2 * PG), 0);
	KT_EQ(page_free_count(), free1 - 1);
	for (unsigned i = 0; i < PG / 4; i++)
		KT_EQ(word(v + 2 * PG)[i], 0);
	*word(v + 2 * PG + 8) = 0xabcd;
	/* Mapped again elsewhere: the same page. */
	l4_addr_t w = va(PG, PG);
	KT_EQ(map1(ds, 2 * PG, L4RE_DS_F_R, w), 0);
	KT_EQ(*word(w + 8), 0xabcd);
	KT_EQ(page_free_count(), free1 - 1);
	/* Neighbours are not there until asked for. */
	KT_EQ(mapped(v + 3 * PG, NULL), 0);
	KT_EQ(l4re_ma_free(ds), 0);
	KT_EQ(page_free_count(), free0);
	memsrv_client_destroy(c);
}

KTEST(read_only_capability_refuses_writable_mapping)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, PG, 0, 12, &ds), 0);
	l4_cap_idx_t ro = kt_copy(ds, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ro, 0, L4RE_DS_F_RW, v), -L4_EPERM);
	KT_EQ(l4re_ds_flags(ro), L4RE_DS_F_RX);
	KT_EQ(map1(ro, 0, L4RE_DS_F_R, v), 0);
	KT_EQ(*word(v), 0);
	KT_EQ(l4re_ds_clear(ro, 0, PG), -L4_EPERM);
	KT_EQ(l4re_ds_allocate(ro, 0, PG), -L4_EPERM);
	memsrv_client_destroy(c);
}

KTEST(map_offset_beyond_the_size_is_out_of_range)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 2 * PG, 0, 12, &ds), 0);
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ds, 2 * PG, L4RE_DS_F_R, v), -L4_ERANGE);
	KT_EQ(map1(ds, ~0UL & L4_PAGEMASK, L4RE_DS_F_R, v), -L4_ERANGE);
	KT_EQ(map1(ds, 2 * PG - 1, L4RE_DS_F_R, v), 0);
	memsrv_client_destroy(c);
}

KTEST(clear_gives_anonymous_pages_back_and_zeroes_parts)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 2 * PG, 0, 12, &ds), 0);
	/* Memory never touched is zero already: clearing it takes nothing. */
	unsigned long free0 = page_free_count();
	KT_EQ(l4re_ds_clear(ds, 10, 20), 0);
	KT_EQ(page_free_count(), free0);
	l4_addr_t v = va(2 * PG, PG);
	KT_EQ(map1(ds, 0, L4RE_DS_F_RW, v), 0);
	KT_EQ(map1(ds, PG, L4RE_DS_F_RW, v + PG), 0);
	memset((void *)v, 0x5a, 2 * PG);
	unsigned long free1 = page_free_count();
	/* The first page whole: given back, unmapped everywhere, zero next time. */
	KT_EQ(l4re_ds_clear(ds, 0, PG), 0);
	KT_EQ(page_free_count(), free1 + 1);
	KT_EQ(mapped(v, NULL), 0);
	KT_EQ(map1(ds, 0, L4RE_DS_F_R, v), 0);
	KT_EQ(*word(v + 100), 0);
	/* A part of the second: zeroed in place. */
	KT_EQ(l4re_ds_clear(ds, PG + 16, 8), 0);
	KT_EQ(*word(v + PG + 12), 0x5a5a5a5a);
	KT_EQ(*word(v + PG + 16), 0);
	KT_EQ(*word(v + PG + 20), 0);
	KT_EQ(*word(v + PG + 24), 0x5a5a5a5a);
	KT_EQ(l4re_ds_clear(ds, PG, 2 * PG), -L4_ERANGE);
	KT_EQ(used_of(c), 2 * PG); /* the size stays charged */
	memsrv_client_destroy(c);
}

KTEST(allocate_populates_in_advance)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 8 * PG, 0, 12, &ds), 0);
	unsigned long free1 = page_free_count();
	KT_EQ(l4re_ds_allocate(ds, PG + 5, 2 * PG), 0); /* touches pages 1, 2, 3 */
	KT_EQ(page_free_count(), free1 - 3);
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ds, 3 * PG, L4RE_DS_F_RW, v), 0);
	KT_EQ(page_free_count(), free1 - 3);
	KT_EQ(*word(v), 0);
	KT_EQ(l4re_ds_allocate(ds, 7 * PG, 2 * PG), -L4_ERANGE);
	memsrv_client_destroy(c);
}

KTEST(copy_in_between_dataspaces)
{
	KT_SCOPE();
	l4_cap_idx_t ma, a, b;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 2 * PG, 0, 12, &a), 0);
	KT_EQ(alloc(ma, 2 * PG, 0, 12, &b), 0);
	l4_addr_t va_a = va(2 * PG, PG), va_b = va(2 * PG, PG);
	KT_EQ(l4re_ds_map_region(a, 0, L4RE_DS_F_RW, va_a, va_a + 2 * PG - 1), 0);
	KT_EQ(l4re_ds_map_region(b, 0, L4RE_DS_F_RW, va_b, va_b + 2 * PG - 1), 0);
	for (unsigned i = 0; i < 2 * PG; i++)
		((volatile uint8_t *)va_a)[i] = (uint8_t)(i * 7);
	memset((void *)va_b, 0xee, 2 * PG);
	/* Across a page boundary on both sides, at different offsets. */
	KT_EQ(l4re_ds_copy_in(b, 10, a, PG - 50, 300), 0);
	for (unsigned i = 0; i < 300; i++)
		KT_EQ(((volatile uint8_t *)va_b)[10 + i], (uint8_t)((PG - 50 + i) * 7));
	KT_EQ(((volatile uint8_t *)va_b)[9], 0xee);
	KT_EQ(((volatile uint8_t *)va_b)[310], 0xee);
	/* Within one dataspace, not overlapping; overlapping is refused. */
	KT_EQ(l4re_ds_copy_in(a, PG, a, 0, 16), 0);
	KT_EQ(((volatile uint8_t *)va_a)[PG + 3], 21);
	KT_EQ(l4re_ds_copy_in(a, 8, a, 0, 16), -L4_EINVAL);
	KT_EQ(l4re_ds_copy_in(b, 0, a, PG, 2 * PG), -L4_ERANGE);
	/* A read-only destination, a source that is no dataspace. */
	l4_cap_idx_t ro = kt_copy(b, L4_CAP_FPAGE_RO);
	KT_EQ(l4re_ds_copy_in(ro, 0, a, 0, 4), -L4_EPERM);
	KT_EQ(l4re_ds_copy_in(b, 0, ma, 0, 4), -L4_EINVAL);
	KT_EQ(l4re_ds_copy_in(b, 0, L4_BASE_LOG_CAP, 0, 4), -L4_EINVAL);
	memsrv_client_destroy(c);
}

KTEST(copy_from_untouched_memory_gives_zeroes)
{
	KT_SCOPE();
	l4_cap_idx_t ma, a, b;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, PG, 0, 12, &a), 0);
	KT_EQ(alloc(ma, PG, 0, 12, &b), 0);
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(b, 0, L4RE_DS_F_RW, v), 0);
	memset((void *)v, 0x11, PG);
	KT_EQ(l4re_ds_copy_in(b, 100, a, 0, 64), 0);
	KT_EQ(*word(v + 96), 0x11111111);
	KT_EQ(*word(v + 100), 0);
	KT_EQ(*word(v + 160), 0);
	KT_EQ(*word(v + 164), 0x11111111);
	memsrv_client_destroy(c);
}

/* Another root-task gate whose label looks like a dataspace's is no dataspace. */
KTEST(copy_source_must_be_a_gate_of_the_server)
{
	KT_SCOPE();
	l4_cap_idx_t ma, a, b, th, gate;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, PG, L4RE_MA_CONTINUOUS, 12, &a), 0);
	KT_EQ(alloc(ma, PG, 0, 12, &b), 0);
	struct kt_server srv;
	kt_server_init(&srv);
	for (unsigned long idx = 0; idx < 4; idx++) {
		KT_EQ(kt_server_start(&srv, &th, &gate, idx << 4 | 1 << 2, KT_MAIN_PRIO + 1), 0);
		KT_EQ(l4re_ds_copy_in(b, 0, gate, 0, 4), -L4_EINVAL);
		kt_thread_kill(th);
	}
	KT_EQ(l4re_ds_copy_in(b, 0, a, 0, 4), 0);
	memsrv_client_destroy(c);
}

/* ---- contiguous memory ---- */

KTEST(contiguous_memory_is_physically_contiguous_and_aligned)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	unsigned long free0 = page_free_count();
	KT_EQ(alloc(ma, 5 * PG, L4RE_MA_CONTINUOUS, 16, &ds), 0);
	KT_EQ(page_free_count(), free0 - 5);
	l4_addr_t phys = 0;
	l4_size_t len = 0;
	KT_EQ(l4re_ds_phys(ds, 0, &phys, &len), 0);
	KT_EQ(phys & (K64 - 1), 0);
	KT_EQ(len, 5 * PG);
	KT_EQ(l4re_ds_phys(ds, 3 * PG + 4, &phys, &len), 0);
	KT_EQ(len, 2 * PG - 4);
	KT_EQ(l4re_ds_phys(ds, 5 * PG, &phys, &len), -L4_ERANGE);
	KT_EQ(l4re_ds_phys(ds, 0, &phys, &len), 0);
	/* Zeroed, and the mapping is the physical memory itself (identity in the root). */
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ds, 4 * PG, L4RE_DS_F_RW, v), 0);
	KT_EQ(*word(v + 40), 0);
	*word(v + 40) = 0xc0ffee;
	KT_EQ(*word(phys + 4 * PG + 40), 0xc0ffee);
	memsrv_client_destroy(c);
	KT_EQ(page_free_count(), free0);
}

KTEST(contiguous_memory_is_mapped_in_large_blocks)
{
	KT_SCOPE();
	l4_cap_idx_t ma, a, b;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, K64, L4RE_MA_CONTINUOUS, 16, &a), 0);
	KT_EQ(alloc(ma, MB, L4RE_MA_CONTINUOUS | L4RE_MA_SUPER_PAGES, 20, &b), 0);
	/* One fault in a 64 KiB window maps all of it. */
	l4_addr_t v = va(K64, K64);
	KT_EQ(l4re_ds_map(a, 3 * PG, L4RE_DS_F_RW, v + 3 * PG, v, v + K64 - 1), 0);
	KT_EQ(mapped(v, NULL), 1);
	KT_EQ(mapped(v + K64 - PG, NULL), 1);
	/* 1 MiB likewise; a window of one page gets one page. */
	l4_addr_t w = va(MB, MB);
	KT_EQ(l4re_ds_map(b, 0x42000, L4RE_DS_F_R, w + 0x42000, w, w + MB - 1), 0);
	KT_EQ(mapped(w + MB - PG, NULL), 1);
	l4_addr_t x = va(2 * K64, K64);
	KT_EQ(map1(a, 0, L4RE_DS_F_R, x), 0);
	KT_EQ(mapped(x + PG, NULL), 0);
	/* A window whose alignment differs from the offset's: pages only. */
	KT_EQ(l4re_ds_map(a, 0, L4RE_DS_F_R, x + K64 + PG, x + K64, x + 2 * K64 - 1), 0);
	KT_EQ(mapped(x + K64 + 2 * PG, NULL), 0);
	memsrv_client_destroy(c);
}

KTEST(phys_is_refused_for_anonymous_memory)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, PG, 0, 12, &ds), 0);
	l4_addr_t phys;
	l4_size_t len;
	KT_EQ(l4re_ds_phys(ds, 0, &phys, &len), -L4_EINVAL);
	memsrv_client_destroy(c);
}

/* ---- device memory ---- */

KTEST(mmio_dataspace_for_a_device_client)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, true, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 0, 0, 12, &ds), -L4_EINVAL);
	KT_ASSERT(UART != 0);
	ds = kt_cap_alloc();
	KT_EQ(l4re_ma_alloc_mmio_srv(ma, UART, PG, ds), 0);
	KT_EQ(l4re_ds_flags(ds), L4RE_DS_F_RW | L4RE_DS_F_UNCACHEABLE);
	l4_addr_t phys = 0;
	l4_size_t len = 0;
	KT_EQ(l4re_ds_phys(ds, 0x10, &phys, &len), 0);
	KT_EQ(phys, UART + 0x10);
	KT_EQ(len, PG - 0x10);
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ds, 0, L4RE_DS_F_RX, v), -L4_EPERM);
	KT_EQ(map1(ds, 0, L4RE_DS_F_R | L4RE_DS_F_UNCACHEABLE, v), 0);
	KT_EQ(*word(v + UART_PERIPH) & 0xff, 0x11);
	KT_EQ(l4re_ds_clear(ds, 0, PG), -L4_EINVAL);
	KT_EQ(used_of(c), 0); /* device memory is not RAM */
	KT_EQ(l4re_ma_free(ds), 0);
	KT_EQ(mapped(v, NULL), 0);
	memsrv_client_destroy(c);
}

KTEST(mmio_refused_without_device_access)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds = kt_cap_alloc();
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(l4re_ma_alloc_mmio_srv(ma, UART, PG, ds), -L4_EPERM);
	KT_EQ(count_of(c), 0);
	memsrv_client_destroy(c);
}

KTEST(mmio_refused_outside_the_device_regions)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds = kt_cap_alloc();
	struct memsrv_client *c = client(LIMIT, true, &ma);
	KT_ASSERT(c != NULL);
	const struct keel_bootinfo *bi = l4re_bootinfo();
	KT_ASSERT(bi->device_count > 0);
	KT_EQ(l4re_ma_alloc_mmio_srv(ma, bi->ram_base, PG, ds), -L4_EINVAL);
	KT_EQ(l4re_ma_alloc_mmio_srv(ma, UART + 4, PG, ds), -L4_EINVAL);
	l4_addr_t end = bi->devices[0].base + bi->devices[0].size;
	KT_EQ(l4re_ma_alloc_mmio_srv(ma, end - PG, 2 * PG, ds), -L4_EINVAL);
	KT_EQ(l4re_ma_alloc_mmio_srv(ma, 0x1000, PG, ds), -L4_EINVAL);
	KT_EQ(count_of(c), 0);
	memsrv_client_destroy(c);
}

/* ---- boot modules ---- */

KTEST(module_dataspace_shows_the_module)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	unsigned long size = 0;
	const uint8_t *mod = module_data(MODULE, &size);
	KT_ASSERT(mod != NULL && size > PG);
	KT_EQ(open_module(ma, MODULE, &ds), 0);
	KT_EQ(l4re_ds_size(ds), (size + PG - 1) & L4_PAGEMASK);
	KT_EQ(l4re_ds_flags(ds), L4RE_DS_F_RWX);
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ds, 0, L4RE_DS_F_RX, v), 0);
	KT_EQ(*word(v), 0x464c457f); /* "\177ELF" */
	KT_EQ(memcmp((const void *)v, mod, PG), 0);
	KT_EQ(used_of(c), 0);
	l4_addr_t phys;
	l4_size_t len;
	KT_EQ(l4re_ds_phys(ds, 0, &phys, &len), -L4_EINVAL);
	memsrv_client_destroy(c);
}

KTEST(module_open_errors)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(open_module(ma, "no_such_module", &ds), -L4_ENOENT);
	KT_EQ(open_module(ma, "hello", &ds), -L4_ENOENT);
	KT_EQ(open_module(ma, "", &ds), -L4_ENOENT);
	/* A name without its terminating NUL. */
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_MA_OP_OPEN_MODULE;
	memcpy(&mr->mr[1], "hello_ch", 8);
	KT_EQ(raw_call(ma, L4RE_PROTO_MEM_ALLOC, 3), -L4_EINVAL);
	KT_EQ(raw_call(ma, L4RE_PROTO_MEM_ALLOC, 1), -L4_EMSGTOOSHORT);
	KT_EQ(count_of(c), 0);
	memsrv_client_destroy(c);
}

KTEST(module_write_makes_a_private_copy)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	unsigned long size = 0;
	const uint8_t *mod = module_data(MODULE, &size);
	KT_ASSERT(mod != NULL);
	unsigned long free0 = page_free_count();
	KT_EQ(open_module(ma, MODULE, &ds), 0);
	unsigned long free1 = page_free_count();
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ds, PG, L4RE_DS_F_RW, v), 0);
	KT_EQ(page_free_count(), free1 - 1);
	KT_EQ(used_of(c), PG);
	KT_EQ(memcmp((const void *)v, mod + PG, PG), 0);
	uint32_t orig = *(const uint32_t *)(mod + PG);
	*word(v) = ~orig;
	KT_EQ(*(const uint32_t *)(mod + PG), orig); /* the module itself is untouched */
	/* Writing the same page again copies nothing more. */
	l4_addr_t w = va(PG, PG);
	KT_EQ(map1(ds, PG, L4RE_DS_F_RW, w), 0);
	KT_EQ(*word(w), ~orig);
	KT_EQ(used_of(c), PG);
	memsrv_client_destroy(c);
	KT_EQ(page_free_count(), free0);
}

KTEST(module_copy_revokes_earlier_read_mappings)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(open_module(ma, MODULE, &ds), 0);
	l4_addr_t r = va(PG, PG), r2 = va(PG, PG), w = va(PG, PG);
	KT_EQ(map1(ds, 0, L4RE_DS_F_R, r), 0);
	KT_EQ(map1(ds, PG, L4RE_DS_F_R, r2), 0);
	uint32_t before = *word(r);
	KT_EQ(map1(ds, 0, L4RE_DS_F_RW, w), 0);
	*word(w) = 0x600df00d;
	/* The old read mapping showed the original: it is gone; the other page stays. */
	KT_EQ(mapped(r, NULL), 0);
	KT_EQ(mapped(r2, NULL), 1);
	KT_EQ(map1(ds, 0, L4RE_DS_F_R, r), 0);
	KT_EQ(*word(r), 0x600df00d);
	KT_ASSERT(before != 0x600df00d);
	memsrv_client_destroy(c);
}

KTEST(module_copy_is_not_seen_by_other_openers)
{
	KT_SCOPE();
	l4_cap_idx_t ma, mb, a, b;
	struct memsrv_client *ca = client(LIMIT, false, &ma);
	struct memsrv_client *cb = client(LIMIT, false, &mb);
	KT_ASSERT(ca && cb);
	KT_EQ(open_module(ma, MODULE, &a), 0);
	KT_EQ(open_module(mb, MODULE, &b), 0);
	l4_addr_t va_a = va(PG, PG), va_b = va(PG, PG);
	KT_EQ(map1(b, 0, L4RE_DS_F_R, va_b), 0);
	KT_EQ(map1(a, 0, L4RE_DS_F_RW, va_a), 0);
	*word(va_a) = 0x12345678;
	KT_EQ(*word(va_b), 0x464c457f);
	KT_EQ(mapped(va_b, NULL), 1);
	/* A second open by the same client is a new dataspace with the original too. */
	l4_cap_idx_t a2;
	KT_EQ(open_module(ma, MODULE, &a2), 0);
	l4_addr_t v2 = va(PG, PG);
	KT_EQ(map1(a2, 0, L4RE_DS_F_R, v2), 0);
	KT_EQ(*word(v2), 0x464c457f);
	KT_EQ(used_of(ca), PG);
	KT_EQ(used_of(cb), 0);
	memsrv_client_destroy(ca);
	memsrv_client_destroy(cb);
}

KTEST(module_write_needs_the_write_right)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(open_module(ma, MODULE, &ds), 0);
	l4_cap_idx_t ro = kt_copy(ds, L4_CAP_FPAGE_RO);
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ro, 0, L4RE_DS_F_RW, v), -L4_EPERM);
	KT_EQ(map1(ro, 0, L4RE_DS_F_RX, v), 0);
	KT_EQ(used_of(c), 0);
	memsrv_client_destroy(c);
}

KTEST(module_read_mappings_use_large_blocks)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(open_module(ma, MODULE, &ds), 0);
	unsigned long size = l4re_ds_size(ds);
	KT_ASSERT(size >= K64);
	l4_addr_t v = va(K64, K64);
	KT_EQ(l4re_ds_map(ds, PG, L4RE_DS_F_R, v + PG, v, v + K64 - 1), 0);
	KT_EQ(mapped(v + K64 - PG, NULL), 1);
	memsrv_client_destroy(c);
}

/* ---- limits and accounting ---- */

KTEST(limit_is_enforced_with_enomem)
{
	KT_SCOPE();
	l4_cap_idx_t ma, a, b;
	struct memsrv_client *c = client(8 * PG, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 6 * PG, 0, 12, &a), 0);
	KT_EQ(alloc(ma, 3 * PG, 0, 12, &b), -L4_ENOMEM);
	KT_EQ(alloc(ma, 3 * PG, L4RE_MA_CONTINUOUS, 12, &b), -L4_ENOMEM);
	KT_EQ(alloc(ma, 2 * PG, 0, 12, &b), 0);
	unsigned long used = 0, limit = 0, count = 0;
	KT_EQ(l4re_ma_usage_srv(ma, &used, &limit, &count), 0);
	KT_EQ(used, 8 * PG);
	KT_EQ(limit, 8 * PG);
	KT_EQ(count, 2);
	KT_EQ(l4re_ma_free(a), 0);
	KT_EQ(alloc(ma, 6 * PG, L4RE_MA_CONTINUOUS, 12, &a), 0);
	/* Far more than there is RAM. */
	struct memsrv_client *big = client(~0UL, false, &ma);
	KT_ASSERT(big != NULL);
	KT_EQ(alloc(ma, 0xf0000000UL, 0, 12, &a), -L4_ENOMEM);
	KT_EQ(count_of(big), 0);
	memsrv_client_destroy(big);
	memsrv_client_destroy(c);
}

KTEST(module_copy_over_the_limit_is_refused)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(PG, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(open_module(ma, MODULE, &ds), 0);
	l4_addr_t v = va(2 * PG, PG);
	KT_EQ(map1(ds, 0, L4RE_DS_F_RW, v), 0);
	KT_EQ(map1(ds, PG, L4RE_DS_F_RW, v + PG), -L4_ENOMEM);
	KT_EQ(map1(ds, PG, L4RE_DS_F_R, v + PG), 0); /* reading still works */
	KT_EQ(used_of(c), PG);
	memsrv_client_destroy(c);
}

KTEST(release_returns_usage_and_pages_to_the_start)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds[4];
	struct memsrv_client *c = client(LIMIT, true, &ma);
	KT_ASSERT(c != NULL);
	unsigned long free0 = page_free_count();
	KT_EQ(alloc(ma, 10 * PG, 0, 12, &ds[0]), 0);
	KT_EQ(alloc(ma, 3 * PG, L4RE_MA_CONTINUOUS, 14, &ds[1]), 0);
	KT_EQ(open_module(ma, MODULE, &ds[2]), 0);
	ds[3] = kt_cap_alloc();
	KT_EQ(l4re_ma_alloc_mmio_srv(ma, UART, PG, ds[3]), 0);
	l4_addr_t v = va(4 * PG, PG);
	KT_EQ(l4re_ds_allocate(ds[0], 0, 10 * PG), 0);
	for (unsigned i = 0; i < 4; i++)
		KT_EQ(map1(ds[i], 0, i == 3 ? L4RE_DS_F_R : L4RE_DS_F_RW, v + i * PG), 0);
	KT_EQ(used_of(c), 14 * PG);
	KT_EQ(count_of(c), 4);
	KT_ASSERT(page_free_count() < free0 - 14);
	for (unsigned i = 0; i < 4; i++) {
		KT_EQ(l4re_ma_free(ds[i]), 0);
		KT_EQ(mapped(v + i * PG, NULL), 0);
	}
	KT_EQ(used_of(c), 0);
	KT_EQ(count_of(c), 0);
	KT_EQ(page_free_count(), free0);
	/* The capabilities are dead. */
	KT_EQ(l4re_ds_size(ds[0]), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
	memsrv_client_destroy(c);
}

KTEST(release_needs_the_owner_right)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, PG, 0, 12, &ds), 0);
	KT_EQ(l4re_ma_free(kt_copy(ds, L4_CAP_FPAGE_RW)), -L4_EPERM);
	KT_EQ(count_of(c), 1);
	KT_EQ(l4re_ma_free(ds), 0);
	KT_EQ(count_of(c), 0);
	memsrv_client_destroy(c);
}

KTEST(client_destroy_frees_everything)
{
	KT_SCOPE();
	l4_cap_idx_t ma, a, b, m;
	unsigned long free0 = page_free_count();
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 64 * PG, 0, 12, &a), 0);
	KT_EQ(alloc(ma, 4 * PG, L4RE_MA_CONTINUOUS, 12, &b), 0);
	KT_EQ(open_module(ma, MODULE, &m), 0);
	l4_addr_t v = va(3 * PG, PG);
	KT_EQ(l4re_ds_allocate(a, 0, 64 * PG), 0);
	KT_EQ(map1(a, 5 * PG, L4RE_DS_F_RW, v), 0);
	KT_EQ(map1(b, 0, L4RE_DS_F_RW, v + PG), 0);
	KT_EQ(map1(m, 0, L4RE_DS_F_RW, v + 2 * PG), 0);
	KT_ASSERT(page_free_count() <= free0 - 69);
	memsrv_client_destroy(c);
	KT_EQ(page_free_count(), free0);
	for (unsigned i = 0; i < 3; i++)
		KT_EQ(mapped(v + i * PG, NULL), 0);
	KT_EQ(l4re_ds_size(a), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
	KT_EQ(l4re_ma_usage_srv(ma, NULL, NULL, NULL), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
}

/* ---- a client in another task ---- */

static struct {
	l4_cap_idx_t ds;
	l4_addr_t at;
	volatile long map_err, copy_err;
	volatile uint32_t val;
	volatile int done;
} other;

static void other_fn(void *arg)
{
	(void)arg;
	other.map_err = map1(other.ds, 0, L4RE_DS_F_RW, other.at);
	if (!other.map_err) {
		other.val = *word(other.at);
		*word(other.at + 4) = 0xfeed;
	}
	/* A capability of that task that is no dataspace of the server. */
	other.copy_err = l4re_ds_copy_in(other.ds, 0, L4_BASE_LOG_CAP, 0, 4);
	other.done = 1;
}

KTEST(client_in_another_task)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds, task, th;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, PG, L4RE_MA_CONTINUOUS, 12, &ds), 0);
	l4_addr_t phys;
	l4_size_t len;
	KT_EQ(l4re_ds_phys(ds, 0, &phys, &len), 0);
	*word(phys) = 0x0a0b0c0d;
	KT_EQ(kt_task_create(&task), 0);
	memset((void *)&other, 0, sizeof(other));
	other.ds = 0x30UL << L4_CAP_SHIFT;
	other.at = va(PG, PG);
	KT_EQ(kt_map(task, TASK, ds, other.ds, L4_CAP_FPAGE_RW), 0);
	KT_EQ(kt_task_thread_start(task, &th, other_fn, NULL, KT_MAIN_PRIO + 1), 0);
	KT_ASSERT(kt_wait_ge(&other.done, 1, KT_SAFETY_US));
	KT_EQ(other.map_err, 0);
	KT_EQ(other.val, 0x0a0b0c0d);
	KT_EQ(*word(phys + 4), 0xfeed);
	KT_EQ(other.copy_err, -L4_EINVAL);
	memsrv_client_destroy(c);
}

/* ---- bad requests ---- */

KTEST(bogus_dataspace_requests_get_errors)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds;
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(ma, 2 * PG, 0, 12, &ds), 0);
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = 99;
	KT_EQ(raw_call(ds, L4RE_PROTO_DATASPACE, 1), -L4_ENOSYS);
	mr->mr[0] = L4RE_DS_OP_INFO;
	KT_EQ(raw_call(ds, L4RE_PROTO_MEM_ALLOC, 1), -L4_EBADPROTO);
	KT_EQ(raw_call(ds, L4_PROTO_FACTORY, 1), -L4_EBADPROTO);
	KT_EQ(raw_call(ds, L4RE_PROTO_DATASPACE, 0), -L4_EMSGTOOSHORT);
	mr->mr[0] = L4RE_DS_OP_MAP;
	KT_EQ(raw_call(ds, L4RE_PROTO_DATASPACE, 3), -L4_EMSGTOOSHORT);
	mr->mr[0] = L4RE_DS_OP_COPY;
	KT_EQ(raw_call(ds, L4RE_PROTO_DATASPACE, 2), -L4_EMSGTOOSHORT);
	mr->mr[0] = L4RE_DS_OP_COPY;
	mr->mr[1] = mr->mr[2] = 0;
	mr->mr[3] = 4;
	KT_EQ(raw_call(ds, L4RE_PROTO_DATASPACE, 4), -L4_EINVAL); /* no source */
	/* A map with a window not around the address, and with unknown flag bits. */
	l4_addr_t v = va(PG, PG);
	mr->mr[0] = L4RE_DS_OP_MAP;
	mr->mr[1] = 0;
	mr->mr[2] = L4RE_DS_F_R;
	mr->mr[3] = v;
	mr->mr[4] = v + PG;
	mr->mr[5] = v + 2 * PG;
	KT_EQ(raw_call(ds, L4RE_PROTO_DATASPACE, 6), -L4_EINVAL);
	mr->mr[0] = L4RE_DS_OP_MAP;
	mr->mr[2] = 0x108;
	mr->mr[4] = v;
	KT_EQ(raw_call(ds, L4RE_PROTO_DATASPACE, 6), -L4_EINVAL);
	KT_EQ(map1(ds, 0, 0x8, v), -L4_EINVAL);
	KT_EQ(l4re_ds_clear(ds, PG, ~0UL), -L4_ERANGE);
	KT_EQ(l4re_ds_copy_in(ds, ~0UL, ds, 0, 2), -L4_ERANGE);
	memsrv_client_destroy(c);
}

KTEST(bogus_allocator_requests_get_errors)
{
	KT_SCOPE();
	l4_cap_idx_t ma, ds = kt_cap_alloc();
	struct memsrv_client *c = client(LIMIT, false, &ma);
	KT_ASSERT(c != NULL);
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = 7;
	KT_EQ(raw_call(ma, L4RE_PROTO_MEM_ALLOC, 1), -L4_ENOSYS);
	KT_EQ(raw_call(ma, L4RE_PROTO_MEM_ALLOC, 0), -L4_EMSGTOOSHORT);
	mr->mr[0] = L4RE_DS_OP_INFO;
	KT_EQ(raw_call(ma, L4RE_PROTO_DATASPACE, 1), -L4_EBADPROTO);
	KT_EQ(raw_call(ma, L4_PROTO_PAGE_FAULT, 1), -L4_EBADPROTO);
	/* Factory messages: the wrong object, too short, wrong argument types. */
	mr->mr[0] = (l4_umword_t)L4_PROTO_TASK;
	KT_EQ(raw_call(ma, L4_PROTO_FACTORY, 1), -L4_ENODEV);
	mr->mr[0] = L4RE_PROTO_DATASPACE;
	mr->mr[1] = L4_VARG_TYPE_UMWORD | 4 << 16;
	mr->mr[2] = PG;
	KT_EQ(raw_call(ma, L4_PROTO_FACTORY, 3), -L4_EMSGTOOSHORT);
	mr->mr[3] = L4_VARG_TYPE_STRING | 4 << 16;
	mr->mr[4] = 0;
	mr->mr[5] = L4_VARG_TYPE_UMWORD | 4 << 16;
	mr->mr[6] = 12;
	KT_EQ(raw_call(ma, L4_PROTO_FACTORY, 7), -L4_EINVAL);
	/* Bad sizes, flags and alignments. */
	KT_EQ(l4re_ma_alloc_srv(ma, 0, ds, 0, 12), -L4_EINVAL);
	KT_EQ(l4re_ma_alloc_srv(ma, ~0UL, ds, 0, 12), -L4_EINVAL);
	KT_EQ(l4re_ma_alloc_srv(ma, PG, ds, 0x80, 12), -L4_EINVAL);
	KT_EQ(l4re_ma_alloc_srv(ma, PG, ds, L4RE_MA_CONTINUOUS, 40), -L4_EINVAL);
	mr->mr[0] = L4RE_PROTO_DATASPACE;
	mr->mr[1] = L4_VARG_TYPE_UMWORD | 4 << 16;
	mr->mr[2] = PG;
	mr->mr[3] = L4_VARG_TYPE_UMWORD | 4 << 16;
	mr->mr[4] = L4RE_MA_MMIO;
	mr->mr[5] = L4_VARG_TYPE_UMWORD | 4 << 16;
	mr->mr[6] = 12;
	KT_EQ(raw_call(ma, L4_PROTO_FACTORY, 7), -L4_EMSGTOOSHORT); /* MMIO without address */
	KT_EQ(count_of(c), 0);
	KT_EQ(used_of(c), 0);
	memsrv_client_destroy(c);
}

/* A small xorshift generator: the fuzz loop is the same every run. */
static uint32_t rnd_state = 0x2545f491;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* A word that is often meaningful to the server: small, page-ish, or anything. */
static l4_umword_t fuzz_word(void)
{
	switch (rnd() % 4) {
	case 0:
		return rnd() % 16;
	case 1:
		return (rnd() % 64) * PG + rnd() % 3;
	case 2:
		return L4_VARG_TYPE_UMWORD | 4 << 16;
	default:
		return rnd();
	}
}

/* One random request to one of @caps; no receive buffer, so nothing can land here. */
static void fuzz_one(const l4_cap_idx_t *caps, unsigned ncaps)
{
	static const long protos[] = {L4RE_PROTO_DATASPACE, L4RE_PROTO_MEM_ALLOC, L4_PROTO_FACTORY,
				      L4_PROTO_PAGE_FAULT, 0};
	l4_msg_regs_t *mr = l4_utcb_mr();
	long proto = protos[rnd() % 5];
	if (proto == 0)
		proto = (long)(int16_t)rnd();
	unsigned words = rnd() % 8 == 0 ? rnd() % 64 : rnd() % 10;
	unsigned items = rnd() % 8 == 0 && words < 60 ? 1 : 0;
	if (words + 2 * items > L4_UTCB_GENERIC_DATA_SIZE)
		words = L4_UTCB_GENERIC_DATA_SIZE - 2 * items;
	for (unsigned i = 0; i < words; i++)
		mr->mr[i] = fuzz_word();
	if (words && rnd() % 2)
		mr->mr[0] = proto == L4_PROTO_FACTORY ? L4RE_PROTO_DATASPACE : rnd() % 9;
	if (items) {
		mr->mr[words] = l4_map_obj_control(0, 0);
		mr->mr[words + 1] = l4_obj_fpage(caps[rnd() % ncaps], 0, L4_CAP_FPAGE_RWS).raw;
	}
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = 0;
	l4_ipc_call(caps[rnd() % ncaps], l4_utcb(), l4_msgtag(proto, words, items, 0),
		    kt_safety_timeout());
}

KTEST(fuzzed_requests_leave_the_server_working)
{
	KT_SCOPE();
	l4_cap_idx_t caps[5];
	unsigned long free0 = page_free_count();
	struct memsrv_client *c = client(64 * PG, false, &caps[0]);
	KT_ASSERT(c != NULL);
	KT_EQ(alloc(caps[0], 8 * PG, 0, 12, &caps[1]), 0);
	KT_EQ(alloc(caps[0], 2 * PG, L4RE_MA_CONTINUOUS, 12, &caps[2]), 0);
	KT_EQ(open_module(caps[0], MODULE, &caps[3]), 0);
	caps[4] = kt_copy(caps[1], L4_CAP_FPAGE_RO);
	for (unsigned i = 0; i < 3000; i++)
		fuzz_one(caps, 5);
	/* Still serving: a fresh client allocates, maps and sees zeroes. */
	l4_cap_idx_t ma, ds;
	struct memsrv_client *d = client(LIMIT, false, &ma);
	KT_ASSERT(d != NULL);
	KT_EQ(alloc(ma, PG, 0, 12, &ds), 0);
	l4_addr_t v = va(PG, PG);
	KT_EQ(map1(ds, 0, L4RE_DS_F_RW, v), 0);
	KT_EQ(*word(v), 0);
	memsrv_client_destroy(d);
	memsrv_client_destroy(c);
	KT_EQ(page_free_count(), free0);
}
