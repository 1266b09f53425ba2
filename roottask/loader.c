/* loader.c - load ELF boot modules into new tasks and page them from the root task. */
#include "loader.h"
#include "elf.h"
#include "memsrv.h"
#include "page_alloc.h"
#include "root_utcb.h"
#include <l4/keel/bootinfo.h>
#include <l4/re/c/rm.h>
#include <l4/re/env.h>
#include <l4/re/parent.h>
#include <l4/sys/debugger.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include <stdio.h>
#include <string.h>

/* Where the loader keeps its capabilities in the root task (above what tests use). */
#define LOADER_FIRST_SLOT  0x1000UL
#define PROGRAM_FIRST_SLOT 0x1010UL /* 8 for each program */
/* The pager thread: a UTCB of the root task (root_utcb.h), a stack of its own, high
 * priority. */
#define PAGER_PRIO  200
#define LABEL_PAGER 0x4
#define LABEL_EXIT  0x8
#define LABEL_EVENT 0xc /* the pager's IRQ to the parent: a program stopped */
/* Named capabilities go to slots from here; the program allocates above them. */
#define CHILD_NAMED_SLOT LOADER_NAMED_SLOT
#define CHILD_FIRST_FREE LOADER_FIRST_FREE_SLOT
/*
 * A program's address space is laid out like the root task's: its UTCB area (one page,
 * 8 UTCBs; its main thread has the first) where the kernel puts the root task's, its
 * environment page (L4RE_ENV_ADDR) where the root task has its boot info.
 */
#define PROGRAM_UTCB_AREA  KEEL_ROOT_UTCB_AREA
#define PROGRAM_UTCB_ORDER L4_PAGESHIFT
/* Where a program's ELF segments may lie: above its first 64 KiB (so that null
 * pointers fault), below its environment page, the lowest of what the loader and the
 * kernel put at the top (environment, KIP, UTCBs): a segment there would be hidden. */
#define PROGRAM_LOWEST_ADDR  0x10000UL
#define PROGRAM_HIGHEST_ADDR L4RE_ENV_ADDR
_Static_assert(L4RE_ENV_ADDR < L4_KIP_ADDR && L4_KIP_ADDR < PROGRAM_UTCB_AREA,
	       "the environment page is the lowest of the reserved pages");
/* Pages one program may get from the pager (its image, bss, stack, environment). */
#define PROGRAM_MAX_PAGES 1024

/*
 * The pages a program was given, so that they can be taken back, and where each is in
 * the program, so that a second fault on it gets the same page (backing_page()).
 */
struct page_list {
	unsigned count;
	struct {
		l4_addr_t vaddr; /* in the program */
		l4_addr_t frame; /* in the root task */
	} page[PROGRAM_MAX_PAGES];
};

/* A program's options, kept for its restarts: the caller's strings are copied. */
struct saved_opts {
	char name[KEEL_BOOTMOD_NAME_LEN + 1];
	struct loader_opts o;
	struct loader_cap caps[LOADER_MAX_CAPS];
	char cap_names[LOADER_MAX_CAPS][17];
	struct loader_attach attach[LOADER_MAX_CAPS];
	const char *argv[LOADER_MAX_ARGS + 1];
	unsigned short arg_at[LOADER_MAX_ARGS];
	char args[LOADER_ARGS_SIZE];
};

struct loader_program {
	bool used;
	volatile bool ended; /* exited, stopped on a fault, or deleted */
	bool reported;	     /* ... and loader_wait*() said so */
	volatile int status;
	unsigned starts;
	struct loader_fault fault;
	struct saved_opts saved;
	const uint8_t *data;
	size_t size;
	struct elf_image img;
	l4_cap_idx_t task, thread, factory, pager_gate, parent_gate, mem_alloc, sched;
	struct memsrv_client *mem;
	l4_addr_t env_page;	 /* its environment page (in the root task) */
	struct page_list *pages; /* its pages (a list in a page run of its own) */
	unsigned long page_limit;
};

static struct loader_program programs[LOADER_MAX_PROGRAMS];
static const struct keel_bootinfo *bootinfo;
static unsigned long next_slot = LOADER_FIRST_SLOT;
static volatile unsigned faults_served;
static l4_cap_idx_t pager_thread = L4_INVALID_CAP;
static l4_cap_idx_t event_irq = L4_INVALID_CAP; /* pager -> parent: a program stopped */
static uint64_t pager_stack[1024];

static l4_cap_idx_t slot_alloc(void)
{
	return next_slot++ << L4_CAP_SHIFT;
}

/* Slot @k of program @idx's own capabilities: the same for each restart. */
static l4_cap_idx_t program_slot(unsigned idx, unsigned k)
{
	return (PROGRAM_FIRST_SLOT + idx * 8 + k) << L4_CAP_SHIFT;
}

/* A zeroed page for @p at @vaddr, remembered so that loader_kill() gives it back. */
static void *page_alloc_for(struct loader_program *p, l4_addr_t vaddr)
{
	if (p->pages->count == PROGRAM_MAX_PAGES || p->pages->count >= p->page_limit)
		return NULL;
	l4_addr_t page = page_alloc(1, L4_PAGESHIFT);
	if (!page)
		return NULL;
	memset((void *)page, 0, L4_PAGESIZE);
	p->pages->page[p->pages->count].vaddr = vaddr;
	p->pages->page[p->pages->count++].frame = page;
	return (void *)page;
}

/* The page @p was given at @vaddr before, or 0. A linear search: a program has at most
 * PROGRAM_MAX_PAGES, and the fault's IPC costs more than the loop. */
static l4_addr_t page_given(const struct loader_program *p, l4_addr_t vaddr)
{
	for (unsigned i = 0; i < p->pages->count; i++)
		if (p->pages->page[i].vaddr == vaddr)
			return p->pages->page[i].frame;
	return 0;
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
 * the file are the module's own; others are copies (file bytes, then zeroes), made at
 * the first fault and the same one at every later fault on the page.
 *
 * Why later faults must not get a fresh copy: a fault can reach the pager after the
 * page was given already. A region mapper forwards its client's fault after it ran
 * itself, and its own faults (on its stack, in .bss like the client's data) come here
 * directly; two threads can fault on one page at once. The kernel replaces what is
 * mapped at the address (it does not merge), so a fresh copy would silently throw
 * away what the program wrote to the page since, such as the region mapper's own
 * stack frames.
 */
static l4_addr_t backing_page(struct loader_program *p, const struct elf_segment *s, l4_addr_t page)
{
	bool in_file =
	    page >= (s->vaddr & L4_PAGEMASK) && page + L4_PAGESIZE <= s->vaddr + s->filesz;
	if (!(s->rights & L4_FPAGE_W) && in_file && page >= s->vaddr)
		return (l4_addr_t)p->data + s->offset + (page - s->vaddr);
	l4_addr_t given = page_given(p, page);
	if (given)
		return given;
	uint8_t *copy = page_alloc_for(p, page);
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

/* The program whose gate of kind @kind (LABEL_PAGER, LABEL_EXIT) sent @label. */
static struct loader_program *program_of(l4_umword_t label, unsigned kind)
{
	unsigned idx = label >> 4;
	if ((label & 0xc) != kind || idx >= LOADER_MAX_PROGRAMS || !programs[idx].used)
		return NULL;
	return &programs[idx];
}

/* @p has ended with @status: remember it, and wake the parent if it is another
 * thread (@wake) than the one that noticed. */
static void program_ended(struct loader_program *p, int status, bool wake)
{
	if (p->ended)
		return;
	p->status = status;
	p->ended = true;
	if (wake)
		l4_irq_trigger(event_irq);
}

static const char *exception_name(unsigned exc_class)
{
	switch (exc_class) {
	case L4_EXC_CLASS_UNKNOWN:
		return "undefined instruction";
	case L4_EXC_CLASS_SVC:
		return "invalid system call";
	case L4_EXC_CLASS_PREFETCH_ABORT:
		return "prefetch abort";
	case L4_EXC_CLASS_DATA_ABORT:
		return "data abort";
	default:
		return "exception";
	}
}

/*
 * A thread of @p raised an exception nobody else handles (the loader is every
 * program's last exception handler): the program is stopped, which the parent is
 * told. The thread gets no reply and stays blocked until the program is deleted.
 */
static void program_faulted(struct loader_program *p)
{
	const l4_exc_regs_t *r = l4_utcb_exc();
	p->fault.pfa = r->pfa;
	p->fault.err = r->err;
	p->fault.pc = r->pc;
	unsigned cls = l4_exc_class(r);
	bool abort = cls == L4_EXC_CLASS_DATA_ABORT || cls == L4_EXC_CLASS_PREFETCH_ABORT;
	/* One write of a line of its own (stdio's buffer belongs to the main thread), to
	 * the kernel log: the program that stopped may be the console itself. */
	char line[192];
	int n = snprintf(line, sizeof(line), "loader: %s stopped: %s", p->saved.name,
			 exception_name(cls));
	if (abort)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " at address %08lx",
			      (unsigned long)r->pfa);
	n += snprintf(line + n, sizeof(line) - (size_t)n, ", pc %08lx, lr %08lx, sp %08lx\n",
		      (unsigned long)r->pc, (unsigned long)r->ulr, (unsigned long)r->sp);
	l4_vcon_write(L4_BASE_LOG_CAP, line, (unsigned)strlen(line));
	program_ended(p, LOADER_FAULTED, true);
}

_Static_assert(LOADER_CAP_ROM == L4RE_ENV_CAP_F_ROM, "the rom bit is the environment's");

/* One page fault of a loaded program @p: the reply in the UTCB, its tag returned. */
static l4_msgtag_t serve_fault(struct loader_program *p, l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	if (!p || l4_msgtag_label(tag) != L4_PROTO_PAGE_FAULT)
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	l4_addr_t page = mr->mr[0] & L4_PAGEMASK;
	l4_addr_t backing = 0;
	unsigned rights = L4_FPAGE_RW;
	if (page == L4RE_ENV_ADDR) {
		backing = p->env_page;
	} else {
		const struct elf_segment *s = segment_at(p, page);
		backing = s ? backing_page(p, s, page) : 0;
		rights = s ? s->rights : 0;
	}
	if (!backing)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0); /* becomes an exception */
	mr->mr[0] = l4_map_control(page, 0, 0);
	mr->mr[1] = l4_fpage(backing, L4_PAGESHIFT, (unsigned char)rights).raw;
	faults_served++;
	return l4_msgtag(0, 0, 1, 0);
}

/* The pager thread: page faults of loaded programs, and their last exceptions. */
static void pager_loop(void)
{
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		struct loader_program *p = program_of(label, LABEL_PAGER);
		if (p && !l4_msgtag_has_error(tag) && l4_msgtag_label(tag) == L4_PROTO_EXCEPTION) {
			program_faulted(p);
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		l4_msgtag_t reply = serve_fault(p, tag);
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
	int e = memsrv_init();
	if (e)
		return e;
	event_irq = slot_alloc();
	long err = l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, event_irq));
	if (!err)
		err = l4_error(l4_rcv_ep_bind_thread(event_irq, L4_BASE_THREAD_CAP, LABEL_EVENT));
	if (err)
		return (int)err;
	pager_thread = slot_alloc();
	err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, pager_thread));
	if (err)
		return (int)err;
	l4_thread_control_start();
	l4_thread_control_bind(root_utcb(ROOT_UTCB_PAGER), L4_BASE_TASK_CAP);
	err = l4_error(l4_thread_control_commit(pager_thread));
	if (!err)
		err = l4_error(l4_thread_ex_regs(pager_thread, (l4_addr_t)pager_loop,
						 (l4_addr_t)&pager_stack[1024], 0));
	l4_sched_param_t sp = l4_sched_param(PAGER_PRIO, 0);
	if (!err)
		err = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, pager_thread, &sp));
	return (int)err;
}

bool loader_find_module(const char *name, const uint8_t **data, size_t *size)
{
	if (!bootinfo)
		return false;
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

/* Map @cap to @task's @slot: @rights' low bits are L4_CAP_FPAGE_*, the high ones
 * L4_FPAGE_C_OBJ_RIGHT* (such as the server right of a gate). */
static long give(l4_cap_idx_t task, l4_cap_idx_t cap, l4_cap_idx_t slot, unsigned rights)
{
	return l4_error(
	    l4_task_map(task, L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, (unsigned char)(rights & 0xf)),
			l4_map_control(slot, (unsigned char)((rights & 0xf0) >> 4), 0)));
}

/* The slot named capability @i of @o goes to in the program. */
static unsigned named_slot(const struct loader_opts *o, unsigned i)
{
	return o->caps[i].slot ? o->caps[i].slot : CHILD_NAMED_SLOT + i;
}

/* Are @o's named capabilities' slots in the named range, each used once? */
static bool named_slots_ok(const struct loader_opts *o)
{
	for (unsigned i = 0; i < o->cap_count; i++) {
		unsigned s = named_slot(o, i);
		if (s < CHILD_NAMED_SLOT || s >= CHILD_FIRST_FREE)
			return false;
		for (unsigned k = 0; k < i; k++)
			if (named_slot(o, k) == s)
				return false;
	}
	return true;
}

/* Copy @str into the environment page at *@at; return its address in the child. */
static char *env_string(l4_addr_t page, size_t *at, const char *str)
{
	size_t len = strlen(str) + 1;
	if (*at + len > L4RE_ENV_SIZE)
		return NULL;
	memcpy((char *)page + *at, str, len);
	char *child = (char *)(L4RE_ENV_ADDR + *at);
	*at += len;
	return child;
}

/*
 * Fill the environment page: l4re_env_t, the named capability entries, argv (its
 * pointers are the child's addresses of the page). Return: 0, or -L4_E2BIG.
 */
static long build_env(struct loader_program *p, const char *name, const struct loader_opts *o)
{
	l4_addr_t page = p->env_page;
	l4re_env_t *env = (l4re_env_t *)page;
	size_t at = sizeof(*env);
	env->parent = L4RE_PARENT_CAP;
	env->rm = o->no_rm ? L4_INVALID_CAP : L4RE_RM_CAP;
	env->mem_alloc = o->mem_limit ? L4RE_MEM_ALLOC_CAP : L4_INVALID_CAP;
	env->log = L4_BASE_LOG_CAP;
	env->main_thread = L4_BASE_THREAD_CAP;
	env->factory = L4_BASE_FACTORY_CAP;
	env->scheduler = L4_BASE_SCHEDULER_CAP;
	env->itas = L4_INVALID_CAP;
	env->first_free_cap = CHILD_FIRST_FREE;
	env->utcb_area = l4_fpage(PROGRAM_UTCB_AREA, PROGRAM_UTCB_ORDER, L4_FPAGE_RW);
	env->first_free_utcb = PROGRAM_UTCB_AREA + L4_UTCB_OFFSET;
	env->magic = L4RE_ENV_MAGIC;
	env->main_prio = o->prio;
	l4re_env_cap_entry_t *caps = (l4re_env_cap_entry_t *)(page + at);
	env->caps = (l4re_env_cap_entry_t *)(L4RE_ENV_ADDR + at);
	at += (o->cap_count + 1) * sizeof(*caps);
	for (unsigned i = 0; i < o->cap_count; i++) {
		caps[i].cap = (l4_cap_idx_t)named_slot(o, i) << L4_CAP_SHIFT;
		caps[i].flags = o->caps[i].rights; /* LOADER_CAP_ROM is L4RE_ENV_CAP_F_ROM */
		strncpy(caps[i].name, o->caps[i].name, sizeof(caps[i].name));
	}
	caps[o->cap_count].cap = L4_INVALID_CAP;
	l4re_env_attach_t *attach = (l4re_env_attach_t *)(page + at);
	env->attach = (l4re_env_attach_t *)(L4RE_ENV_ADDR + at);
	env->attach_count = o->attach_count;
	at += o->attach_count * sizeof(*attach);
	for (unsigned i = 0; i < o->attach_count; i++) {
		const struct loader_attach *a = &o->attach[i];
		attach[i] = (l4re_env_attach_t){
		    .ds = (l4_cap_idx_t)named_slot(o, a->cap) << L4_CAP_SHIFT,
		    .addr = a->addr,
		    .size = a->size,
		    .flags =
			L4RE_RM_F_R | (o->caps[a->cap].rights & L4_CAP_FPAGE_W ? L4RE_RM_F_W : 0)};
	}
	unsigned argc = 1;
	while (o->argv && o->argv[argc - 1])
		argc++;
	char **argv = (char **)(page + at);
	env->argv = (char **)(L4RE_ENV_ADDR + at);
	at += (argc + 1) * sizeof(char *);
	if (at > L4RE_ENV_SIZE)
		return -L4_E2BIG;
	argv[0] = env_string(page, &at, name);
	for (unsigned i = 1; i < argc; i++)
		argv[i] = env_string(page, &at, o->argv[i - 1]);
	argv[argc] = NULL;
	env->argc = (int)argc;
	for (unsigned i = 0; i < argc; i++)
		if (!argv[i])
			return -L4_E2BIG;
	return 0;
}

/*
 * opts.eager_map: map @p's environment page and every page of its segments into its
 * task now, each as its first fault would be served (the same backing page, the same
 * rights), so that the program takes no page faults on its image. Pages the loader
 * gives count against its page limit as faulted ones do.
 * Return: 0, or -L4_ENOMEM (out of pages) or the map's error.
 */
static long map_eagerly(struct loader_program *p)
{
	long err = l4_error(l4_task_map(p->task, L4_BASE_TASK_CAP,
					l4_fpage(p->env_page, L4_PAGESHIFT, L4_FPAGE_RW),
					l4_map_control(L4RE_ENV_ADDR, 0, 0)));
	for (unsigned i = 0; !err && i < p->img.count; i++) {
		const struct elf_segment *seg = &p->img.segs[i];
		l4_addr_t hi = (seg->vaddr + seg->memsz + L4_PAGESIZE - 1) & L4_PAGEMASK;
		for (l4_addr_t page = seg->vaddr & L4_PAGEMASK; !err && page < hi;
		     page += L4_PAGESIZE) {
			/* The segment a fault there would find (pages may be shared). */
			const struct elf_segment *s = segment_at(p, page);
			l4_addr_t backing = backing_page(p, s, page);
			err = backing ? l4_error(l4_task_map(p->task, L4_BASE_TASK_CAP,
							     l4_fpage(backing, L4_PAGESHIFT,
								      (unsigned char)s->rights),
							     l4_map_control(page, 0, 0)))
				      : -L4_ENOMEM;
		}
	}
	return err;
}

/* Objects and capabilities of a new program; its thread not yet started. */
static long build(struct loader_program *p, unsigned idx, const struct loader_opts *o)
{
	long err = 0;
	p->task = program_slot(idx, 0);
	p->thread = program_slot(idx, 1);
	p->factory = program_slot(idx, 2);
	p->pager_gate = program_slot(idx, 3);
	p->parent_gate = program_slot(idx, 4);
	p->mem_alloc = program_slot(idx, 5);
	p->sched = program_slot(idx, 6);
	err = l4_error(
	    l4_factory_create_task(L4_BASE_FACTORY_CAP, p->task,
				   l4_fpage(PROGRAM_UTCB_AREA, PROGRAM_UTCB_ORDER, L4_FPAGE_RW)));
	if (!err)
		err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, p->thread));
	if (!err)
		err = l4_error(
		    l4_factory_create_factory(L4_BASE_FACTORY_CAP, p->factory, o->kmem_limit));
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
		err = give(p->task, o->log ? o->log : L4_BASE_LOG_CAP, L4_BASE_LOG_CAP,
			   L4_CAP_FPAGE_RW);
	/* Its scheduler: up to its own maximum, never above (issue 12 finding 6). */
	if (!err)
		err = l4_error(l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, p->sched,
							   L4_BASE_SCHEDULER_CAP, o->prio_max, 0));
	if (!err)
		err = give(p->task, p->sched, L4_BASE_SCHEDULER_CAP, L4_CAP_FPAGE_RWS);
	if (!err)
		err = give(p->task, p->parent_gate, L4RE_PARENT_CAP, L4_CAP_FPAGE_RWS);
	if (!err && o->mem_limit) {
		p->mem = memsrv_client_create(o->mem_limit, o->devices, p->mem_alloc);
		err = p->mem ? give(p->task, p->mem_alloc, L4RE_MEM_ALLOC_CAP, L4_CAP_FPAGE_RWS)
			     : -L4_ENOMEM;
	}
	bool debugger_given = false;
	for (unsigned i = 0; !err && i < o->cap_count; i++) {
		err = give(p->task, o->caps[i].cap, (l4_cap_idx_t)named_slot(o, i) << L4_CAP_SHIFT,
			   o->caps[i].rights & ~LOADER_CAP_ROM);
		/* The first capability to the kernel's debugger object goes to
		 * L4_BASE_DEBUGGER_CAP too, where L4Re's debugger calls (l4/sys/debugger.h)
		 * always send (capdl/tool/spec.c expects it there). */
		if (!err && !debugger_given &&
		    l4_msgtag_label(l4_task_cap_equal(L4_BASE_TASK_CAP, o->caps[i].cap,
						      L4_BASE_DEBUGGER_CAP)) == 1) {
			err = give(p->task, o->caps[i].cap, L4_BASE_DEBUGGER_CAP,
				   o->caps[i].rights & ~LOADER_CAP_ROM);
			debugger_given = true;
		}
	}
	if (err)
		return err;
	l4_thread_control_start();
	l4_thread_control_pager(L4_BASE_PAGER_CAP);
	l4_thread_control_exc_handler(L4_BASE_PAGER_CAP);
	l4_thread_control_bind((l4_utcb_t *)PROGRAM_UTCB_AREA, p->task);
	return l4_error(l4_thread_control_commit(p->thread));
}

/* The environment page and the page list of a new program. */
static int alloc_bookkeeping(struct loader_program *p)
{
	unsigned list_pages = (sizeof(struct page_list) + L4_PAGESIZE - 1) / L4_PAGESIZE;
	p->pages = (struct page_list *)page_alloc(list_pages, L4_PAGESHIFT);
	if (!p->pages)
		return -L4_ENOMEM;
	p->pages->count = 0;
	void *env = page_alloc_for(p, L4RE_ENV_ADDR);
	p->env_page = (l4_addr_t)env;
	return env ? 0 : -L4_ENOMEM;
}

struct loader_program *loader_start(const char *name, unsigned prio, unsigned long kmem_limit,
				    const char **why)
{
	struct loader_opts o = {.prio = prio, .kmem_limit = kmem_limit};
	return loader_start_opts(name, &o, why);
}

/* Point the saved options' pointers at their own copies (after a struct copy). */
static void saved_fixup(struct saved_opts *s, unsigned argc)
{
	s->o.caps = s->caps;
	s->o.attach = s->attach;
	for (unsigned i = 0; i < s->o.cap_count; i++)
		s->caps[i].name = s->cap_names[i];
	for (unsigned i = 0; i < argc; i++)
		s->argv[i] = s->args + s->arg_at[i];
	s->argv[argc] = NULL;
	s->o.argv = s->argv;
}

static unsigned saved_argc(const struct saved_opts *s)
{
	unsigned argc = 0;
	while (s->argv[argc])
		argc++;
	return argc;
}

/* Copy @name and @o (with their strings) into @s. Return: 0, or -L4_E2BIG. */
static long save_opts(struct saved_opts *s, const char *name, const struct loader_opts *o)
{
	memset(s, 0, sizeof(*s));
	if (strlen(name) > KEEL_BOOTMOD_NAME_LEN || o->cap_count > LOADER_MAX_CAPS)
		return -L4_E2BIG;
	if (!named_slots_ok(o))
		return -L4_EINVAL;
	if (o->attach_count > o->cap_count || (o->attach_count && (o->no_rm || !o->attach)))
		return -L4_EINVAL;
	for (unsigned i = 0; i < o->attach_count; i++)
		s->attach[i] = o->attach[i];
	strcpy(s->name, name);
	s->o = *o;
	if (!s->o.prio_max)
		s->o.prio_max = o->prio;
	for (unsigned i = 0; i < o->cap_count; i++) {
		s->caps[i] = o->caps[i];
		strncpy(s->cap_names[i], o->caps[i].name, sizeof(s->cap_names[i]) - 1);
	}
	unsigned argc = 0, at = 0;
	for (; o->argv && o->argv[argc]; argc++) {
		size_t len = strlen(o->argv[argc]) + 1;
		if (argc == LOADER_MAX_ARGS || at + len > LOADER_ARGS_SIZE)
			return -L4_E2BIG;
		memcpy(s->args + at, o->argv[argc], len);
		s->arg_at[argc] = (unsigned short)at;
		at += (unsigned)len;
	}
	saved_fixup(s, argc);
	return 0;
}

/* What is wrong with @o's attachments in a program of image @img, or NULL: each must
 * be a page-aligned range inside the program's range, apart from the ELF segments
 * (their pages) and from the others; its capability a named one. */
static const char *attach_error(const struct elf_image *img, const struct loader_opts *o)
{
	for (unsigned i = 0; i < o->attach_count; i++) {
		const struct loader_attach *a = &o->attach[i];
		if (a->cap >= o->cap_count || !a->size || (a->addr | a->size) & (L4_PAGESIZE - 1) ||
		    a->addr < PROGRAM_LOWEST_ADDR || a->addr >= PROGRAM_HIGHEST_ADDR ||
		    a->size > PROGRAM_HIGHEST_ADDR - a->addr)
			return "an attached dataspace is unaligned or outside the program's range";
		for (unsigned k = 0; k < img->count; k++) {
			l4_addr_t lo = img->segs[k].vaddr & ~(L4_PAGESIZE - 1);
			l4_addr_t hi = img->segs[k].vaddr + img->segs[k].memsz;
			if (a->addr < hi && lo < a->addr + a->size)
				return "an attached dataspace overlaps the program's image";
		}
		for (unsigned k = 0; k < i; k++)
			if (a->addr < o->attach[k].addr + o->attach[k].size &&
			    o->attach[k].addr < a->addr + a->size)
				return "two attached dataspaces overlap";
	}
	return NULL;
}

/* Start the program saved in @s in slot @idx (free). Return: it, or NULL (*why). */
static struct loader_program *start_in(unsigned idx, const struct saved_opts *s, unsigned starts,
				       const char **why)
{
	struct loader_program *p = &programs[idx];
	memset(p, 0, sizeof(*p));
	p->saved = *s;
	saved_fixup(&p->saved, saved_argc(s));
	p->starts = starts + 1;
	const struct loader_opts *o = &p->saved.o;
	if (!bootinfo || !loader_find_module(p->saved.name, &p->data, &p->size)) {
		*why = "no such boot module";
		return NULL;
	}
	if (elf_check(p->data, p->size, PROGRAM_LOWEST_ADDR, PROGRAM_HIGHEST_ADDR, &p->img, why))
		return NULL;
	*why = attach_error(&p->img, o);
	if (*why)
		return NULL;
	if (o->prio < 1 || o->prio > o->prio_max || o->prio_max > 255) {
		*why = "its priority is not in 1 .. its maximum, or its maximum is above 255";
		return NULL;
	}
	p->used = true;
	p->page_limit = o->page_limit ? o->page_limit : PROGRAM_MAX_PAGES;
	l4_sched_param_t sp = l4_sched_param(o->prio, 0);
	if (alloc_bookkeeping(p) || build_env(p, p->saved.name, o)) {
		*why = "out of memory, or arguments too long";
		loader_kill(p);
		return NULL;
	}
	if (build(p, idx, o)) {
		*why = "out of kernel memory";
		loader_kill(p);
		return NULL;
	}
	/* The kernel's fault reports and panics call them by the program's name (a name
	 * the kernel refuses, when too many objects have one, costs nothing else). */
	l4_debugger_set_object_name(p->task, p->saved.name);
	l4_debugger_set_object_name(p->thread, p->saved.name);
	if (o->eager_map && map_eagerly(p)) {
		*why = "eager_map: out of pages or memory for its image";
		loader_kill(p);
		return NULL;
	}
	if (l4_error(l4_thread_ex_regs(p->thread, p->img.entry, 0, 0)) ||
	    l4_error(l4_scheduler_run_thread(p->sched, p->thread, &sp))) {
		*why = "out of kernel memory";
		loader_kill(p);
		return NULL;
	}
	return p;
}

struct loader_program *loader_start_opts(const char *name, const struct loader_opts *o,
					 const char **why)
{
	unsigned idx = 0;
	while (idx < LOADER_MAX_PROGRAMS && programs[idx].used)
		idx++;
	if (idx == LOADER_MAX_PROGRAMS) {
		*why = "too many programs";
		return NULL;
	}
	static struct saved_opts s; /* too big for the caller's stack */
	long err = save_opts(&s, name, o);
	if (err) {
		*why = err == -L4_EINVAL ? "a named capability's slot is outside [0x20, 0x100) or "
					   "given twice, or attachments without a region mapper"
					 : "too many capabilities or arguments";
		return NULL;
	}
	return start_in(idx, &s, 0, why);
}

int loader_restart(struct loader_program *p, const char **why)
{
	static struct saved_opts s;
	unsigned idx = (unsigned)(p - programs), starts = p->starts;
	s = p->saved;
	loader_kill(p);
	return start_in(idx, &s, starts, why) ? 0 : -L4_ENOMEM;
}

static loader_request_fn *request_handler;

void loader_on_request(loader_request_fn *fn)
{
	request_handler = fn;
}

/* Take one message for the parent: an exit, or the pager's event (nothing to do: the
 * program is marked already). Return: 0 or an IPC error. */
static long collect(l4_timeout_t timeout)
{
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, timeout);
	long err = l4_ipc_error(tag, l4_utcb());
	if (err)
		return -(L4_EIPC_LO + err);
	struct loader_program *p = program_of(label, LABEL_EXIT);
	if (!p || l4_msgtag_label(tag) != L4RE_PROTO_PARENT || l4_msgtag_words(tag) < 1)
		return 0;
	l4_umword_t op = l4_utcb_mr()->mr[0];
	if (op == L4RE_PARENT_EXIT && l4_msgtag_words(tag) >= 2)
		program_ended(p, (int)(l4_utcb_mr()->mr[1] & 0xff), false);
	else if (op != L4RE_PARENT_EXIT && request_handler)
		request_handler(p, op);
	return 0;
}

long loader_wait(struct loader_program *p, int *status, l4_timeout_t timeout)
{
	while (!p->ended) {
		long err = collect(timeout);
		if (err)
			return err;
	}
	p->reported = true;
	*status = p->status;
	return 0;
}

long loader_wait_any(struct loader_program **out, int *status, l4_timeout_t timeout)
{
	for (;;) {
		for (unsigned i = 0; i < LOADER_MAX_PROGRAMS; i++) {
			struct loader_program *p = &programs[i];
			if (p->used && p->ended && !p->reported) {
				p->reported = true;
				*out = p;
				*status = p->status;
				return 0;
			}
		}
		long err = collect(timeout);
		if (err)
			return err;
	}
}

void loader_delete(struct loader_program *p)
{
	l4_task_delete_obj(L4_BASE_TASK_CAP, p->task);
	program_ended(p, LOADER_DELETED, true);
}

long loader_set_log(struct loader_program *p, l4_cap_idx_t cap)
{
	p->saved.o.log = cap;
	return give(p->task, cap, L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW);
}

l4_cap_idx_t loader_main_thread(const struct loader_program *p)
{
	return p->thread;
}

l4_cap_idx_t loader_task(const struct loader_program *p)
{
	return p->task;
}

l4_cap_idx_t loader_factory(const struct loader_program *p)
{
	return p->factory;
}

struct loader_objects loader_objects(const struct loader_program *p)
{
	return (struct loader_objects){p->factory,
				       p->sched,
				       p->pager_gate,
				       p->parent_gate,
				       p->mem ? p->mem_alloc : L4_INVALID_CAP,
				       p->saved.o.log};
}

const char *loader_name(const struct loader_program *p)
{
	return p->saved.name;
}

unsigned loader_starts(const struct loader_program *p)
{
	return p->starts;
}

struct loader_fault loader_fault_info(const struct loader_program *p)
{
	return p->fault;
}

/*
 * Delete the program's objects (its task goes, and with it every mapping it had),
 * then take back its memory: the pager's pages and its allocator's dataspaces.
 */
void loader_kill(struct loader_program *p)
{
	l4_cap_idx_t caps[] = {p->task,	      p->thread,      p->factory,
			       p->pager_gate, p->parent_gate, p->sched};
	for (unsigned i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (caps[i])
			l4_task_delete_obj(L4_BASE_TASK_CAP, caps[i]);
	if (p->mem)
		memsrv_client_destroy(p->mem);
	if (p->pages) {
		for (unsigned i = 0; i < p->pages->count; i++)
			page_free(p->pages->page[i].frame, 1);
		unsigned list_pages = (sizeof(struct page_list) + L4_PAGESIZE - 1) / L4_PAGESIZE;
		page_free((l4_addr_t)p->pages, list_pages);
	}
	p->mem = NULL;
	p->pages = NULL;
	p->used = false;
}

unsigned long loader_pages_used(const struct loader_program *p)
{
	return p->pages ? p->pages->count : 0;
}

struct memsrv_client *loader_memory(const struct loader_program *p)
{
	return p->mem;
}
