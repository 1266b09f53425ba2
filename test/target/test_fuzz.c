/* test_fuzz.c - the kernel fuzzer's controller: sandboxes, batches, and the invariants after each.
 */
#include "dt.h"
#include "fuzz_gen.h"
#include "ktest_util.h"
#include <l4/re/c/util/fpage.h>
#include <l4/re/env.h>
#include <l4/sys/icu.h>
#include <l4/sys/rcv_endpoint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Each batch builds a sandbox: a factory F (its quota measured), two tasks made by it
 * that share the program image read-only, fuzz_page and a play region (at
 * PLAY_ADDR) read-write,
 * and in each task FUZZ_THREADS_PER_TASK fuzzer threads (fuzz_gen.c) holding what a
 * program holds (its task, a factory, threads, gates, IRQs, the log without W, the
 * ICU, the scheduler) plus the other task and its threads. They make random
 * invocations until the batch's quota is made or they make no more progress; then
 * the controller deletes the sandbox and checks that the kernel is sound: the quotas
 * of F and of the root factory are exactly what they were, no capability the root
 * task handed out has copies left, no interrupt line stays bound, the root task's
 * memory and capabilities are intact. A panic or a hang ends the run (the harness
 * reports it); every batch's seed derives from the run's seed, so one number replays
 * a run (./scripts/fuzz --seed S), exactly so under QEMU -icount shift=0,sleep=off,
 * where the guest is deterministic.
 *
 * The kernel command line (QEMU -append) sets the run: fuzz.seed=S fuzz.count=N
 * fuzz.batch=B (run batch B only) fuzz.size=N (invocations per batch)
 * fuzz.avoid=a,b (enum fuzz_avoid: reply-without-send, big-fpages, high-prio,
 * task-cycles, bad-quantum)
 * fuzz.trace=N (print every invocation from the N-th of each batch on), fuzz.trace=B:N
 * (the same in batch B only).
 */

#define DEFAULT_SEED	   0x2545f491ULL
#define DEFAULT_COUNT	   200000UL
#define DEFAULT_BATCH_SIZE 20000U
#define SANDBOX_KMEM	   (4UL << 20)	 /* F: the whole sandbox */
#define TASK_KMEM	   (256UL << 10) /* each task's factory, made by F */
#define PLAY_ORDER	   16		 /* the play region: 64 KiB */
/* Where the sandbox tasks see the play region: far from the image, so that the large
 * flexpages around it do not cover the fuzzers' own code and stacks. */
#define PLAY_ADDR    0x60000000UL
#define POLL_US	     250
#define STALL_POLLS  4 /* no progress over this many polls ends a batch */
#define CANARY_WORDS 4096

static uint8_t play[1u << PLAY_ORDER] __attribute__((aligned(1u << PLAY_ORDER)));
static uint32_t canary[CANARY_WORDS];

extern char __stack_top[];
#define PROGRAM_START 0x10000UL

struct run {
	uint64_t seed;
	unsigned long count;
	unsigned batch_size;
	long only_batch; /* -1: all */
	unsigned avoid;
	bool trace;
	long trace_batch; /* -1: every batch */
	unsigned long trace_from;
	char avoid_text[80];
};

/* The root task's slots for one sandbox (reused by every batch). */
struct sandbox {
	l4_cap_idx_t factory, sched, probe_irq;
	l4_cap_idx_t task_factory[FUZZ_TASKS];
	l4_cap_idx_t task[FUZZ_TASKS];
	l4_cap_idx_t thread[FUZZ_THREADS];
	l4_cap_idx_t gate[FUZZ_GATES];
	l4_cap_idx_t irq[FUZZ_IRQS];
};

static struct sandbox sb;
static unsigned irq_lines;

/* ---- the run's parameters: the kernel command line ---- */

static const char *bootargs(void)
{
	const struct keel_bootinfo *bi = l4re_bootinfo();
	struct dt dt;
	if (!bi || !bi->dtb || dt_open(&dt, (const void *)bi->dtb, bi->dtb_size) != 0)
		return "";
	int node = dt_find_path(&dt, "/chosen");
	uint32_t len = 0;
	const char *s = node >= 0 ? dt_prop(&dt, node, "bootargs", &len) : NULL;
	return s && len && s[len - 1] == 0 ? s : "";
}

/* The value of word "key=value" in @args, copied to @buf; false if absent. */
static bool arg(const char *args, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	for (const char *p = args; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			size_t v = n - klen - 1 < size - 1 ? n - klen - 1 : size - 1;
			memcpy(buf, p + klen + 1, v);
			buf[v] = 0;
			return true;
		}
		p += n;
	}
	return false;
}

static const struct {
	const char *name;
	unsigned bit;
} avoid_names[] = {
    {"reply-without-send", FUZZ_AVOID_REPLY_WITHOUT_SEND},
    {"big-fpages", FUZZ_AVOID_BIG_FPAGES},
    {"high-prio", FUZZ_AVOID_HIGH_PRIO},
    {"task-cycles", FUZZ_AVOID_TASK_CYCLES},
    {"bad-quantum", FUZZ_AVOID_BAD_QUANTUM},
};

/* fuzz.avoid=a,b,...: Return: false for an unknown name. */
static bool parse_avoid(const char *list, unsigned *bits)
{
	*bits = 0;
	while (*list) {
		size_t n = strcspn(list, ",");
		bool known = false;
		for (unsigned i = 0; i < sizeof(avoid_names) / sizeof(avoid_names[0]); i++) {
			if (strlen(avoid_names[i].name) == n &&
			    strncmp(list, avoid_names[i].name, n) == 0) {
				*bits |= avoid_names[i].bit;
				known = true;
			}
		}
		if (!known && n)
			return false;
		list += n + (list[n] == ',');
	}
	return true;
}

static bool read_run(struct run *r)
{
	const char *args = bootargs();
	char v[80];
	*r = (struct run){DEFAULT_SEED, DEFAULT_COUNT, DEFAULT_BATCH_SIZE, -1, 0, false, -1, 0, ""};
	if (arg(args, "fuzz.seed", v, sizeof(v)))
		r->seed = strtoull(v, NULL, 0);
	if (arg(args, "fuzz.count", v, sizeof(v)))
		r->count = strtoul(v, NULL, 0);
	if (arg(args, "fuzz.size", v, sizeof(v)))
		r->batch_size = (unsigned)strtoul(v, NULL, 0);
	if (arg(args, "fuzz.batch", v, sizeof(v)))
		r->only_batch = strtol(v, NULL, 0);
	if (arg(args, "fuzz.trace", v, sizeof(v))) {
		char *colon = strchr(v, ':');
		r->trace = true;
		r->trace_batch = colon ? strtol(v, NULL, 0) : -1;
		r->trace_from = strtoul(colon ? colon + 1 : v, NULL, 0);
	}
	if (arg(args, "fuzz.avoid", r->avoid_text, sizeof(r->avoid_text)) &&
	    !parse_avoid(r->avoid_text, &r->avoid))
		return false;
	if (r->batch_size < FUZZ_THREADS)
		r->batch_size = FUZZ_THREADS;
	return true;
}

/* ---- measuring ---- */

/* What @factory has charged, and (the root factory only) the kernel memory that is
 * free, to the byte (Keel's quota query). */
static void kmem_figures(l4_cap_idx_t factory, l4_umword_t *used, l4_umword_t *free_bytes)
{
	*used = *free_bytes = ~0UL;
	l4_factory_keel_info(factory, NULL, used, free_bytes);
}

/* The ICU's number of lines (INFO: mr1). */
static unsigned icu_lines(void)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4_ICU_OP_INFO;
	l4_msgtag_t tag =
	    l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER);
	return l4_msgtag_has_error(tag) ? 0 : (unsigned)mr->mr[1];
}

static uint32_t canary_word(unsigned i)
{
	return (uint32_t)fuzz_mix(i);
}

/* ---- the sandbox ---- */

static long map_cap(l4_cap_idx_t task, l4_cap_idx_t cap, unsigned slot, unsigned rights)
{
	return kt_map_obj_rights(task, L4_BASE_TASK_CAP, cap, (l4_cap_idx_t)slot << L4_CAP_SHIFT,
				 rights & 0xf, rights & 0xf0);
}

static long map_mem(l4_cap_idx_t task, l4_addr_t addr, unsigned order, unsigned rights)
{
	return l4_error(l4_task_map(task, L4_BASE_TASK_CAP, l4_fpage(addr, order, rights),
				    l4_map_control(addr, 0, 0)));
}

/* The program image read-only, fuzz_page and the play region read-write. */
static long map_memory(l4_cap_idx_t task)
{
	l4_addr_t addr = PROGRAM_START;
	l4_addr_t end = ((l4_addr_t)__stack_top + L4_PAGESIZE - 1) & L4_PAGEMASK;
	long err = 0;
	while (addr < end && !err) {
		unsigned order = l4re_util_fpage_fit_order(addr, end - addr);
		err = map_mem(task, addr, order, L4_FPAGE_RX);
		addr += 1UL << order;
	}
	if (!err)
		err = map_mem(task, (l4_addr_t)&fuzz_page, FUZZ_SHARED_ORDER, L4_FPAGE_RW);
	if (!err)
		err = l4_error(l4_task_map(task, L4_BASE_TASK_CAP,
					   l4_fpage((l4_addr_t)play, PLAY_ORDER, L4_FPAGE_RW),
					   l4_map_control(PLAY_ADDR, 0, 0)));
	return err;
}

/* What a sandbox task holds (enum fuzz_slot). */
static long map_caps(unsigned i, const struct run *r)
{
	unsigned other = 1 - i;
	const struct {
		l4_cap_idx_t cap;
		unsigned slot, rights;
	} caps[] = {
	    {sb.task[i], FS_TASK, L4_CAP_FPAGE_RWSD},
	    {sb.task_factory[i], FS_FACTORY, L4_CAP_FPAGE_RWSD},
	    {sb.task_factory[other], FS_OTHER_FACT, L4_CAP_FPAGE_RWSD},
	    {sb.thread[i * FUZZ_THREADS_PER_TASK], FS_THREAD, L4_CAP_FPAGE_RWSD},
	    {sb.task[other], FS_OTHER_TASK, L4_CAP_FPAGE_RWSD},
	    {L4_BASE_LOG_CAP, FS_LOG, L4_CAP_FPAGE_RO},
	    {L4_BASE_ICU_CAP, FS_ICU, L4_CAP_FPAGE_RWS},
	    /* A scheduler whose range ends below the controller (issue 12 finding 6). */
	    {sb.sched, FS_SCHED, L4_CAP_FPAGE_RWS},
	};
	long err = 0;
	for (unsigned k = 0; k < sizeof(caps) / sizeof(caps[0]) && !err; k++)
		err = map_cap(sb.task[i], caps[k].cap, caps[k].slot, caps[k].rights);
	for (unsigned k = 0; k < FUZZ_THREADS && !err; k++)
		err = map_cap(sb.task[i], sb.thread[k], FS_THREADS + k, L4_CAP_FPAGE_RWSD);
	for (unsigned k = 0; k < FUZZ_GATES && !err; k++) /* half with the server right */
		err = map_cap(sb.task[i], sb.gate[k], FS_GATES + k,
			      L4_CAP_FPAGE_RWSD | (k % 2 ? 0 : L4_FPAGE_C_IPCGATE_SVR));
	for (unsigned k = 0; k < FUZZ_IRQS && !err; k++)
		err = map_cap(sb.task[i], sb.irq[k], FS_IRQS + k, L4_CAP_FPAGE_RWSD);
	if (r->trace && !err)
		err = map_cap(sb.task[i], L4_BASE_LOG_CAP, FS_TRACE, L4_CAP_FPAGE_RW);
	return err;
}

/* Where fuzzer thread @i's UTCB is in its task. */
static l4_addr_t fuzz_utcb(unsigned i)
{
	return KT_UTCB_AREA + (1 + 2 * (i % FUZZ_THREADS_PER_TASK)) * L4_UTCB_OFFSET;
}

/* Fuzzer thread @i: made by F, bound to UTCB 1, 3 or 5 of its task, index in TPIDRURO,
 * pager and exception handler a gate (for some), entry fuzz_reenter(). */
static long make_thread(unsigned i)
{
	l4_cap_idx_t th = sb.thread[i];
	long err = l4_error(l4_factory_create_thread(sb.factory, th));
	if (err)
		return err;
	/* UTCBs 1, 3, 5; the one after each holds its canary (fuzz_gen.h). */
	l4_addr_t utcb = fuzz_utcb(i);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)utcb, sb.task[i / FUZZ_THREADS_PER_TASK]);
	if (i % 2) {
		l4_cap_idx_t handler = (l4_cap_idx_t)(FS_GATES + (i + 1) % FUZZ_GATES)
				       << L4_CAP_SHIFT;
		l4_thread_control_pager(handler);
		l4_thread_control_exc_handler(handler);
	}
	err = l4_error(l4_thread_control_commit(th));
	if (!err)
		err = l4_error(l4_thread_arm_set_tpidruro(th, FUZZ_TPIDRURO + i));
	return err;
}

/* Everything in the sandbox, made by F (which exists). */
static long build_sandbox(const struct run *r)
{
	long err = l4_error(l4_factory_create_scheduler(sb.factory, sb.sched, L4_BASE_SCHEDULER_CAP,
							KT_MAIN_PRIO - 1, 0));
	for (unsigned i = 0; i < FUZZ_TASKS && !err; i++) {
		err =
		    l4_error(l4_factory_create_factory(sb.factory, sb.task_factory[i], TASK_KMEM));
		if (!err)
			err = l4_error(l4_factory_create_task(
			    sb.factory, sb.task[i],
			    l4_fpage(KT_UTCB_AREA, FUZZ_UTCB_AREA_ORDER, L4_FPAGE_RW)));
		if (!err)
			err = map_memory(sb.task[i]);
	}
	for (unsigned i = 0; i < FUZZ_THREADS && !err; i++)
		err = make_thread(i);
	for (unsigned k = 0; k < FUZZ_GATES && !err; k++)
		err =
		    l4_error(l4_factory_create_gate(sb.factory, sb.gate[k], sb.thread[k], k << 4));
	for (unsigned k = 0; k < FUZZ_IRQS && !err; k++) {
		err = l4_error(l4_factory_create_irq(sb.factory, sb.irq[k]));
		if (!err)
			err = l4_error(l4_rcv_ep_bind_thread(
			    sb.irq[k], sb.thread[k * FUZZ_THREADS_PER_TASK + 2], 0x100 + k));
	}
	for (unsigned i = 0; i < FUZZ_TASKS && !err; i++)
		err = map_caps(i, r);
	return err;
}

/* Priority and quantum of fuzzer thread @i: below the controller, varied. */
static long start_threads(uint64_t bseed)
{
	static const unsigned quanta[] = {0, 300, 2000};
	for (unsigned i = 0; i < FUZZ_THREADS; i++) {
		uint64_t x = fuzz_mix(bseed ^ (0x100 + i));
		l4_sched_param_t sp = l4_sched_param(10 + (unsigned)(x % 80), quanta[(x >> 8) % 3]);
		long err = l4_error(l4_thread_ex_regs(sb.thread[i], (l4_addr_t)fuzz_reenter, 0, 0));
		if (!err)
			err = l4_error(l4_scheduler_run_thread(sb.sched, sb.thread[i], &sp));
		if (err)
			return err;
	}
	return 0;
}

static void delete_sandbox(void)
{
	l4_task_delete_obj(L4_BASE_TASK_CAP, sb.sched);
	for (unsigned i = 0; i < FUZZ_THREADS; i++)
		l4_task_delete_obj(L4_BASE_TASK_CAP, sb.thread[i]);
	for (unsigned k = 0; k < FUZZ_GATES; k++)
		l4_task_delete_obj(L4_BASE_TASK_CAP, sb.gate[k]);
	for (unsigned k = 0; k < FUZZ_IRQS; k++)
		l4_task_delete_obj(L4_BASE_TASK_CAP, sb.irq[k]);
	for (unsigned i = 0; i < FUZZ_TASKS; i++) {
		l4_task_delete_obj(L4_BASE_TASK_CAP, sb.task_factory[i]);
		l4_task_delete_obj(L4_BASE_TASK_CAP, sb.task[i]);
	}
}

static unsigned long made(void)
{
	unsigned long sum = 0;
	for (unsigned i = 0; i < FUZZ_THREADS; i++) {
		unsigned d = fuzz_page.s.threads[i].done, q = fuzz_page.s.threads[i].quota;
		sum += d < q ? d : q; /* a wild write there must not count */
	}
	return sum;
}

/* Let the fuzzers run until they made their quotas or stopped making progress.
 * Return: how late the controller woke at worst (microseconds): above all fuzzers,
 * it runs as soon as its sleep ends, unless the kernel is busy with interrupts off. */
/* Each fuzzer's newest invocation when the controller first woke too late: the one
 * that kept the kernel busy is among them. */
static struct fuzz_record late_rec[FUZZ_THREADS];
static unsigned long late_seq[FUZZ_THREADS];

static void snapshot_newest(void)
{
	for (unsigned i = 0; i < FUZZ_THREADS; i++) {
		const struct fuzz_thread *t = &fuzz_page.s.threads[i];
		unsigned newest = 0;
		for (unsigned k = 1; k < FUZZ_LAST; k++)
			if (t->last_seq[k] > t->last_seq[newest])
				newest = k;
		late_rec[i] = t->last[newest];
		late_seq[i] = t->last_seq[newest];
	}
}

static uint64_t wait_fuzzers(uint64_t limit)
{
	unsigned long last = 0;
	unsigned stalls = 0, quota = 0;
	uint64_t worst = 0;
	for (unsigned i = 0; i < FUZZ_THREADS; i++)
		quota += fuzz_page.s.threads[i].quota;
	while (stalls < STALL_POLLS) {
		uint64_t due = kt_now_us() + POLL_US;
		kt_sleep_us(POLL_US);
		uint64_t now_us = kt_now_us();
		if (now_us > due && now_us - due > worst) {
			if (now_us - due > limit && worst <= limit)
				snapshot_newest();
			worst = now_us - due;
		}
		unsigned long now = made();
		if (now >= quota)
			break;
		stalls = now == last ? stalls + 1 : 0;
		last = now;
	}
	return worst;
}

/* ---- the invariants ---- */

static char problem[160];

/* Every interrupt line is free again: the root can bind a probe IRQ to it (lines users
 * may not bind refuse with another error). */
static bool lines_free(void)
{
	for (unsigned n = 0; n < irq_lines; n++) {
		long err = l4_error(l4_icu_bind(L4_BASE_ICU_CAP, n, sb.probe_irq));
		if (err == -L4_EBUSY) {
			snprintf(problem, sizeof(problem), "interrupt line %u is still bound", n);
			return false;
		}
		if (!err)
			l4_icu_unbind(L4_BASE_ICU_CAP, n, sb.probe_irq);
	}
	return true;
}

static bool root_intact(void)
{
	static const l4_cap_idx_t handed_out[] = {L4_BASE_LOG_CAP, L4_BASE_ICU_CAP,
						  L4_BASE_SCHEDULER_CAP};
	for (unsigned i = 0; i < sizeof(handed_out) / sizeof(handed_out[0]); i++) {
		if (kt_has_child(L4_BASE_TASK_CAP, handed_out[i]) != 0) {
			snprintf(problem, sizeof(problem),
				 "root capability %lu still has derived copies",
				 handed_out[i] >> L4_CAP_SHIFT);
			return false;
		}
	}
	for (unsigned long s = 1; s <= 7; s++) {
		if (s != 4 && kt_valid(L4_BASE_TASK_CAP, s << L4_CAP_SHIFT) != 1) {
			snprintf(problem, sizeof(problem), "root capability %lu is gone", s);
			return false;
		}
	}
	for (unsigned i = 0; i < CANARY_WORDS; i++) {
		if (canary[i] != canary_word(i)) {
			snprintf(problem, sizeof(problem), "root memory changed at %p",
				 (void *)&canary[i]);
			return false;
		}
	}
	return lines_free();
}

/* ---- a batch ---- */

static void prepare_shared(const struct run *r, unsigned b, uint64_t bseed, unsigned batch_size)
{
	memset(&fuzz_page, 0, sizeof(fuzz_page));
	struct fuzz_config *c = &fuzz_page.s.config;
	c->avoid = r->avoid;
	c->max_prio = KT_MAIN_PRIO - 1;
	c->play = PLAY_ADDR;
	c->play_order = PLAY_ORDER;
	c->image_lo = PROGRAM_START;
	c->image_hi = (l4_addr_t)__stack_top;
	c->utcb_area = KT_UTCB_AREA;
	c->irq_lines = irq_lines;
	c->trace = r->trace && (r->trace_batch < 0 || r->trace_batch == (long)b);
	c->trace_from = r->trace_from;
	for (unsigned i = 0; i < FUZZ_THREADS; i++) {
		struct fuzz_thread *t = &fuzz_page.s.threads[i];
		t->rng = fuzz_mix(bseed + i) | 1;
		t->index = i;
		t->task = i / FUZZ_THREADS_PER_TASK;
		t->quota = batch_size / FUZZ_THREADS;
		fuzz_beliefs_init(t);
		fuzz_page.s.stack_top[i] = (l4_addr_t)&fuzz_page.s.stacks[i][FUZZ_STACK_SIZE];
		t->canary = fuzz_utcb(i) + L4_UTCB_OFFSET;
	}
}

/*
 * How late the controller may wake: issue 12's bound on the longest stretch with
 * interrupts off, 50,000 instructions (50 us under -icount shift=0, one nanosecond an
 * instruction), plus its own way through the kernel. While big flexpages are avoided
 * (their unmap is not preemptible yet) the bound is only a sanity check.
 */
static uint64_t latency_limit(const struct run *r)
{
	return r->avoid & FUZZ_AVOID_BIG_FPAGES ? 100000 : 60;
}

static void print_record(unsigned i, const char *what, const struct fuzz_record *l)
{
	uint64_t hz = l4re_kip()->frequency_counter;
	printf("fuzz: thread %u's %s invocation (%llu us): cap %08lx tag %08lx to %08lx mr", i,
	       what, (unsigned long long)(l->ticks * 1000000 / hz), l->capword, l->tag, l->timeout);
	for (unsigned k = 0; k < 8; k++)
		printf(" %08lx", l->mr[k]);
	printf("\n");
}

/* Where a latency came from: each fuzzer's newest invocation when the controller woke
 * too late, and its longest that could not block. */
static void print_longest(void)
{
	char what[40];
	for (unsigned i = 0; i < FUZZ_THREADS; i++) {
		snprintf(what, sizeof(what), "#%lu (newest when late)", late_seq[i]);
		print_record(i, what, &late_rec[i]);
	}
	for (unsigned i = 0; i < FUZZ_THREADS; i++)
		print_record(i, "longest", &fuzz_page.s.threads[i].longest);
}

/* The invocations made since fuzzer @victim's last began (its own included), as they
 * were when it saw the overrun: the culprit is among them. */
static void print_invocations(unsigned victim)
{
	unsigned long from = 0;
	for (unsigned k = 0; k < FUZZ_LAST; k++)
		if (fuzz_page.s.at_overrun_seq[victim][k] > from)
			from = fuzz_page.s.at_overrun_seq[victim][k];
	char what[24];
	for (unsigned i = 0; i < FUZZ_THREADS; i++) {
		for (unsigned k = 0; k < FUZZ_LAST; k++) {
			if (fuzz_page.s.at_overrun_seq[i][k] < from)
				continue;
			snprintf(what, sizeof(what), "#%lu", fuzz_page.s.at_overrun_seq[i][k]);
			print_record(i, what, &fuzz_page.s.at_overrun[i][k]);
		}
	}
}

/* The test kernel's check of its own objects, capabilities and mappings
 * (L4_ICU_OP_KEEL_TEST_SELF_CHECK); what it finds is printed on the console.
 * Return: 0, or the error. */
static long self_check(void)
{
	l4_utcb_mr()->mr[0] = L4_ICU_OP_KEEL_TEST_SELF_CHECK;
	return l4_error(l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 1, 0, 0),
				    L4_IPC_NEVER));
}

/* One batch; Return: invocations made, or -1 with problem[] saying what broke. */
static long batch(const struct run *r, unsigned b, uint32_t *digest, uint64_t *latency)
{
	uint64_t bseed = fuzz_mix(r->seed ^ fuzz_mix(b));
	prepare_shared(r, b, bseed, r->batch_size);
	l4_umword_t root_used, root_free, f_used = 0, f_free;
	kmem_figures(L4_BASE_FACTORY_CAP, &root_used, &root_free);
	long err =
	    l4_error(l4_factory_create_factory(L4_BASE_FACTORY_CAP, sb.factory, SANDBOX_KMEM));
	if (!err)
		kmem_figures(sb.factory, &f_used, &f_free);
	if (!err)
		err = build_sandbox(r);
	if (!err)
		err = start_threads(bseed);
	if (err) {
		snprintf(problem, sizeof(problem), "cannot build the sandbox: error %ld", err);
		return -1;
	}
	uint64_t late = wait_fuzzers(latency_limit(r));
	long count = (long)made();
	if (fuzz_page.s.overrun_seen) {
		unsigned i = fuzz_page.s.overrun_by % FUZZ_THREADS;
		print_invocations(i);
		snprintf(problem, sizeof(problem),
			 "the kernel wrote past the UTCB of fuzzer %u (seen after invocation #%lu "
			 "of the batch: word %u after it held %08lx)",
			 i, fuzz_page.s.threads[i].overrun - 1, fuzz_page.s.overrun_word,
			 (unsigned long)fuzz_page.s.overrun_value);
		delete_sandbox();
		l4_task_delete_obj(L4_BASE_TASK_CAP, sb.factory);
		return -1;
	}
	*digest = 0;
	for (unsigned i = 0; i < FUZZ_THREADS; i++)
		*digest = *digest * 0x9e3779b1u + fuzz_page.s.threads[i].digest;
	if (self_check() != 0) {
		snprintf(problem, sizeof(problem),
			 "the kernel's self-check found a broken structure after the batch");
		return -1;
	}
	delete_sandbox();
	l4_umword_t f_used_after, root_used_after, root_free_after;
	kmem_figures(sb.factory, &f_used_after, &f_free);
	l4_task_delete_obj(L4_BASE_TASK_CAP, sb.factory);
	kmem_figures(L4_BASE_FACTORY_CAP, &root_used_after, &root_free_after);
	if (f_used_after != f_used) {
		snprintf(problem, sizeof(problem),
			 "the sandbox's factory has %lu bytes charged after its objects went, %lu "
			 "before",
			 f_used_after, f_used);
		return -1;
	}
	if (root_used_after != root_used || root_free_after != root_free) {
		snprintf(problem, sizeof(problem),
			 "the root factory has %lu bytes charged and %lu free after the batch, %lu "
			 "and %lu before",
			 root_used_after, root_free_after, root_used, root_free);
		return -1;
	}
	if (!root_intact())
		return -1;
	if (self_check() != 0) {
		snprintf(problem, sizeof(problem),
			 "the kernel's self-check found a broken structure after the teardown");
		return -1;
	}
	*latency = late;
	if (late > latency_limit(r)) {
		print_longest();
		snprintf(
		    problem, sizeof(problem),
		    "the controller woke %llu us late: the kernel kept interrupts off that long",
		    (unsigned long long)late);
		return -1;
	}
	return count;
}

static void print_run(const struct run *r)
{
	printf("fuzz: seed %#llx, %lu invocations in batches of %u", (unsigned long long)r->seed,
	       r->count, r->batch_size);
	if (r->only_batch >= 0)
		printf(", batch %ld only", r->only_batch);
	if (r->avoid)
		printf(", avoiding %s", r->avoid_text);
	printf("\n");
}

static void alloc_slots(void)
{
	sb.factory = kt_cap_alloc();
	sb.sched = kt_cap_alloc();
	sb.probe_irq = kt_cap_alloc();
	for (unsigned i = 0; i < FUZZ_TASKS; i++) {
		sb.task_factory[i] = kt_cap_alloc();
		sb.task[i] = kt_cap_alloc();
	}
	for (unsigned i = 0; i < FUZZ_THREADS; i++)
		sb.thread[i] = kt_cap_alloc();
	for (unsigned k = 0; k < FUZZ_GATES; k++)
		sb.gate[k] = kt_cap_alloc();
	for (unsigned k = 0; k < FUZZ_IRQS; k++)
		sb.irq[k] = kt_cap_alloc();
}

KTEST(random_invocations_do_not_break_the_kernel)
{
	KT_SCOPE();
	struct run r;
	KT_ASSERT(read_run(&r)); /* fuzz.avoid names something unknown */
	print_run(&r);
	alloc_slots();
	irq_lines = icu_lines();
	KT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, sb.probe_irq)), 0);
	kt_own(sb.probe_irq);
	for (unsigned i = 0; i < CANARY_WORDS; i++)
		canary[i] = canary_word(i);
	unsigned long total = 0;
	unsigned b = r.only_batch >= 0 ? (unsigned)r.only_batch : 0, batches = 0, stalled = 0;
	while (total < r.count) {
		uint32_t digest;
		uint64_t late = 0;
		long n = batch(&r, b, &digest, &late);
		if (n < 0) {
			ktest_fail(
			    __FILE__, __LINE__,
			    "batch %u: %s (replay: ./scripts/fuzz --seed %#llx --batch %u%s%s)", b,
			    problem, (unsigned long long)r.seed, b, r.avoid ? " --avoid " : "",
			    r.avoid_text);
			return;
		}
		printf("fuzz: batch %u: %ld invocations, digest %08x, woke up to %llu us late\n", b,
		       n, (unsigned)digest, (unsigned long long)late);
		total += (unsigned long)n;
		batches++;
		stalled = n < (long)r.batch_size / 10 ? stalled + 1 : 0;
		KT_ASSERT(stalled < 100); /* batch after batch without progress */
		if (r.only_batch >= 0)
			break;
		b++;
	}
	printf("fuzz: %lu invocations in %u batches, seed %#llx\n", total, batches,
	       (unsigned long long)r.seed);
	KT_EQ(l4_vcon_write(L4_BASE_LOG_CAP, "fuzz: done\n", 11), 11);
}

KTEST(root_factory_still_creates_after_fuzzing)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0), 0);
	KT_EQ(kt_valid(L4_BASE_TASK_CAP, gate), 1);
}
