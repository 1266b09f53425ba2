/* ktest_util.c - support for object-model target tests (see ktest_util.h). */
#include "ktest_util.h"
#include <l4/re/c/util/fpage.h>
#include <l4/re/env.h>
#include <l4/sys/icu.h>
#include <l4/sys/kip.h>
#include <stdlib.h>
#include <string.h>

/* The link map (libl4re/user.ld). */
extern char __tbss_offset[], __tbss_size[], __tls_align[], __arm32_tls_tcb_offset[];
extern char __stack_top[];
/* picolibc: copy the TLS template into a block and clear its bss part. */
void _init_tls(void *tls);

#define KT_PROGRAM_START 0x10000UL
#define KT_MAX_THREADS	 64
#define KT_MAX_TASKS	 320
#define KT_MAX_OWNED	 640

/* ---- capability slots ---- */

static unsigned next_slot = KT_FIRST_SLOT;

l4_cap_idx_t kt_cap_alloc(void)
{
	if (next_slot > KT_LAST_SLOT)
		return L4_INVALID_CAP;
	return (l4_cap_idx_t)next_slot++ << L4_CAP_SHIFT;
}

l4_cap_idx_t kt_cap_alloc_aligned(unsigned order)
{
	unsigned n = 1u << order;
	unsigned first = (next_slot + n - 1) & ~(n - 1);
	if (first + n - 1 > KT_LAST_SLOT)
		return L4_INVALID_CAP;
	next_slot = first + n;
	return (l4_cap_idx_t)first << L4_CAP_SHIFT;
}

long kt_valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_error(l4_task_cap_valid(task, cap));
}

long kt_equal(l4_cap_idx_t task, l4_cap_idx_t a, l4_cap_idx_t b)
{
	return l4_error(l4_task_cap_equal(task, a, b));
}

long kt_has_child(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_error(l4_task_cap_has_child(task, cap));
}

long kt_map(l4_cap_idx_t dst_task, l4_cap_idx_t src_task, l4_cap_idx_t src, l4_cap_idx_t dst,
	    unsigned rights)
{
	return l4_error(l4_task_map(dst_task, src_task, l4_obj_fpage(src, 0, (unsigned char)rights),
				    l4_map_obj_control(dst, 0)));
}

long kt_map_obj_rights(l4_cap_idx_t dst_task, l4_cap_idx_t src_task, l4_cap_idx_t src,
		       l4_cap_idx_t dst, unsigned rights, unsigned obj_rights)
{
	return l4_error(l4_task_map(dst_task, src_task, l4_obj_fpage(src, 0, (unsigned char)rights),
				    l4_map_control(dst, (unsigned char)(obj_rights >> 4), 0)));
}

l4_cap_idx_t kt_copy(l4_cap_idx_t cap, unsigned rights)
{
	l4_cap_idx_t dst = kt_cap_alloc();
	if (kt_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, cap, dst, rights) != 0)
		return L4_INVALID_CAP;
	return dst;
}

/* ---- bookkeeping of what a test made ---- */

struct kt_thread_rec {
	int live;
	l4_cap_idx_t cap;
	int utcb_index; /* in the root task's UTCB area, or -1 */
	l4_addr_t utcb;
	void *mem; /* TLS block and stack */
	l4_addr_t tls_pointer;
	l4_addr_t stack_top;
};

struct kt_task_rec {
	int live;
	l4_cap_idx_t cap;
	unsigned next_utcb;
};

static struct kt_thread_rec threads[KT_MAX_THREADS];
static struct kt_task_rec tasks[KT_MAX_TASKS];
static l4_cap_idx_t owned[KT_MAX_OWNED];
static unsigned owned_count;

/* Root UTCBs: 0 = never used, 1 = in use, 2 = free again. UTCB 0 is the main thread's. */
static unsigned char utcb_state[KT_UTCB_COUNT] = {1};
static unsigned next_fresh_utcb = 1;

static int root_utcb_alloc(void)
{
	if (next_fresh_utcb < KT_ROOT_UTCB_HELPERS) {
		utcb_state[next_fresh_utcb] = 1;
		return (int)next_fresh_utcb++;
	}
	for (int i = 1; i < KT_ROOT_UTCB_HELPERS; i++)
		if (utcb_state[i] == 2) {
			utcb_state[i] = 1;
			return i;
		}
	return -1;
}

static void root_utcb_free(int i)
{
	if (i > 0 && i < KT_UTCB_COUNT)
		utcb_state[i] = 2;
}

l4_addr_t kt_utcb_reserve(void)
{
	int i = root_utcb_alloc();
	return i < 0 ? 0 : KT_UTCB_AREA + (l4_addr_t)i * L4_UTCB_OFFSET;
}

static struct kt_thread_rec *thread_rec(l4_cap_idx_t cap)
{
	for (int i = 0; i < KT_MAX_THREADS; i++)
		if (threads[i].live && l4_capability_equal(threads[i].cap, cap))
			return &threads[i];
	return NULL;
}

static struct kt_task_rec *task_rec(l4_cap_idx_t cap)
{
	for (int i = 0; i < KT_MAX_TASKS; i++)
		if (tasks[i].live && l4_capability_equal(tasks[i].cap, cap))
			return &tasks[i];
	return NULL;
}

void kt_own(l4_cap_idx_t cap)
{
	if (owned_count < KT_MAX_OWNED)
		owned[owned_count++] = cap;
}

/* 1 if the slot holds one of the root task's initial capabilities (never delete those). */
static int is_base_object(l4_cap_idx_t cap)
{
	for (unsigned slot = 1; slot <= L4_BASE_CAPS_LAST >> L4_CAP_SHIFT; slot++)
		if (kt_equal(L4_BASE_TASK_CAP, cap, (l4_cap_idx_t)slot << L4_CAP_SHIFT) == 1)
			return 1;
	return 0;
}

/* Delete the object in a root slot unless the slot is empty or holds a base object. */
static void delete_slot(l4_cap_idx_t cap)
{
	if (kt_valid(L4_BASE_TASK_CAP, cap) != 1 || is_base_object(cap))
		return;
	l4_task_delete_obj(L4_BASE_TASK_CAP, cap);
}

/* ---- objects ---- */

long kt_gate_create(l4_cap_idx_t *gate_out, l4_cap_idx_t thread, l4_umword_t label)
{
	l4_cap_idx_t cap = kt_cap_alloc();
	*gate_out = cap;
	if (l4_is_invalid_cap(cap))
		return -L4_ENOSPC;
	long err = l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, cap, thread, label));
	if (!err)
		kt_own(cap);
	return err;
}

long kt_factory_create(l4_cap_idx_t *factory_out, unsigned long limit)
{
	l4_cap_idx_t cap = kt_cap_alloc();
	*factory_out = cap;
	if (l4_is_invalid_cap(cap))
		return -L4_ENOSPC;
	long err = l4_error(l4_factory_create_factory(L4_BASE_FACTORY_CAP, cap, limit));
	if (!err)
		kt_own(cap);
	return err;
}

int kt_task_create_empty(l4_cap_idx_t *task_out)
{
	l4_cap_idx_t cap = kt_cap_alloc();
	*task_out = cap;
	if (l4_is_invalid_cap(cap))
		return -L4_ENOSPC;
	struct kt_task_rec *rec = NULL;
	for (int i = 0; i < KT_MAX_TASKS && !rec; i++)
		if (!tasks[i].live)
			rec = &tasks[i];
	if (!rec)
		return -L4_ENOSPC;
	long err = l4_error(l4_factory_create_task(
	    L4_BASE_FACTORY_CAP, cap, l4_fpage(KT_UTCB_AREA, KT_UTCB_AREA_ORDER, L4_FPAGE_RW)));
	if (err)
		return (int)err;
	rec->live = 1;
	rec->cap = cap;
	rec->next_utcb = 0;
	return 0;
}

int kt_task_create(l4_cap_idx_t *task_out)
{
	int err = kt_task_create_empty(task_out);
	if (err)
		return err;
	l4_cap_idx_t child = *task_out;
	/* The whole program image, in the largest naturally aligned flexpages. */
	l4_addr_t addr = KT_PROGRAM_START;
	l4_addr_t end = ((l4_addr_t)__stack_top + L4_PAGESIZE - 1) & L4_PAGEMASK;
	while (addr < end) {
		unsigned order = l4re_util_fpage_fit_order(addr, end - addr);
		err = (int)l4_error(l4_task_map(child, L4_BASE_TASK_CAP,
						l4_fpage(addr, order, L4_FPAGE_RWX),
						l4_map_control(addr, 0, 0)));
		if (err)
			return err;
		addr += 1UL << order;
	}
	return (int)l4_error(l4_task_map(child, L4_BASE_TASK_CAP,
					 l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW),
					 l4_map_obj_control(L4_BASE_LOG_CAP, 0)));
}

/* ---- threads ---- */

void kt_thread_entry(struct kt_start *s) __attribute__((noreturn, used));

/* The first C code of a helper thread (r0 = sp = its struct kt_start). */
void kt_thread_entry(struct kt_start *s)
{
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = 0;
	l4_utcb_tcr()->error = 0;
	s->fn(s->arg);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

__attribute__((naked)) void kt_trampoline(void)
{
	__asm__ volatile("mov r0, sp\n\t"
			 "b kt_thread_entry\n\t");
}

static size_t tls_size(void)
{
	return (size_t)(uintptr_t)__tbss_offset + (size_t)(uintptr_t)__tbss_size;
}

static size_t tls_align(void)
{
	size_t a = (size_t)(uintptr_t)__tls_align;
	return a < 8 ? 8 : a;
}

static void thread_free(struct kt_thread_rec *rec)
{
	free(rec->mem);
	root_utcb_free(rec->utcb_index);
	memset(rec, 0, sizeof(*rec));
}

int kt_thread_new(l4_cap_idx_t *cap_out, l4_cap_idx_t task)
{
	l4_cap_idx_t cap = kt_cap_alloc();
	*cap_out = cap;
	if (l4_is_invalid_cap(cap))
		return -L4_ENOSPC;
	struct kt_thread_rec *rec = NULL;
	for (int i = 0; i < KT_MAX_THREADS && !rec; i++)
		if (!threads[i].live)
			rec = &threads[i];
	if (!rec)
		return -L4_ENOSPC;

	int index = -1;
	l4_addr_t utcb;
	if (l4_capability_equal(task, L4_BASE_TASK_CAP)) {
		index = root_utcb_alloc();
		if (index < 0)
			return -L4_ENOSPC;
		utcb = KT_UTCB_AREA + (l4_addr_t)index * L4_UTCB_OFFSET;
	} else {
		struct kt_task_rec *t = task_rec(task);
		unsigned n = t ? t->next_utcb++ : 0;
		if (n >= KT_UTCB_COUNT)
			return -L4_ENOSPC;
		utcb = KT_UTCB_AREA + (l4_addr_t)n * L4_UTCB_OFFSET;
	}

	size_t tcb = (size_t)(uintptr_t)__arm32_tls_tcb_offset;
	size_t total = tcb + tls_align() + tls_size() + KT_STACK_SIZE + 16;
	char *mem = malloc(total);
	if (!mem) {
		root_utcb_free(index);
		return -L4_ENOMEM;
	}
	long err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, cap));
	if (err) {
		free(mem);
		root_utcb_free(index);
		return (int)err;
	}
	rec->live = 1;
	rec->cap = cap;
	rec->utcb_index = index;
	rec->utcb = utcb;
	rec->mem = mem;

	/* The TLS block at the start (after room for the TCB), the stack above it. */
	uintptr_t tls = ((uintptr_t)mem + tcb + tls_align() - 1) & ~(uintptr_t)(tls_align() - 1);
	_init_tls((void *)tls);
	rec->tls_pointer = (l4_addr_t)(tls - tcb);
	rec->stack_top = ((l4_addr_t)mem + total) & ~7UL;

	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)utcb, task);
	err = l4_error(l4_thread_control_commit(cap));
	if (!err)
		err = l4_error(l4_thread_arm_set_tpidruro(cap, rec->tls_pointer));
	if (err) {
		kt_thread_kill(cap);
		return (int)err;
	}
	return 0;
}

int kt_thread_set_entry(l4_cap_idx_t cap, void (*fn)(void *), void *arg)
{
	struct kt_thread_rec *rec = thread_rec(cap);
	if (!rec)
		return -L4_EINVAL;
	struct kt_start *s = (struct kt_start *)(rec->stack_top - 8);
	s->fn = fn;
	s->arg = arg;
	long err = l4_error(l4_thread_ex_regs(cap, (l4_addr_t)kt_trampoline, (l4_addr_t)s, 0));
	/* Again after ex_regs, in case that reset the thread's registers. */
	if (!err)
		err = l4_error(l4_thread_arm_set_tpidruro(cap, rec->tls_pointer));
	return (int)err;
}

long kt_thread_run(l4_cap_idx_t cap, unsigned prio)
{
	l4_sched_param_t sp = l4_sched_param(prio, 0);
	return l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, cap, &sp));
}

int kt_thread_create(l4_cap_idx_t *cap_out, l4_cap_idx_t task, void (*fn)(void *), void *arg)
{
	int err = kt_thread_new(cap_out, task);
	if (!err)
		err = kt_thread_set_entry(*cap_out, fn, arg);
	return err;
}

int kt_thread_start(l4_cap_idx_t *cap_out, void (*fn)(void *), void *arg, unsigned prio)
{
	return kt_task_thread_start(L4_BASE_TASK_CAP, cap_out, fn, arg, prio);
}

int kt_task_thread_start(l4_cap_idx_t task, l4_cap_idx_t *cap_out, void (*fn)(void *), void *arg,
			 unsigned prio)
{
	int err = kt_thread_create(cap_out, task, fn, arg);
	if (!err)
		err = (int)kt_thread_run(*cap_out, prio);
	return err;
}

l4_addr_t kt_thread_utcb(l4_cap_idx_t cap)
{
	struct kt_thread_rec *rec = thread_rec(cap);
	return rec ? rec->utcb : 0;
}

long kt_thread_kill(l4_cap_idx_t cap)
{
	struct kt_thread_rec *rec = thread_rec(cap);
	long err = 0;
	if (kt_valid(L4_BASE_TASK_CAP, cap) == 1 && !is_base_object(cap))
		err = l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, cap));
	/* Its stack may go only once the thread is certainly gone. */
	if (rec && kt_valid(L4_BASE_TASK_CAP, cap) == 0)
		thread_free(rec);
	return err;
}

/* ---- scope ---- */

void kt_cleanup(void)
{
	for (int i = 0; i < KT_MAX_THREADS; i++)
		if (threads[i].live)
			kt_thread_kill(threads[i].cap);
	for (int i = 0; i < KT_MAX_TASKS; i++)
		if (tasks[i].live) {
			delete_slot(tasks[i].cap);
			tasks[i].live = 0;
		}
	/* Threads of a deleted task may be gone only now. */
	for (int i = 0; i < KT_MAX_THREADS; i++)
		if (threads[i].live)
			kt_thread_kill(threads[i].cap);
	for (unsigned i = 0; i < owned_count; i++)
		delete_slot(owned[i]);
	owned_count = 0;
	/* Leave the main thread's buffer registers as a fresh test expects them. */
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = 0;
}

int kt_scope_begin(void)
{
	kt_cleanup();
	return 0;
}

void kt_scope_end(int *scope)
{
	(void)scope;
	kt_cleanup();
}

/* ---- time ---- */

static uint64_t counter(void)
{
	return l4_kip_clock_counter();
}

static uint32_t counter_freq(void)
{
	uint32_t f = (uint32_t)l4re_kip()->frequency_counter;
	return f ? f : 1;
}

uint64_t kt_now_us(void)
{
	uint64_t c = counter(), f = counter_freq();
	return c / f * 1000000u + c % f * 1000000u / f;
}

void kt_spin_us(unsigned us)
{
	uint64_t end = kt_now_us() + us;
	while (kt_now_us() < end)
		;
}

l4_timeout_s kt_timeout_us(unsigned us)
{
	if (us == 0)
		return L4_IPC_TIMEOUT_0;
	unsigned e = 0, m = us;
	while (m > 1023) {
		e++;
		m = (unsigned)(((uint64_t)us + (1u << e) - 1) >> e);
	}
	return l4_timeout_rel(m, e);
}

l4_timeout_t kt_safety_timeout(void)
{
	return l4_timeout(kt_timeout_us(KT_SAFETY_US), kt_timeout_us(KT_SAFETY_US));
}

void kt_sleep_us(unsigned us)
{
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(us)));
}

int kt_wait_ge(volatile int *p, int value, unsigned timeout_us)
{
	/* Counted in sleeps, not by the clock: a host that stops QEMU makes the guest clock
	 * jump, but the other threads still get the CPU in every sleep. */
	for (unsigned i = 0; i < timeout_us / 1000 && *p < value; i++)
		kt_sleep_us(1000);
	return *p >= value;
}

/* ---- the board ---- */

const struct kt_irq_lines *kt_irq_lines(void)
{
	/* virt: the GIC's SPI 100 and 101 (no QEMU virt device drives them), the virtual
	 * timer's PPI 27, an SGI and a PPI. versatilepb: VIC line 20 (no device) and 21
	 * (the secondary controller's, which passes nothing on unless it is told to), the
	 * kernel's SP804 timer pair (4, the board's device tree) and the cascade from the
	 * secondary controller (31), line 0 (the ICU's "no line"). */
	static const struct kt_irq_lines gic = {0, 32 + 100, 32 + 101, {27, 27}, {5, 30}};
	static const struct kt_irq_lines vic = {0, 20, 21, {4, 31}, {0, 0}};
	static struct kt_irq_lines lines;
	if (!lines.count) {
		l4_icu_info_t info = {0, 0, 0};
		if (l4_error(l4_icu_info(L4_BASE_ICU_CAP, &info)) == 0 && info.nr_irqs) {
			lines = info.nr_irqs > 32 ? gic : vic;
			lines.count = info.nr_irqs;
		}
	}
	return &lines;
}

void kt_spare_ram(l4_addr_t *start, l4_addr_t *end)
{
	const struct keel_bootinfo *bi = l4re_bootinfo();
	*start = *end = 0;
	if (!bi || !bi->ram_size)
		return;
	l4_addr_t base = bi->ram_base, top = base + bi->ram_size;
	*start = (base + bi->ram_size / 2) & ~((8UL << 20) - 1);
	if (*start < base)
		*start = base;
	*end = top;
}

/* ---- registers ---- */

uint32_t kt_read_tpidruro(void)
{
	uint32_t v;
#if __ARM_ARCH >= 7
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(v));
#else
	v = ((const volatile uint32_t *)L4_ARMV5_THREAD_WORDS)[1]; /* the TLS thread word */
#endif
	return v;
}

uint32_t kt_read_cpsr(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

/* ---- the generic server ---- */

void kt_server_init(struct kt_server *s)
{
	memset((void *)s, 0, sizeof(*s));
	s->rcv_cap = L4_INVALID_CAP;
}

static void server_buffers(const struct kt_server *s)
{
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = l4_is_valid_cap(s->rcv_cap) ? (s->rcv_cap | L4_RCV_ITEM_SINGLE_CAP) : 0;
}

void kt_server_fn(void *arg)
{
	struct kt_server *s = arg;
	l4_umword_t label = 0;
	while (s->hold)
		kt_sleep_us(1000);
	server_buffers(s);
	s->ready = 1;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		long err = l4_ipc_error(tag, l4_utcb());
		if (err) {
			s->last_error = err;
			s->errors++;
			server_buffers(s);
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		l4_msg_regs_t *mr = l4_utcb_mr();
		unsigned words = l4_msgtag_words(tag);
		s->label = label;
		s->tag_label = l4_msgtag_label(tag);
		s->words = words;
		s->items = l4_msgtag_items(tag);
		for (unsigned i = 0; i < words; i++)
			s->mr[i] = mr->mr[i];
		if (s->count < KT_SERVER_LOG)
			s->log[s->count] = words ? mr->mr[0] : 0;
		if (s->on_msg)
			s->on_msg(s);
		s->count++;
		if (s->no_reply)
			for (;;)
				l4_ipc_sleep(L4_IPC_NEVER);
		if (s->work_us)
			kt_spin_us(s->work_us);
		for (unsigned i = 0; i < words; i++)
			mr->mr[i] = ~s->mr[i];
		server_buffers(s);
		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(s->reply_label, words, 0, 0),
					    &label, L4_IPC_NEVER);
	}
}

int kt_server_start(struct kt_server *s, l4_cap_idx_t *thread_out, l4_cap_idx_t *gate_out,
		    l4_umword_t label, unsigned prio)
{
	int err = kt_thread_start(thread_out, kt_server_fn, s, prio);
	if (err)
		return err;
	if (!s->hold) {
		if (!kt_wait_ge(&s->ready, 1, KT_SAFETY_US))
			return -L4_EAGAIN;
		/* From "ready" to the receive is a few instructions: let it get there. */
		if (prio <= KT_MAIN_PRIO)
			kt_sleep_us(1000);
	}
	if (gate_out)
		return (int)kt_gate_create(gate_out, *thread_out, label);
	return 0;
}

/* ---- factory quota ---- */

static l4_cap_idx_t fill_base = L4_INVALID_CAP;

l4_cap_idx_t kt_fill_slot(unsigned i)
{
	if (l4_is_invalid_cap(fill_base)) {
		fill_base = kt_cap_alloc();
		for (unsigned n = 1; n < KT_FILL_MAX; n++)
			kt_cap_alloc();
	}
	return fill_base + ((l4_cap_idx_t)i << L4_CAP_SHIFT);
}

unsigned kt_fill(l4_cap_idx_t factory, enum kt_obj_kind kind, long *stop_err)
{
	*stop_err = 0;
	for (unsigned i = 0; i < KT_FILL_MAX; i++) {
		l4_cap_idx_t slot = kt_fill_slot(i);
		l4_msgtag_t tag = kind == KT_OBJ_THREAD
				      ? l4_factory_create_thread(factory, slot)
				      : l4_factory_create_gate(factory, slot, L4_INVALID_CAP, 0);
		long err = l4_error(tag);
		if (err) {
			*stop_err = err;
			return i;
		}
	}
	return KT_FILL_MAX;
}

void kt_unfill(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		l4_task_delete_obj(L4_BASE_TASK_CAP, kt_fill_slot(i));
}

unsigned kt_count_creatable(l4_cap_idx_t factory, enum kt_obj_kind kind, long *stop_err)
{
	unsigned n = kt_fill(factory, kind, stop_err);
	kt_unfill(n);
	return n;
}
