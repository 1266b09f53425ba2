/* rm.c - the region mapper: this task's regions and areas, served by its pager thread. */
#include <l4/re/c/rm.h>
#include <l4/re/c/util/fpage.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

#define RM_MAX_REGIONS 128
#define RM_MAX_AREAS   32
/* Where SEARCH_ADDR looks: above the program image, below the environment page. */
#define RM_SEARCH_START 0x20000000UL
#define RM_SEARCH_END	L4RE_ENV_ADDR
/* Nothing may be attached above the UTCB/environment pages. */
#define RM_ADDR_END 0xbfe00000UL

/* A region (a dataspace attached) or an area (reserved addresses). End is exclusive. */
struct rm_range {
	l4_addr_t start, end;
	unsigned long flags;
	l4re_ds_t ds;
	l4_addr_t offset;
};

struct rm_set {
	struct rm_range *r;
	unsigned count, max;
};

static struct rm_range region_store[RM_MAX_REGIONS], area_store[RM_MAX_AREAS];
static struct rm_set regions = {region_store, 0, RM_MAX_REGIONS};
static struct rm_set areas = {area_store, 0, RM_MAX_AREAS};
static uint64_t rm_stack[1024];

/* ---- the tables (used by the region-mapper thread only) ---- */

static struct rm_range *set_find(struct rm_set *s, l4_addr_t addr)
{
	for (unsigned i = 0; i < s->count; i++)
		if (addr >= s->r[i].start && addr < s->r[i].end)
			return &s->r[i];
	return 0;
}

/* Some range of @s that overlaps [start, end), or NULL. */
static struct rm_range *set_overlap(struct rm_set *s, l4_addr_t start, l4_addr_t end)
{
	for (unsigned i = 0; i < s->count; i++)
		if (start < s->r[i].end && s->r[i].start < end)
			return &s->r[i];
	return 0;
}

static void set_remove(struct rm_set *s, struct rm_range *r)
{
	*r = s->r[--s->count];
}

static l4_addr_t align_up(l4_addr_t a, unsigned order)
{
	l4_addr_t mask = (1UL << order) - 1;
	return a + mask < a ? 0 : (a + mask) & ~mask;
}

/* The first range overlapping [start, end) that a new range must avoid. */
static struct rm_range *conflict(l4_addr_t start, l4_addr_t end, int in_area)
{
	struct rm_range *r = set_overlap(&regions, start, end);
	if (!r && !in_area)
		r = set_overlap(&areas, start, end);
	return r;
}

/*
 * Find the place of a new range of @size bytes: at *start, or (SEARCH_ADDR) the first
 * free, 2^align aligned place from *start on; IN_AREA ranges lie in the area around
 * *start and only avoid regions.
 */
static long place(l4_addr_t *start, unsigned long size, unsigned long flags, unsigned align)
{
	int in_area = (flags & L4RE_RM_F_IN_AREA) != 0;
	l4_addr_t lo = 0x1000, hi = RM_ADDR_END;
	if (size == 0 || size > hi || align > 31)
		return -L4_EINVAL;
	if (align < L4_PAGESHIFT)
		align = L4_PAGESHIFT;
	if (in_area) {
		struct rm_range *a = set_find(&areas, *start);
		if (!a)
			return -L4_ENOENT;
		lo = a->start;
		hi = a->end;
	} else if (flags & L4RE_RM_F_SEARCH_ADDR) {
		lo = *start > RM_SEARCH_START ? *start : RM_SEARCH_START;
		hi = RM_SEARCH_END;
	}
	if (!(flags & L4RE_RM_F_SEARCH_ADDR)) {
		if (*start & ~L4_PAGEMASK)
			return -L4_EINVAL;
		if (*start < lo || *start > hi || size > hi - *start ||
		    conflict(*start, *start + size, in_area))
			return -L4_EADDRNOTAVAIL;
		return 0;
	}
	l4_addr_t a = align_up(in_area && *start > lo ? *start : lo, align);
	while (a && a >= lo && a < hi && size <= hi - a) {
		struct rm_range *c = conflict(a, a + size, in_area);
		if (!c) {
			*start = a;
			return 0;
		}
		a = align_up(c->end, align);
	}
	return -L4_EADDRNOTAVAIL;
}

/* Remove every page mapping in [start, end) from @task, in aligned flexpages. */
static void unmap_range(l4_cap_idx_t task, l4_addr_t start, l4_addr_t end)
{
	while (start < end) {
		unsigned order = l4re_util_fpage_fit_order(start, end - start);
		l4_task_unmap(task, l4_fpage(start, order, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
		start += 1UL << order;
	}
}

/* ---- requests ---- */

static long rm_attach(l4_msg_regs_t *mr)
{
	l4_addr_t start = mr->mr[1];
	unsigned long size = (mr->mr[2] + L4_PAGESIZE - 1) & L4_PAGEMASK;
	unsigned long flags = mr->mr[3];
	l4re_ds_t ds = mr->mr[4] & L4_CAP_MASK;
	if (!(flags & L4RE_RM_F_RWX) || mr->mr[2] == 0 || (mr->mr[5] & ~L4_PAGEMASK))
		return -L4_EINVAL;
	if (regions.count == regions.max)
		return -L4_ENOMEM;
	long err = place(&start, size, flags, (unsigned)mr->mr[6]);
	if (err)
		return err;
	struct rm_range *r = &regions.r[regions.count++];
	r->start = start;
	r->end = start + size;
	r->flags = flags & L4RE_RM_REGION_FLAGS;
	r->ds = ds;
	r->offset = mr->mr[5];
	if (flags & L4RE_RM_F_EAGER_MAP) {
		err = l4re_ds_map_region(ds, r->offset, flags & (L4RE_RM_F_RWX | L4RE_RM_F_CACHING),
					 r->start, r->end - 1);
		if (err) {
			unmap_range(L4_BASE_TASK_CAP, r->start, r->end);
			set_remove(&regions, r);
			return err;
		}
	}
	mr->mr[0] = start;
	return 1;
}

/* The pages stay mapped: the client unmaps them in the task it names (as L4Re's). */
static long rm_detach(l4_msg_regs_t *mr)
{
	struct rm_range *r = set_find(&regions, mr->mr[1]);
	if (!r)
		return -L4_ENOENT;
	mr->mr[0] = r->ds;
	mr->mr[1] = r->start;
	mr->mr[2] = r->end - r->start;
	set_remove(&regions, r);
	return 3;
}

static long rm_reserve_area(l4_msg_regs_t *mr)
{
	l4_addr_t start = mr->mr[1];
	unsigned long size = (mr->mr[2] + L4_PAGESIZE - 1) & L4_PAGEMASK;
	unsigned long flags = mr->mr[3] & ~L4RE_RM_F_IN_AREA;
	if (mr->mr[2] == 0)
		return -L4_EINVAL;
	if (areas.count == areas.max)
		return -L4_ENOMEM;
	long err = place(&start, size, flags, (unsigned)mr->mr[4]);
	if (err)
		return err;
	struct rm_range *a = &areas.r[areas.count++];
	a->start = start;
	a->end = start + size;
	a->flags = (flags & L4RE_RM_REGION_FLAGS) | L4RE_RM_F_RESERVED;
	a->ds = L4_INVALID_CAP;
	a->offset = 0;
	mr->mr[0] = start;
	return 1;
}

static long rm_free_area(l4_msg_regs_t *mr)
{
	struct rm_range *a = set_find(&areas, mr->mr[1]);
	if (!a || a->start != mr->mr[1])
		return -L4_ENOENT;
	set_remove(&areas, a);
	return 0;
}

static long rm_find(l4_msg_regs_t *mr)
{
	struct rm_range *r = set_find(&regions, mr->mr[1]);
	if (!r)
		r = set_find(&areas, mr->mr[1]);
	if (!r)
		return -L4_ENOENT;
	mr->mr[0] = r->start;
	mr->mr[1] = r->end - r->start;
	mr->mr[2] = r->offset;
	mr->mr[3] = r->flags;
	mr->mr[4] = r->ds;
	return 5;
}

/* A page fault outside every region and area: the task's own pager resolves it. */
static long forward_fault(l4_umword_t pfa, l4_umword_t pc)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = pfa;
	mr->mr[1] = pc;
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = (l4_fpage_all().raw & ~0xfUL) | L4_ITEM_MAP;
	l4_msgtag_t tag = l4_ipc_call(L4_BASE_PAGER_CAP, l4_utcb(),
				      l4_msgtag(L4_PROTO_PAGE_FAULT, 2, 0, 0), L4_IPC_NEVER);
	long err = l4_error(tag);
	return err > 0 ? 0 : err;
}

/*
 * A page fault of one of this task's threads: the region's dataspace maps the page
 * (with W only for a write, so copy-on-write dataspaces copy only when needed).
 */
static long rm_fault(l4_umword_t pfa, l4_umword_t pc)
{
	l4_addr_t addr = pfa & L4_PAGEMASK;
	struct rm_range *r = set_find(&regions, addr);
	if (!r)
		return set_find(&areas, addr) ? -L4_EFAULT : forward_fault(pfa, pc);
	unsigned long want =
	    L4RE_DS_F_R | (pfa & 2 ? L4RE_DS_F_W : 0) | (pfa & 4 ? L4RE_DS_F_X : 0);
	if ((want & ~r->flags) & L4RE_DS_F_RWX)
		return -L4_EACCESS;
	unsigned long flags = want | (r->flags & (L4RE_DS_F_X | L4RE_RM_F_CACHING));
	return l4re_ds_map(r->ds, r->offset + (addr - r->start), flags, addr, r->start, r->end - 1);
}

/* One request; the reply's label (an error or 0) and its words. */
static l4_msgtag_t rm_dispatch(l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	long label = l4_msgtag_label(tag), r;
	unsigned words = l4_msgtag_words(tag);
	static const unsigned min_words[] = {7, 2, 5, 2, 2};
	if (label == L4_PROTO_PAGE_FAULT && words >= 2) {
		r = rm_fault(mr->mr[0], mr->mr[1]);
		return l4_msgtag(r < 0 ? r : 0, 0, 0, 0);
	}
	if (label != L4RE_PROTO_RM)
		return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
	if (words < 1 || mr->mr[0] > L4RE_RM_OP_FIND)
		return l4_msgtag(-L4_ENOSYS, 0, 0, 0);
	if (words < min_words[mr->mr[0]])
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	switch (mr->mr[0]) {
	case L4RE_RM_OP_ATTACH:
		r = rm_attach(mr);
		break;
	case L4RE_RM_OP_DETACH:
		r = rm_detach(mr);
		break;
	case L4RE_RM_OP_RESERVE_AREA:
		r = rm_reserve_area(mr);
		break;
	case L4RE_RM_OP_FREE_AREA:
		r = rm_free_area(mr);
		break;
	default:
		r = rm_find(mr);
		break;
	}
	return r < 0 ? l4_msgtag(r, 0, 0, 0) : l4_msgtag(0, (unsigned)r, 0, 0);
}

static void rm_loop(void)
{
	l4_umword_t label;
	l4_msgtag_t tag;
	for (;;) {
		do
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
		while (l4_msgtag_has_error(tag));
		do
			tag = l4_ipc_reply_and_wait(l4_utcb(), rm_dispatch(tag), &label,
						    L4_IPC_NEVER);
		while (!l4_msgtag_has_error(tag));
	}
}

/**
 * l4re_rm_start() - start this task's region mapper thread in the capability slot
 * @e->rm, paged by the task's pager (L4_BASE_PAGER_CAP), which also handles its
 * exceptions (as it does the main thread's), and make it the pager of
 * the main thread. Called at start-up of loaded programs.
 * Return: 0 or a negative error (the program then runs without a region mapper).
 */
long l4re_rm_start(l4re_env_t *e);
long l4re_rm_start(l4re_env_t *e)
{
	l4_utcb_t *utcb = (l4_utcb_t *)e->first_free_utcb;
	long err = l4_error(l4_factory_create_thread(e->factory, e->rm));
	if (err)
		return err;
	l4_thread_control_start();
	l4_thread_control_pager(L4_BASE_PAGER_CAP);
	l4_thread_control_exc_handler(L4_BASE_PAGER_CAP); /* the parent hears of its faults */
	l4_thread_control_bind(utcb, L4_BASE_TASK_CAP);
	err = l4_error(l4_thread_control_commit(e->rm));
	if (!err)
		err = l4_error(
		    l4_thread_ex_regs(e->rm, (l4_addr_t)rm_loop, (l4_addr_t)&rm_stack[1024], 0));
	l4_sched_param_t sp = l4_sched_param(e->main_prio ? e->main_prio : 1, 0);
	if (!err)
		err = l4_error(l4_scheduler_run_thread(e->scheduler, e->rm, &sp));
	if (!err) {
		l4_thread_control_start();
		l4_thread_control_pager(e->rm);
		err = l4_error(l4_thread_control_commit(e->main_thread));
	}
	if (err) {
		l4_task_release_cap(L4_BASE_TASK_CAP, e->rm);
		e->rm = L4_INVALID_CAP;
		return err;
	}
	e->first_free_utcb += L4_UTCB_OFFSET;
	return 0;
}

/* ---- client side ---- */

static long rm_call(l4_cap_idx_t rm, unsigned words)
{
	return l4_error(
	    l4_ipc_call(rm, l4_utcb(), l4_msgtag(L4RE_PROTO_RM, words, 0, 0), L4_IPC_NEVER));
}

int l4re_rm_attach_srv(l4_cap_idx_t rm, void **start, unsigned long size, l4re_rm_flags_t flags,
		       l4re_ds_t mem, l4re_rm_offset_t offs, unsigned char align)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_RM_OP_ATTACH;
	mr->mr[1] = (l4_addr_t)*start;
	mr->mr[2] = size;
	mr->mr[3] = flags;
	mr->mr[4] = mem;
	mr->mr[5] = offs;
	mr->mr[6] = align;
	long err = rm_call(rm, 7);
	if (err < 0)
		return (int)err;
	*start = (void *)mr->mr[0];
	return 0;
}

int l4re_rm_detach_srv(l4_cap_idx_t rm, l4_addr_t addr, l4re_ds_t *ds, l4_cap_idx_t task)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_RM_OP_DETACH;
	mr->mr[1] = addr;
	long err = rm_call(rm, 2);
	if (err < 0)
		return (int)err;
	l4_addr_t start = mr->mr[1];
	unsigned long size = mr->mr[2];
	if (ds)
		*ds = mr->mr[0];
	if (l4_is_valid_cap(task))
		unmap_range(task, start, start + size);
	return 0;
}

int l4re_rm_reserve_area_srv(l4_cap_idx_t rm, l4_addr_t *start, unsigned long size,
			     l4re_rm_flags_t flags, unsigned char align)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_RM_OP_RESERVE_AREA;
	mr->mr[1] = *start;
	mr->mr[2] = size;
	mr->mr[3] = flags;
	mr->mr[4] = align;
	long err = rm_call(rm, 5);
	if (err < 0)
		return (int)err;
	*start = mr->mr[0];
	return 0;
}

int l4re_rm_free_area_srv(l4_cap_idx_t rm, l4_addr_t addr)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_RM_OP_FREE_AREA;
	mr->mr[1] = addr;
	return (int)rm_call(rm, 2);
}

int l4re_rm_find_srv(l4_cap_idx_t rm, l4_addr_t *addr, unsigned long *size,
		     l4re_rm_offset_t *offset, l4re_rm_flags_t *flags, l4re_ds_t *m)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_RM_OP_FIND;
	mr->mr[1] = *addr;
	long err = rm_call(rm, 2);
	if (err < 0)
		return (int)err;
	*addr = mr->mr[0];
	*size = mr->mr[1];
	*offset = mr->mr[2];
	*flags = mr->mr[3];
	*m = mr->mr[4];
	return 0;
}

int l4re_rm_attach(void **start, unsigned long size, l4re_rm_flags_t flags, l4re_ds_t mem,
		   l4re_rm_offset_t offs, unsigned char align)
{
	return l4re_rm_attach_srv(l4re_env()->rm, start, size, flags, mem, offs, align);
}

int l4re_rm_detach(void *addr)
{
	return l4re_rm_detach_srv(l4re_env()->rm, (l4_addr_t)addr, 0, L4_BASE_TASK_CAP);
}

int l4re_rm_detach_ds(void *addr, l4re_ds_t *ds)
{
	return l4re_rm_detach_srv(l4re_env()->rm, (l4_addr_t)addr, ds, L4_BASE_TASK_CAP);
}

int l4re_rm_detach_unmap(l4_addr_t addr, l4_cap_idx_t task)
{
	return l4re_rm_detach_srv(l4re_env()->rm, addr, 0, task);
}

int l4re_rm_detach_ds_unmap(void *addr, l4re_ds_t *ds, l4_cap_idx_t task)
{
	return l4re_rm_detach_srv(l4re_env()->rm, (l4_addr_t)addr, ds, task);
}

int l4re_rm_reserve_area(l4_addr_t *start, unsigned long size, l4re_rm_flags_t flags,
			 unsigned char align)
{
	return l4re_rm_reserve_area_srv(l4re_env()->rm, start, size, flags, align);
}

int l4re_rm_free_area(l4_addr_t addr)
{
	return l4re_rm_free_area_srv(l4re_env()->rm, addr);
}

int l4re_rm_find(l4_addr_t *addr, unsigned long *size, l4re_rm_offset_t *offset,
		 l4re_rm_flags_t *flags, l4re_ds_t *m)
{
	return l4re_rm_find_srv(l4re_env()->rm, addr, size, offset, flags, m);
}
