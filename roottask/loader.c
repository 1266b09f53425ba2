/* loader.c - load ELF boot modules into new tasks and page them from the root task. */
#include "loader.h"
#include "elf.h"
#include <l4/keel/bootinfo.h>
#include <l4/re/env.h>
#include <l4/re/parent.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <string.h>

/* Where the loader keeps its capabilities in the root task (above what tests use). */
#define LOADER_FIRST_SLOT 0x1000UL
/* The pager thread: the root task's last UTCB, a stack of its own, high priority. */
#define PAGER_UTCB  (0xbff00000UL + 127 * L4_UTCB_OFFSET)
#define PAGER_PRIO  200
#define CHILD_UTCB  0xbff00000UL
#define LABEL_PAGER 0x4
#define LABEL_EXIT  0x8

struct loader_program {
	bool used;
	bool exited;
	int status;
	const uint8_t *data;
	size_t size;
	struct elf_image img;
	l4_cap_idx_t task, thread, factory, pager_gate, parent_gate;
};

static struct loader_program programs[LOADER_MAX_PROGRAMS];
static const struct keel_bootinfo *bootinfo;
static unsigned long next_slot = LOADER_FIRST_SLOT;
static l4_addr_t ram_top;
static volatile unsigned faults_served;
static l4_cap_idx_t pager_thread = L4_INVALID_CAP;
static uint64_t pager_stack[1024];

static l4_cap_idx_t slot_alloc(void)
{
	return next_slot++ << L4_CAP_SHIFT;
}

/* Pages for writable segments come from the top of the root task's RAM. */
static void *page_alloc(void)
{
	if (ram_top - L4_PAGESIZE < bootinfo->ram_base + bootinfo->ram_size / 2)
		return NULL;
	ram_top -= L4_PAGESIZE;
	memset((void *)ram_top, 0, L4_PAGESIZE);
	return (void *)ram_top;
}

static const struct elf_segment *segment_at(const struct loader_program *p, l4_addr_t page)
{
	for (unsigned i = 0; i < p->img.count; i++) {
		const struct elf_segment *s = &p->img.segs[i];
		l4_addr_t lo = s->vaddr & L4_PAGEMASK;
		l4_addr_t hi = (s->vaddr + s->memsz + L4_PAGESIZE - 1) & L4_PAGEMASK;
		if (page >= lo && page < hi)
			return s;
	}
	return NULL;
}

/*
 * The page (in the root task) that backs @page of @p: read-only pages entirely from
 * the file are the module's own; others are fresh copies (file bytes, then zeroes).
 */
static l4_addr_t backing_page(const struct loader_program *p, const struct elf_segment *s,
			      l4_addr_t page)
{
	bool in_file =
	    page >= (s->vaddr & L4_PAGEMASK) && page + L4_PAGESIZE <= s->vaddr + s->filesz;
	if (!(s->rights & L4_FPAGE_W) && in_file && page >= s->vaddr)
		return (l4_addr_t)p->data + s->offset + (page - s->vaddr);
	uint8_t *copy = page_alloc();
	if (!copy)
		return 0;
	l4_addr_t lo = page > s->vaddr ? page : s->vaddr;
	l4_addr_t hi = page + L4_PAGESIZE;
	if (hi > s->vaddr + s->filesz)
		hi = s->vaddr + s->filesz;
	if (lo < hi)
		memcpy(copy + (lo - page), p->data + s->offset + (lo - s->vaddr), hi - lo);
	return (l4_addr_t)copy;
}

/* One page fault of a loaded program: the reply in the UTCB, its tag returned. */
static l4_msgtag_t serve_fault(l4_umword_t label, l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	unsigned idx = label >> 4;
	if (l4_msgtag_label(tag) != L4_PROTO_PAGE_FAULT || (label & 0xc) != LABEL_PAGER ||
	    idx >= LOADER_MAX_PROGRAMS || !programs[idx].used)
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	struct loader_program *p = &programs[idx];
	l4_addr_t page = mr->mr[0] & L4_PAGEMASK;
	const struct elf_segment *s = segment_at(p, page);
	l4_addr_t backing = s ? backing_page(p, s, page) : 0;
	if (!backing)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0); /* becomes an exception */
	mr->mr[0] = l4_map_control(page, 0, 0);
	mr->mr[1] = l4_fpage(backing, L4_PAGESHIFT, (unsigned char)s->rights).raw;
	faults_served++;
	return l4_msgtag(0, 0, 1, 0);
}

static void pager_loop(void)
{
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msgtag_t reply = serve_fault(label, tag);
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

unsigned loader_faults_served(void)
{
	return faults_served;
}

int loader_init(void)
{
	bootinfo = l4re_bootinfo();
	if (!bootinfo)
		return -L4_ENODEV;
	if (l4_is_valid_cap(pager_thread))
		return 0;
	ram_top = bootinfo->ram_base + bootinfo->ram_size;
	pager_thread = slot_alloc();
	long err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, pager_thread));
	if (err)
		return (int)err;
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)PAGER_UTCB, L4_BASE_TASK_CAP);
	err = l4_error(l4_thread_control_commit(pager_thread));
	if (!err)
		err = l4_error(l4_thread_ex_regs(pager_thread, (l4_addr_t)pager_loop,
						 (l4_addr_t)&pager_stack[1024], 0));
	l4_sched_param_t sp = l4_sched_param(PAGER_PRIO, 0);
	if (!err)
		err = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, pager_thread, &sp));
	return (int)err;
}

static bool find_module(const char *name, const uint8_t **data, size_t *size)
{
	const struct keel_bootmod_header *h = (const void *)bootinfo->modules;
	const struct keel_bootmod_entry *e = (const void *)(h + 1);
	if (h->magic != KEEL_BOOTMOD_MAGIC || h->count > KEEL_BOOTMOD_MAX)
		return false;
	for (unsigned i = 0; i < h->count; i++) {
		if (strncmp(e[i].name, name, KEEL_BOOTMOD_NAME_LEN) == 0) {
			*data = (const uint8_t *)h + e[i].offset;
			*size = e[i].size;
			return true;
		}
	}
	return false;
}

static long give(l4_cap_idx_t task, l4_cap_idx_t cap, l4_cap_idx_t slot, unsigned rights)
{
	return l4_error(l4_task_map(task, L4_BASE_TASK_CAP,
				    l4_obj_fpage(cap, 0, (unsigned char)rights),
				    l4_map_obj_control(slot, 0)));
}

/* Objects and capabilities of a new program; its thread not yet started. */
static long build(struct loader_program *p, unsigned idx, unsigned long kmem_limit)
{
	long err = 0;
	p->task = slot_alloc();
	p->thread = slot_alloc();
	p->factory = slot_alloc();
	p->pager_gate = slot_alloc();
	p->parent_gate = slot_alloc();
	err = l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, p->task,
					      l4_fpage(CHILD_UTCB, 12, L4_FPAGE_RW)));
	if (!err)
		err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, p->thread));
	if (!err)
		err = l4_error(
		    l4_factory_create_factory(L4_BASE_FACTORY_CAP, p->factory, kmem_limit));
	if (!err)
		err = l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, p->pager_gate,
						      pager_thread, (idx << 4) | LABEL_PAGER));
	if (!err)
		err = l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, p->parent_gate,
						      L4_BASE_THREAD_CAP, (idx << 4) | LABEL_EXIT));
	if (!err)
		err = give(p->task, p->task, L4_BASE_TASK_CAP, L4_CAP_FPAGE_RWS);
	if (!err)
		err = give(p->task, p->factory, L4_BASE_FACTORY_CAP, L4_CAP_FPAGE_RWS);
	if (!err)
		err = give(p->task, p->thread, L4_BASE_THREAD_CAP, L4_CAP_FPAGE_RWS);
	if (!err)
		err = give(p->task, p->pager_gate, L4_BASE_PAGER_CAP, L4_CAP_FPAGE_RWS);
	if (!err)
		err = give(p->task, L4_BASE_LOG_CAP, L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW);
	if (!err)
		err = give(p->task, L4_BASE_SCHEDULER_CAP, L4_BASE_SCHEDULER_CAP, L4_CAP_FPAGE_RWS);
	if (!err)
		err = give(p->task, p->parent_gate, L4RE_PARENT_CAP, L4_CAP_FPAGE_RWS);
	if (err)
		return err;
	l4_thread_control_start();
	l4_thread_control_pager(L4_BASE_PAGER_CAP);
	l4_thread_control_bind((l4_utcb_t *)CHILD_UTCB, p->task);
	return l4_error(l4_thread_control_commit(p->thread));
}

struct loader_program *loader_start(const char *name, unsigned prio, unsigned long kmem_limit,
				    const char **why)
{
	unsigned idx = 0;
	while (idx < LOADER_MAX_PROGRAMS && programs[idx].used)
		idx++;
	if (idx == LOADER_MAX_PROGRAMS) {
		*why = "too many programs";
		return NULL;
	}
	struct loader_program *p = &programs[idx];
	memset(p, 0, sizeof(*p));
	if (!bootinfo || !find_module(name, &p->data, &p->size)) {
		*why = "no such boot module";
		return NULL;
	}
	if (elf_check(p->data, p->size, 0x10000, CHILD_UTCB & ~0xfffffUL, &p->img, why))
		return NULL;
	p->used = true;
	l4_sched_param_t sp = l4_sched_param(prio, 0);
	if (build(p, idx, kmem_limit) ||
	    l4_error(l4_thread_ex_regs(p->thread, p->img.entry, 0, 0)) ||
	    l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, p->thread, &sp))) {
		*why = "out of kernel memory";
		loader_kill(p);
		return NULL;
	}
	return p;
}

long loader_wait(struct loader_program *p, int *status, l4_timeout_t timeout)
{
	while (!p->exited) {
		l4_umword_t label = 0;
		l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, timeout);
		long err = l4_ipc_error(tag, l4_utcb());
		if (err)
			return -(L4_EIPC_LO + err);
		unsigned idx = label >> 4;
		if (l4_msgtag_label(tag) == L4RE_PROTO_PARENT && (label & 0xc) == LABEL_EXIT &&
		    idx < LOADER_MAX_PROGRAMS && programs[idx].used &&
		    l4_utcb_mr()->mr[0] == L4RE_PARENT_EXIT) {
			programs[idx].exited = true;
			programs[idx].status = (int)l4_utcb_mr()->mr[1];
		}
	}
	*status = p->status;
	return 0;
}

void loader_kill(struct loader_program *p)
{
	l4_cap_idx_t caps[] = {p->task, p->thread, p->factory, p->pager_gate, p->parent_gate};
	for (unsigned i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (caps[i])
			l4_task_delete_obj(L4_BASE_TASK_CAP, caps[i]);
	p->used = false;
}
