/* fuzz_gen.c - the kernel fuzzer's invocations: random, mostly well-formed, often not. */
#include "fuzz_gen.h"
#include <stddef.h>
#include <l4/sys/abi/factory.h>
#include <l4/sys/abi/irq.h>
#include <l4/sys/abi/kobject.h>
#include <l4/sys/abi/scheduler.h>
#include <l4/sys/abi/semaphore.h>
#include <l4/sys/abi/task.h>
#include <l4/sys/abi/thread.h>
#include <l4/sys/abi/vcon.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/utcb.h>
#include <l4/sys/vcon.h>

/*
 * Everything here runs in the sandbox tasks, which share the program image with the
 * root task read-only: the only memory this code writes is the fuzzer's own state in
 * struct fuzz_shared (mapped read-write into both sandboxes) and the UTCB. So no C
 * library call, no other global.
 */

/* The kernel's size limit on a message: words + 2 * items. */
#define MSG_WORDS L4_UTCB_GENERIC_DATA_SIZE
/* Buffer registers a fuzzer sets up before each invocation (the rest keep old values). */
#define FUZZ_BRS 8
/* The KIP's address, where no mapping may go. */
#define KIP_ADDR 0xbfeff000UL

union fuzz_page fuzz_page __attribute__((aligned(1u << FUZZ_SHARED_ORDER)));

_Static_assert(sizeof(union fuzz_page) == (1u << FUZZ_SHARED_ORDER), "exactly one flexpage");

static uint32_t rnd(struct fuzz_thread *t)
{
	/* xorshift64* */
	uint64_t x = t->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	t->rng = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1dULL) >> 32);
}

static unsigned below(struct fuzz_thread *t, unsigned n)
{
	return rnd(t) % n;
}

static bool chance(struct fuzz_thread *t, unsigned percent)
{
	return below(t, 100) < percent;
}

/**
 * fuzz_mix() - splitmix64's finaliser: independent seeds for batches and threads.
 */
uint64_t fuzz_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/**
 * fuzz_beliefs_init() - what the controller put into every sandbox task's table.
 */
void fuzz_beliefs_init(struct fuzz_thread *t)
{
	for (unsigned i = 0; i < FUZZ_BELIEF_SLOTS; i++)
		t->belief[i] = FK_NONE;
	t->belief[FS_TASK] = FK_TASK;
	t->belief[FS_OTHER_TASK] = FK_TASK;
	t->belief[FS_FACTORY] = FK_FACTORY;
	t->belief[FS_OTHER_FACT] = FK_FACTORY;
	t->belief[FS_THREAD] = FK_THREAD;
	t->belief[FS_LOG] = FK_LOG;
	t->belief[FS_ICU] = FK_ICU;
	t->belief[FS_SCHED] = FK_SCHED;
	for (unsigned i = 0; i < FUZZ_THREADS; i++)
		t->belief[FS_THREADS + i] = FK_THREAD;
	for (unsigned i = 0; i < FUZZ_GATES; i++)
		t->belief[FS_GATES + i] = FK_GATE;
	for (unsigned i = 0; i < FUZZ_IRQS; i++)
		t->belief[FS_IRQS + i] = FK_IRQ;
}

/* ---- values ---- */

/* A slot that probably holds an object of @kind; sometimes any slot, also far beyond
 * the table's end (slot bits are 20 wide, the table 65,536 slots). */
static unsigned pick_slot(struct fuzz_thread *t, enum fuzz_kind kind)
{
	unsigned r = below(t, 100);
	if (r < 65) {
		unsigned start = below(t, FUZZ_BELIEF_SLOTS);
		for (unsigned i = 0; i < FUZZ_BELIEF_SLOTS; i++) {
			unsigned s = (start + i) % FUZZ_BELIEF_SLOTS;
			if (t->belief[s] == kind)
				return s;
		}
	}
	if (r < 88)
		return below(t, FUZZ_BELIEF_SLOTS);
	if (r < 97)
		return below(t, 65536);
	return below(t, 1u << 20);
}

static l4_umword_t cap_of(unsigned slot)
{
	return (l4_umword_t)slot << L4_CAP_SHIFT;
}

/* A memory address: in the play region, the shared image, the pages at the top
 * (UTCBs, KIP, environment), or anywhere. */
static l4_addr_t pick_addr(struct fuzz_thread *t, const struct fuzz_config *c)
{
	unsigned r = below(t, 100);
	if (r < 55)
		return c->play + (below(t, 1u << c->play_order) & ~0xfffu);
	if (r < 57) /* rarely: it is where the fuzzers' own code and stacks are */
		return c->image_lo + (below(t, (unsigned)(c->image_hi - c->image_lo)) & ~0xfffu);
	if (r < 72) {
		static const l4_addr_t top[] = {KIP_ADDR,   0xbfe00000, 0xbff00000, 0xbff01000,
						0xc0000000, 0xbffff000, 0};
		return top[below(t, sizeof(top) / sizeof(top[0]))];
	}
	return rnd(t);
}

static unsigned mem_order(struct fuzz_thread *t)
{
	unsigned r = below(t, 100);
	if (r < 70)
		return 12 + below(t, 5); /* 4 KiB .. 64 KiB */
	if (r < 93)
		return 12 + below(t, 20); /* up to 2 GiB */
	return below(t, 64);		  /* anything the field holds */
}

static l4_umword_t mem_fpage(struct fuzz_thread *t, const struct fuzz_config *c)
{
	return l4_fpage(pick_addr(t, c), mem_order(t), (unsigned char)below(t, 16)).raw;
}

static l4_umword_t obj_fpage(struct fuzz_thread *t, enum fuzz_kind kind)
{
	unsigned r = below(t, 100);
	unsigned order = r < 85 ? 0 : r < 96 ? below(t, 6) : below(t, 18);
	return l4_obj_fpage(cap_of(pick_slot(t, kind)), order, (unsigned char)below(t, 16)).raw;
}

static l4_umword_t any_fpage(struct fuzz_thread *t, const struct fuzz_config *c)
{
	unsigned r = below(t, 100);
	if (r < 55)
		return mem_fpage(t, c);
	if (r < 90)
		return obj_fpage(t, (enum fuzz_kind)below(t, FK_KINDS));
	if (r < 95)
		return l4_fpage_all().raw | below(t, 16);
	return rnd(t);
}

/* A receive buffer: a capability slot, a memory window, or junk. */
static l4_umword_t rcv_buffer(struct fuzz_thread *t, const struct fuzz_config *c)
{
	unsigned r = below(t, 100);
	if (r < 50)
		return cap_of(FS_CREATE + below(t, FUZZ_BELIEF_SLOTS - FS_CREATE)) |
		       L4_RCV_ITEM_SINGLE_CAP | (chance(t, 20) ? L4_RCV_ITEM_LOCAL_ID : 0);
	if (r < 75)
		return l4_fpage(pick_addr(t, c), 12 + below(t, 6), 0).raw | L4_ITEM_MAP;
	if (r < 85)
		return l4_fpage_all().raw | L4_ITEM_MAP;
	return rnd(t);
}

/* A word that often means something: a small number, flexpage, capability index,
 * map control word, receive buffer, protocol, or anything. */
static l4_umword_t word(struct fuzz_thread *t, const struct fuzz_config *c)
{
	static const l4_umword_t special[] = {
	    ~0UL,
	    0x80000000UL,
	    L4_FP_ALL_SPACES,
	    L4_FP_DELETE_OBJ,
	    L4_INVALID_CAP,
	    0x7fffffffUL,
	    (l4_umword_t)L4_PROTO_TASK,
	    0xfffff000UL,
	    L4_THREAD_EX_REGS_CANCEL | L4_THREAD_EX_REGS_OP,
	    L4_THREAD_CONTROL_BIND_TASK | L4_THREAD_CONTROL_ALIEN,
	};
	switch (below(t, 10)) {
	case 0:
		return below(t, 8);
	case 1:
		return obj_fpage(t, (enum fuzz_kind)below(t, FK_KINDS));
	case 2:
		return mem_fpage(t, c);
	case 3:
		return cap_of(pick_slot(t, (enum fuzz_kind)below(t, FK_KINDS))) | below(t, 16);
	case 4:
		return l4_map_control(cap_of(below(t, FUZZ_BELIEF_SLOTS)),
				      (unsigned char)below(t, 16),
				      chance(t, 25) ? L4_MAP_ITEM_GRANT : 0);
	case 5:
		return special[below(t, sizeof(special) / sizeof(special[0]))];
	case 6:
		return rcv_buffer(t, c);
	case 7:
		return pick_addr(t, c);
	default:
		return rnd(t);
	}
}

/* ---- one invocation ---- */

/* What is being built: the capability word, the tag's parts, the timeouts. */
struct call {
	unsigned slot;
	unsigned flags;
	long label;
	unsigned words;
	unsigned items;
	unsigned tag_flags;
	bool invalid;	/* the invalid capability instead of the slot */
	bool ipc;	/* an IPC: more often with time to wait for a partner */
	bool zero_tail; /* clear the message registers after the words, and the buffers */
	l4_timeout_t timeout;
	int creates; /* FK_* of the object a factory call creates into br0, or -1 */
};

static void item(l4_umword_t *mr, unsigned at, l4_umword_t control, l4_umword_t fpage)
{
	mr[at] = control;
	mr[at + 1] = fpage;
}

/* An object-flexpage item naming a slot of the caller (an argument capability). */
static void cap_item(struct fuzz_thread *t, l4_umword_t *mr, unsigned at, enum fuzz_kind kind)
{
	item(mr, at, l4_map_obj_control(0, 0),
	     l4_obj_fpage(cap_of(pick_slot(t, kind)), 0, (unsigned char)below(t, 16)).raw);
}

static void build_task(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
		       struct call *k)
{
	k->slot = pick_slot(t, FK_TASK);
	k->label = L4_PROTO_TASK;
	k->flags = L4_SYSF_CALL;
	switch (below(t, 10)) {
	case 0:
	case 1:
	case 2:
	case 3: /* map: objects (a derive storm) or memory, sometimes granted */
		mr[0] = L4_TASK_MAP_OP;
		if (chance(t, 55)) {
			mr[1] = l4_map_obj_control(cap_of(pick_slot(t, FK_NONE)),
						   chance(t, 20) ? L4_MAP_ITEM_GRANT : 0) |
				(below(t, 8) << 5);
			mr[2] = obj_fpage(t, (enum fuzz_kind)below(t, FK_KINDS));
		} else {
			mr[1] = l4_map_control(pick_addr(t, c), 0,
					       chance(t, 15) ? L4_MAP_ITEM_GRANT : 0);
			mr[2] = mem_fpage(t, c);
		}
		k->words = 3;
		k->items = 1;
		cap_item(t, mr, 3, FK_TASK);
		break;
	case 4:
	case 5:
	case 6:
	case 7: { /* unmap: revoke and delete storms, memory unmaps */
		static const l4_umword_t masks[] = {L4_FP_OTHER_SPACES, L4_FP_ALL_SPACES,
						    L4_FP_DELETE_OBJ};
		unsigned n = 1 + below(t, 5);
		mr[0] = L4_TASK_UNMAP_OP;
		mr[1] = chance(t, 90) ? masks[below(t, 3)] : rnd(t);
		/* Deletions mostly of what the fuzzers made: deleting a sandbox task or a
		 * fuzzer thread ends (half) the batch. */
		bool made_only = (mr[1] & L4_FP_DELETE_OBJ) == L4_FP_DELETE_OBJ && chance(t, 97);
		for (unsigned i = 0; i < n; i++) {
			if (made_only)
				mr[2 + i] =
				    l4_obj_fpage(
					cap_of(FS_CREATE + below(t, FUZZ_BELIEF_SLOTS - FS_CREATE)),
					0, L4_CAP_FPAGE_RWSD)
					.raw;
			else if (chance(t, 50))
				mr[2 + i] = obj_fpage(t, (enum fuzz_kind)below(t, FK_KINDS));
			else
				mr[2 + i] = mem_fpage(t, c);
		}
		k->words = 2 + n;
		break;
	}
	case 8: /* Keel's cap_list from any slot, even far past the table */
		mr[0] = L4_TASK_KEEL_CAP_LIST_OP;
		mr[1] = chance(t, 80) ? below(t, 0x400) : rnd(t);
		k->words = 1 + below(t, 2);
		break;
	default: /* cap_info: valid, has_child, equal */
		mr[0] = L4_TASK_CAP_INFO_OP;
		mr[1] = cap_of(pick_slot(t, (enum fuzz_kind)below(t, FK_KINDS))) | below(t, 2);
		mr[2] = cap_of(pick_slot(t, (enum fuzz_kind)below(t, FK_KINDS)));
		k->words = 2 + below(t, 2);
		break;
	}
}

/*
 * Does [@lo, @hi) touch memory a thread of a sandbox task could write through, if it
 * ran code there or had its stack there: the program image (code, the fuzzers' stacks
 * and shared page), the play region, the UTCB area with the canaries? A thread never
 * gets an ip or sp there from ex_regs: code run at a random place of the image with
 * the registers the thread had (pointers to its UTCB among them), or a stack whose
 * pushes reach the UTCB area (an sp of 0xbff01000, its end, did), writes over a
 * canary, and the canary check could no longer tell the kernel's writes from the
 * fuzzers' own. An ip or sp anywhere else faults at once: the kernel still gets the
 * faults and exceptions of wild threads.
 */
static bool touches(uint64_t lo, uint64_t hi, uint64_t start, uint64_t size)
{
	return lo < start + size && start < hi;
}

static bool sandbox_writable(const struct fuzz_config *c, l4_umword_t lo, l4_umword_t hi)
{
	return touches(lo, hi, c->image_lo, c->image_hi - c->image_lo) ||
	       touches(lo, hi, c->play, 1ul << c->play_order) ||
	       touches(lo, hi, c->utcb_area, 1ul << FUZZ_UTCB_AREA_ORDER);
}

/* A wild ip for ex_regs: @a, or ~0 (keep) if code there could write. */
static l4_umword_t wild_ip(const struct fuzz_config *c, l4_umword_t a)
{
	return a == ~0UL || sandbox_writable(c, a, a + 4) ? ~0UL : a;
}

/* A wild sp: @a, or ~0 (keep) if a fuzzer's deepest stack below it could reach such
 * memory. */
static l4_umword_t wild_sp(const struct fuzz_config *c, l4_umword_t a)
{
	l4_umword_t lo = a > FUZZ_STACK_SIZE ? a - FUZZ_STACK_SIZE : 0;
	return a == ~0UL || sandbox_writable(c, lo, a) ? ~0UL : a;
}

/* An instruction address for ex_regs: keep, re-enter the fuzzer loop, or anything. */
static l4_umword_t pick_ip(struct fuzz_thread *t, const struct fuzz_config *c)
{
	unsigned r = below(t, 100);
	if (r < 60)
		return ~0UL;
	if (r < 80)
		return (l4_umword_t)fuzz_reenter;
	return wild_ip(c, rnd(t));
}

/*
 * TPIDRURO is how a fuzzer thread knows which one it is when it enters fuzz_reenter()
 * (FUZZ_TPIDRURO + its index). No thread is ever given another fuzzer's: it would run
 * as that fuzzer, on its stack (the sandbox tasks share the image), and the two would
 * write over each other's frames and canaries, a false finding. Such a value becomes
 * one of no fuzzer (the thread sleeps when it enters).
 */
static l4_umword_t not_a_fuzzer_id(l4_umword_t v)
{
	return v - FUZZ_TPIDRURO < FUZZ_THREADS ? FUZZ_TPIDRURO + FUZZ_THREADS : v;
}

/* Is @slot one where the controller put a fuzzer thread? Those are mostly treated
 * gently (no wild ip or sp, not made alien), so that a batch lasts. */
static bool fuzzer_slot(unsigned slot)
{
	return slot == FS_THREAD || (slot >= FS_THREADS && slot < FS_THREADS + FUZZ_THREADS);
}

static void build_thread(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
			 struct call *k)
{
	static const l4_umword_t control_flags[] = {
	    L4_THREAD_CONTROL_SET_PAGER, L4_THREAD_CONTROL_SET_EXC_HANDLER,
	    L4_THREAD_CONTROL_BIND_TASK, L4_THREAD_CONTROL_ALIEN};
	k->slot = pick_slot(t, FK_THREAD);
	k->label = L4_PROTO_THREAD;
	k->flags = L4_SYSF_CALL;
	bool gentle = fuzzer_slot(k->slot) && chance(t, 97);
	switch (below(t, 8)) {
	case 0:
	case 1: /* control: pager, exception handler, bind (a UTCB slot or not), alien */
		mr[0] = L4_THREAD_CONTROL_OP;
		for (unsigned i = 0; i < 4; i++)
			if (chance(t, 40))
				mr[0] |= control_flags[i];
		mr[1] = cap_of(pick_slot(t, chance(t, 50) ? FK_GATE : FK_THREAD));
		mr[2] = cap_of(pick_slot(t, chance(t, 50) ? FK_GATE : FK_THREAD));
		mr[4] = chance(t, 50) && !gentle ? L4_THREAD_CONTROL_ALIEN : 0;
		/* A free UTCB slot (0 or 7), one beyond the area, or anything: never a
		 * canary's (a thread there would change it) nor a fuzzer's. */
		mr[5] = chance(t, 80)
			    ? c->utcb_area + (chance(t, 50) ? 0 : 7 + below(t, 9)) * L4_UTCB_OFFSET
			    : word(t, c);
		k->words = 6;
		k->items = 1;
		cap_item(t, mr, 6, FK_TASK);
		break;
	case 2:
	case 3: /* ex_regs: mostly keep ip and sp, maybe cancel the IPC */
		mr[0] = L4_THREAD_EX_REGS_OP | (chance(t, 50) ? L4_THREAD_EX_REGS_CANCEL : 0) |
			(chance(t, 5) ? L4_THREAD_EX_REGS_TRIGGER_EXCEPTION : 0);
		mr[1] = gentle ? (chance(t, 80) ? ~0UL : (l4_umword_t)fuzz_reenter) : pick_ip(t, c);
		mr[2] = chance(t, 85) || gentle ? ~0UL : wild_sp(c, word(t, c));
		k->words = 3;
		break;
	case 4:
		mr[0] = L4_THREAD_SWITCH_OP;
		k->words = 1;
		break;
	case 5:
		mr[0] = L4_THREAD_STATS_OP;
		k->words = 1;
		break;
	case 6:
		mr[0] = gentle ? L4_THREAD_STATS_OP : L4_THREAD_ARM_TPIDRURO_OP;
		mr[1] = not_a_fuzzer_id(chance(t, 70) ? FUZZ_TPIDRURO + below(t, FUZZ_THREADS + 2)
						      : word(t, c));
		k->words = 2;
		break;
	default: /* an opcode nobody implements */
		mr[0] = below(t, 0x20) | (chance(t, 20) ? rnd(t) & 0xffff0000u : 0);
		k->words = 1 + below(t, 4);
		break;
	}
}

static void build_factory(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
			  l4_umword_t *br, struct call *k)
{
	static const long protos[] = {L4_PROTO_TASK,
				      L4_PROTO_THREAD,
				      0,
				      L4_PROTO_KOBJECT,
				      L4_PROTO_FACTORY,
				      L4_PROTO_IRQ_SENDER,
				      L4_PROTO_IRQ,
				      L4_PROTO_SCHEDULER,
				      L4_FACTORY_KEEL_INFO_OP,
				      L4_PROTO_LOG,
				      12345,
				      L4_PROTO_SEMAPHORE};
	/* A semaphore counts as an IRQ: its up is the IRQ trigger (build_endpoint()). */
	static const int kinds[] = {FK_TASK, FK_THREAD, FK_GATE, FK_GATE, FK_FACTORY, FK_IRQ,
				    FK_IRQ,  FK_SCHED,	-1,	 -1,	  -1,	      FK_IRQ};
	_Static_assert(sizeof(protos) / sizeof(protos[0]) == sizeof(kinds) / sizeof(kinds[0]),
		       "a kind for each protocol");
	unsigned p = below(t, sizeof(protos) / sizeof(protos[0]));
	unsigned dst = chance(t, 85) ? FS_CREATE + below(t, FUZZ_BELIEF_SLOTS - FS_CREATE)
				     : pick_slot(t, FK_NONE);
	k->slot = pick_slot(t, FK_FACTORY);
	k->label = L4_PROTO_FACTORY;
	k->flags = L4_SYSF_CALL;
	k->creates = kinds[p];
	mr[0] = (l4_umword_t)protos[p];
	br[0] = chance(t, 95) ? cap_of(dst) | L4_RCV_ITEM_SINGLE_CAP : word(t, c);
	k->words = 1;
	if (protos[p] == L4_PROTO_TASK) {
		/* A UTCB area: mostly a good one, or anywhere, any order. */
		unsigned order = chance(t, 80) ? 9 + below(t, 4) : below(t, 64);
		l4_addr_t at = chance(t, 70) ? c->utcb_area : pick_addr(t, c);
		mr[1] = L4_VARG_TYPE_FPAGE | (sizeof(l4_umword_t) << 16);
		mr[2] = l4_fpage(at, order, L4_FPAGE_RW).raw;
		k->words = 3;
	} else if (protos[p] == L4_PROTO_SCHEDULER) {
		/* A scheduler: its range's limit and base, its parent an item. */
		mr[1] = L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16);
		mr[2] = chance(t, 80) ? below(t, 256) : rnd(t);
		mr[3] = L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16);
		mr[4] = chance(t, 80) ? below(t, 256) : rnd(t);
		k->words = 5;
		k->items = 1;
		cap_item(t, mr, 5, FK_SCHED);
	} else if (protos[p] == L4_PROTO_FACTORY) {
		mr[1] = L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16);
		mr[2] = chance(t, 80) ? below(t, 64 * 1024) : rnd(t);
		k->words = 3;
	} else if (protos[p] == 0 || protos[p] == L4_PROTO_KOBJECT) {
		mr[1] = L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16);
		mr[2] = rnd(t);
		k->words = 3;
		if (chance(t, 50)) {
			k->items = 1;
			cap_item(t, mr, 3, FK_THREAD);
		}
	}
	if (chance(t, 10))
		mr[1] = word(t, c); /* a wrong typed argument */
}

/* Gates and IRQs: their KOBJECT operations and the IRQ protocol. */
static void build_endpoint(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
			   struct call *k)
{
	bool irq = chance(t, 50);
	k->slot = pick_slot(t, irq ? FK_IRQ : FK_GATE);
	k->flags = L4_SYSF_CALL;
	unsigned r = below(t, 10);
	if (r < 4 || !irq) {
		k->label = L4_PROTO_KOBJECT;
		mr[0] = r < 3	? L4_RCV_EP_BIND_OP
			: r < 6 ? L4_IPC_GATE_GET_INFO_OP
				: below(t, 0x20);
		mr[1] = chance(t, 80) ? (l4_umword_t)below(t, 64) << 2 : rnd(t);
		k->words = 2;
		if (mr[0] == L4_RCV_EP_BIND_OP && chance(t, 90)) {
			k->items = 1;
			cap_item(t, mr, 2, FK_THREAD);
		}
		return;
	}
	if (chance(t, 20)) { /* a semaphore's down (the slot may hold one), with a timeout */
		k->label = L4_PROTO_SEMAPHORE;
		mr[0] = chance(t, 80) ? L4_SEMAPHORE_OP_DOWN : below(t, 4);
		k->words = below(t, 3);
		return;
	}
	static const l4_umword_t ops[] = {L4_IRQ_OP_TRIGGER, L4_IRQ_SENDER_OP_DETACH, L4_IRQ_OP_EOI,
					  3, 7};
	k->label = chance(t, 70) ? L4_PROTO_IRQ : L4_PROTO_IRQ_SENDER;
	mr[0] = ops[below(t, sizeof(ops) / sizeof(ops[0]))];
	if (mr[0] == L4_IRQ_OP_EOI && chance(t, 40))
		k->flags = L4_SYSF_SEND | L4_SYSF_RECV | L4_SYSF_OPEN_WAIT;
	else if (chance(t, 30))
		k->flags = L4_SYSF_SEND;
	k->words = 1 + below(t, 2);
	mr[1] = word(t, c);
}

static void build_icu(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
		      struct call *k)
{
	static const l4_umword_t ops[] = {
	    L4_ICU_OP_BIND, L4_ICU_OP_UNBIND,	L4_ICU_OP_INFO,		  L4_ICU_OP_UNMASK,
	    L4_ICU_OP_MASK, L4_ICU_OP_SET_MODE, L4_ICU_OP_KEEL_TEST_PEND, 3};
	k->slot = pick_slot(t, FK_ICU);
	k->label = L4_PROTO_IRQ;
	k->flags = L4_SYSF_CALL;
	mr[0] = ops[below(t, sizeof(ops) / sizeof(ops[0]))];
	/* Lines: mostly the device lines (the GIC's SPIs from 32; the VIC's from 1), also
	 * those below them (SGIs and PPIs; the VIC's line 0) and beyond the last. */
	unsigned first = c->irq_lines > 32 ? 32 : 1;
	mr[1] = chance(t, 80)	? first + below(t, c->irq_lines > first ? c->irq_lines - first : 1)
		: chance(t, 50) ? below(t, first)
				: word(t, c);
	mr[2] = chance(t, 70) ? below(t, 16) : word(t, c);
	k->words = 1 + below(t, 3);
	if (mr[0] == L4_ICU_OP_BIND || mr[0] == L4_ICU_OP_UNBIND) {
		k->words = 2;
		k->items = 1;
		cap_item(t, mr, 2, FK_IRQ);
	}
	if ((mr[0] == L4_ICU_OP_UNMASK || mr[0] == L4_ICU_OP_MASK) && chance(t, 20))
		k->flags = L4_SYSF_SEND | L4_SYSF_RECV | L4_SYSF_OPEN_WAIT;
}

static void build_sched(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
			struct call *k)
{
	k->slot = pick_slot(t, FK_SCHED);
	k->label = L4_PROTO_SCHEDULER;
	k->flags = L4_SYSF_CALL;
	unsigned r = below(t, 10);
	mr[0] = r < 6	? L4_SCHEDULER_RUN_THREAD_OP
		: r < 8 ? L4_SCHEDULER_INFO_OP
		: r < 9 ? L4_SCHEDULER_IDLE_TIME_OP
			: word(t, c);
	mr[1] = chance(t, 80) ? 0 : word(t, c);
	mr[2] = chance(t, 80) ? 1 : word(t, c);
	mr[3] = chance(t, 85) ? 1 + below(t, 255) : word(t, c);
	mr[4] = chance(t, 50) ? 0 : chance(t, 80) ? 100 + below(t, 5000) : word(t, c);
	k->words = 5;
	k->items = 1;
	cap_item(t, mr, 5, FK_THREAD);
	if (chance(t, 10))
		k->words = below(t, 5);
}

static void build_log(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
		      struct call *k)
{
	k->slot = pick_slot(t, FK_LOG);
	k->label = L4_PROTO_LOG;
	k->flags = L4_SYSF_CALL;
	mr[0] = chance(t, 80) ? L4_VCON_WRITE_OP : below(t, 8);
	mr[1] = chance(t, 70) ? below(t, 260) : word(t, c);
	k->words = 2 + below(t, MSG_WORDS - 1);
}

/* IPC: to threads and through gates, replies and waits, with capability and memory
 * items, with the flags in every combination. */
static void build_ipc(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
		      struct call *k)
{
	static const unsigned flag_sets[] = {L4_SYSF_SEND,
					     L4_SYSF_CALL,
					     L4_SYSF_RECV,
					     L4_SYSF_WAIT,
					     L4_SYSF_SEND_AND_WAIT,
					     L4_SYSF_REPLY_AND_WAIT,
					     L4_SYSF_REPLY | L4_SYSF_RECV,
					     L4_SYSF_REPLY | L4_SYSF_WAIT,
					     L4_SYSF_REPLY};
	static const long labels[] = {0,
				      4,
				      0x1230,
				      L4_PROTO_PAGE_FAULT,
				      L4_PROTO_EXCEPTION,
				      L4_PROTO_IRQ,
				      L4_PROTO_THREAD,
				      L4_PROTO_KOBJECT};
	static const unsigned reply_sets[] = {L4_SYSF_REPLY_AND_WAIT, L4_SYSF_REPLY | L4_SYSF_RECV,
					      L4_SYSF_REPLY | L4_SYSF_WAIT, L4_SYSF_REPLY};
	unsigned r = below(t, 100);
	k->ipc = true;
	k->slot = pick_slot(t, r < 50 ? FK_THREAD : FK_GATE);
	k->invalid = r >= 80;
	/* Calls and open waits most, so that calls meet receivers; then anything. */
	if (r % 10 < 3)
		k->flags = L4_SYSF_CALL;
	else if (r % 10 < 6)
		k->flags = L4_SYSF_WAIT;
	else
		k->flags = chance(t, 90)
			       ? flag_sets[below(t, sizeof(flag_sets) / sizeof(flag_sets[0]))]
			       : below(t, 16);
	bool replying = t->received && chance(t, 90);
	if (replying) { /* answer the caller, if it was a call */
		k->invalid = chance(t, 90);
		k->flags = reply_sets[below(t, sizeof(reply_sets) / sizeof(reply_sets[0]))];
	}
	k->label = chance(t, 85) ? labels[below(t, 6)] : labels[below(t, 8)];
	k->words = chance(t, 85) ? below(t, 9) : below(t, MSG_WORDS + 1);
	if (chance(t,
		   replying ? 30 : 5)) { /* a tag too long for the UTCB: words + 2 * items > 63 */
		k->words = below(t, MSG_WORDS + 1);
		/* Just over, or far over: items reaching past the whole 128-word UTCB. */
		k->items = chance(t, 50) ? (MSG_WORDS - k->words) / 2 + 1 + below(t, 8)
					 : 48 + below(t, 16);
		/* As a fresh thread has it: nothing after the words, no buffers. Items that
		 * are no map items are skipped, so nothing stops a transfer early. */
		k->zero_tail = chance(t, 50);
		return;
	}
	for (unsigned i = 0; i < k->words && i < MSG_WORDS; i++)
		mr[i] = word(t, c);
	k->items = chance(t, 60) ? 0 : 1 + below(t, 3);
	for (unsigned i = 0; i < k->items && k->words + 2 * i + 1 < MSG_WORDS; i++) {
		unsigned at = k->words + 2 * i;
		if (chance(t, 55))
			item(mr, at,
			     l4_map_obj_control(cap_of(pick_slot(t, FK_NONE)),
						chance(t, 15) ? L4_MAP_ITEM_GRANT : 0) |
				 (below(t, 8) << 5),
			     obj_fpage(t, (enum fuzz_kind)below(t, FK_KINDS)));
		else
			item(mr, at,
			     l4_map_control(pick_addr(t, c), 0,
					    chance(t, 15) ? L4_MAP_ITEM_GRANT : 0),
			     chance(t, 90) ? mem_fpage(t, c) : any_fpage(t, c));
	}
}

/* Nothing well-formed at all: any slot and flags, any tag (also too long), words. */
static void build_garbage(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
			  struct call *k)
{
	static const long labels[] = {
	    0,
	    L4_PROTO_TASK,
	    L4_PROTO_THREAD,
	    L4_PROTO_LOG,
	    L4_PROTO_SCHEDULER,
	    L4_PROTO_FACTORY,
	    L4_PROTO_KOBJECT,
	    L4_PROTO_IRQ,
	    L4_PROTO_IRQ_SENDER,
	    L4_PROTO_PAGE_FAULT,
	    L4_PROTO_EXCEPTION,
	    L4_PROTO_SEMAPHORE,
	    L4_PROTO_DEBUGGER,
	    12345,
	};
	k->slot = pick_slot(t, (enum fuzz_kind)below(t, FK_KINDS));
	k->invalid = chance(t, 10);
	k->flags = below(t, 16);
	k->label = chance(t, 80) ? labels[below(t, sizeof(labels) / sizeof(labels[0]))]
				 : (long)(int16_t)rnd(t);
	k->words = below(t, 64);
	k->items = chance(t, 70) ? below(t, 4) : below(t, 64);
	k->tag_flags = below(t, 16);
	for (unsigned i = 0; i < MSG_WORDS; i++)
		if (i < k->words + 2 * k->items || chance(t, 5))
			mr[i] = word(t, c);
}

enum op {
	OP_TASK,
	OP_THREAD,
	OP_FACTORY,
	OP_ENDPOINT,
	OP_ICU,
	OP_SCHED,
	OP_LOG,
	OP_IPC,
	OP_GARBAGE,
	OP_COUNT,
};

/* Per cent of each operation: the invokers', and the stormers' (the last thread of
 * each task), which derive, revoke, delete and create while the others use the
 * objects. */
static const unsigned char invoker_mix[OP_COUNT] = {14, 12, 8, 10, 6, 6, 3, 29, 12};
static const unsigned char stormer_mix[OP_COUNT] = {55, 5, 20, 5, 2, 2, 1, 5, 5};

static enum op pick_op(struct fuzz_thread *t)
{
	if (t->received && chance(t, 90))
		return OP_IPC;
	const unsigned char *mix = t->index % FUZZ_THREADS_PER_TASK == FUZZ_THREADS_PER_TASK - 1
				       ? stormer_mix
				       : invoker_mix;
	unsigned r = below(t, 100), sum = 0;
	for (unsigned i = 0; i < OP_COUNT; i++) {
		sum += mix[i];
		if (r < sum)
			return (enum op)i;
	}
	return OP_GARBAGE;
}

/* Mostly zero timeouts; an IPC more often waits a little, so that partners meet. */
static l4_timeout_t pick_timeout(struct fuzz_thread *t, bool ipc)
{
	unsigned r = below(t, 1000);
	if (r < (ipc ? 400 : 850))
		return L4_IPC_BOTH_TIMEOUT_0;
	if (r < 990) /* up to a quarter of a millisecond each */
		return l4_timeout(l4_timeout_rel(below(t, 256), 0),
				  l4_timeout_rel(below(t, 256), 0));
	if (r < 997) { /* anything: absolute (buffer registers hold the time), long */
		l4_timeout_t to;
		to.raw = rnd(t);
		return to;
	}
	return L4_IPC_NEVER;
}

/* Change a few things of a well-formed call: a word, the counts, the label. */
static void mutate(struct fuzz_thread *t, const struct fuzz_config *c, l4_umword_t *mr,
		   struct call *k)
{
	unsigned n = 1 + below(t, 3);
	for (unsigned i = 0; i < n; i++) {
		switch (below(t, 6)) {
		case 0:
		case 1:
			mr[below(t, 8)] = word(t, c);
			break;
		case 2:
			k->words = below(t, 64);
			break;
		case 3:
			k->items = below(t, 8);
			break;
		case 4:
			k->flags = below(t, 16);
			break;
		default:
			mr[below(t, 8)] ^= 1u << below(t, 32);
			break;
		}
	}
}

/*
 * Keep the invocation away from FS_TRACE (no capability word, flexpage or buffer
 * names that slot, no object-flexpage range covers it), always, so that a run with
 * tracing makes the same invocations; and steer around the known findings the run
 * was told to avoid.
 */
static l4_umword_t sanitize_word(l4_umword_t w, const struct fuzz_config *c)
{
	l4_fpage_t fp = {w};
	if ((w >> L4_CAP_SHIFT) == FS_TRACE)
		w -= 1UL << L4_CAP_SHIFT;
	fp.raw = w;
	unsigned order = l4_fpage_size(fp);
	if (l4_fpage_type(fp) == L4_FPAGE_OBJ && order >= 1 && order <= 16) {
		unsigned long base = (w >> L4_CAP_SHIFT) & ~((1UL << order) - 1);
		if (base + (1UL << order) == FS_TRACE + 1UL)
			w &= ~(0x3fUL << L4_FPAGE_SIZE_SHIFT); /* order 0 */
	}
	if ((c->avoid & FUZZ_AVOID_BIG_FPAGES) && l4_fpage_type(fp) == L4_FPAGE_MEMORY &&
	    order > FUZZ_SMALL_FPAGE_ORDER && order <= 31) {
		w &= ~(0x3fUL << L4_FPAGE_SIZE_SHIFT);
		w |= (l4_umword_t)FUZZ_SMALL_FPAGE_ORDER << L4_FPAGE_SIZE_SHIFT;
	}
	return w;
}

/*
 * The program image (code, the fuzzers' stacks, the shared page) stays as it is in both
 * sandbox tasks: no flexpage of a map, grant or unmap, no receive window and no map
 * item's destination covers it. Why: a fuzzer running on a page another one mapped
 * over its code or stack runs wild with pointers to its UTCB in its registers, and
 * writes over canaries itself (found: a push with sp in the UTCB area); the canary
 * check could no longer tell the kernel's writes from its own. Such a flexpage becomes
 * one of the play region, at most its size; "all" too, where it is not a receive
 * window (there the sender's destination counts).
 */
static bool touches_image(const struct fuzz_config *c, uint64_t lo, uint64_t size)
{
	return touches(lo, lo + size, c->image_lo, c->image_hi - c->image_lo);
}

static l4_umword_t off_image(l4_umword_t w, const struct fuzz_config *c, bool window)
{
	l4_fpage_t fp = {w};
	unsigned order = l4_fpage_size(fp);
	bool all = l4_fpage_type(fp) == L4_FPAGE_SPECIAL && order == 63;
	if (all && window)
		return w;
	if (!all && (l4_fpage_type(fp) != L4_FPAGE_MEMORY || order < 12 || order > 31))
		return w;
	uint64_t size = 1ull << (all ? 32 : order);
	if (!all && !touches_image(c, l4_fpage_memaddr(fp) & ~(size - 1), size))
		return w;
	unsigned o = !all && order < c->play_order ? order : c->play_order;
	return l4_fpage(c->play, o, (unsigned char)l4_fpage_rights(fp)).raw;
}

/* A map item (or a map's send base and flexpage) at @i: its destination is not the
 * image either. */
static void map_item_off_image(l4_umword_t *mr, unsigned i, const struct fuzz_config *c)
{
	l4_fpage_t fp = {mr[i + 1]};
	unsigned order = l4_fpage_size(fp);
	if (!(mr[i] & L4_ITEM_MAP) || l4_fpage_type(fp) != L4_FPAGE_MEMORY || order < 12 ||
	    order > 31)
		return;
	uint64_t size = 1ull << order;
	if (!touches_image(c, (mr[i] & L4_FPAGE_CONTROL_MASK) & ~(size - 1), size))
		return;
	mr[i] = (mr[i] & ~L4_FPAGE_CONTROL_MASK) | c->play;
	if (touches_image(c, c->play & ~(size - 1), size))
		mr[i + 1] =
		    l4_fpage(c->play, c->play_order, (unsigned char)l4_fpage_rights(fp)).raw;
}

static void sanitize(const struct fuzz_config *c, l4_umword_t *mr, l4_umword_t *br, struct call *k)
{
	if (k->slot == FS_TRACE)
		k->slot--;
	for (unsigned i = 0; i < MSG_WORDS; i++)
		mr[i] = off_image(sanitize_word(mr[i], c), c, false);
	for (unsigned i = 0; i < FUZZ_BRS; i++)
		br[i] = off_image(sanitize_word(br[i], c), c, true);
	for (unsigned i = 0; i + 1 < MSG_WORDS; i++)
		map_item_off_image(mr, i, c);
	/* The words a thread operation takes as ip, sp and TPIDRURO are kept tame here,
	 * after mutate() (a mutated sp was the last false overrun finding: a fuzzer that
	 * ex_regs'd itself went on on a stack in the UTCB area). */
	if (k->label == L4_PROTO_THREAD &&
	    (mr[0] & L4_THREAD_OPCODE_MASK) == L4_THREAD_EX_REGS_OP) {
		if (mr[1] != (l4_umword_t)fuzz_reenter)
			mr[1] = wild_ip(c, mr[1]);
		mr[2] = wild_sp(c, mr[2]);
	}
	if (k->label == L4_PROTO_THREAD &&
	    (mr[0] & L4_THREAD_OPCODE_MASK) == L4_THREAD_ARM_TPIDRURO_OP)
		mr[1] = not_a_fuzzer_id(mr[1]);
	/* A thread bound to a canary's UTCB would have the kernel write there rightly. */
	if (k->label == L4_PROTO_THREAD &&
	    (mr[0] & L4_THREAD_OPCODE_MASK) == L4_THREAD_CONTROL_OP &&
	    mr[5] - c->utcb_area < (1ul << FUZZ_UTCB_AREA_ORDER) &&
	    ((mr[5] - c->utcb_area) / L4_UTCB_OFFSET) % 2 == 0)
		mr[5] = c->utcb_area;
	/* A reply to an exception sets the thread's registers from the message: never an
	 * ip or sp where its code or stack could write over a canary (wild_ip()). */
	unsigned sp_at = offsetof(l4_exc_regs_t, sp) / sizeof(l4_umword_t),
		 pc_at = offsetof(l4_exc_regs_t, pc) / sizeof(l4_umword_t);
	unsigned id_at = offsetof(l4_exc_regs_t, tpidruro) / sizeof(l4_umword_t);
	mr[sp_at] = wild_sp(c, mr[sp_at]);
	mr[pc_at] = wild_ip(c, mr[pc_at]);
	mr[id_at] = not_a_fuzzer_id(mr[id_at]);
	/* A task map's destination range comes from the send base and the order. */
	if (k->label == L4_PROTO_TASK && mr[0] == L4_TASK_MAP_OP) {
		l4_fpage_t fp = {mr[2]};
		unsigned order = l4_fpage_size(fp);
		unsigned long n = 1UL << (order <= 16 ? order : 0);
		unsigned long to = (mr[1] >> L4_CAP_SHIFT) & ~(n - 1);
		if (l4_fpage_type(fp) == L4_FPAGE_OBJ && order <= 16 && to + n == FS_TRACE + 1UL)
			mr[1] -= n << L4_CAP_SHIFT;
	}
	if ((c->avoid & FUZZ_AVOID_REPLY_WITHOUT_SEND) && (k->flags & L4_SYSF_REPLY) &&
	    !(k->flags & L4_SYSF_SEND) && k->words + 2 * k->items > MSG_WORDS) {
		k->words %= MSG_WORDS + 1;
		k->items = (MSG_WORDS - k->words) / 2;
	}
	if ((c->avoid & FUZZ_AVOID_TASK_CYCLES) && k->label == L4_PROTO_FACTORY &&
	    mr[0] == (l4_umword_t)L4_PROTO_TASK)
		mr[0] = (l4_umword_t)L4_PROTO_THREAD;
	if (k->label == L4_PROTO_SCHEDULER && mr[0] == L4_SCHEDULER_RUN_THREAD_OP) {
		if ((c->avoid & FUZZ_AVOID_HIGH_PRIO) && mr[3] > c->max_prio)
			mr[3] = 1 + mr[3] % c->max_prio;
		if (c->avoid & FUZZ_AVOID_BAD_QUANTUM) {
			mr[4] &= 0x7fffffffUL;
			if (mr[4] && mr[4] < FUZZ_MIN_QUANTUM)
				mr[4] = FUZZ_MIN_QUANTUM;
		}
	}
}

/* ---- tracing (fuzz.trace): through the log capability in FS_TRACE ---- */

static char *hex(char *p, l4_umword_t v)
{
	for (int s = 28; s >= 0; s -= 4)
		*p++ = "0123456789abcdef"[(v >> s) & 0xf];
	return p;
}

static char *text(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* "fuzz: #n tT cap C tag G to O mr ... br ...", in pieces the log takes. */
static void trace(unsigned long n, const struct fuzz_thread *t, l4_umword_t capword,
		  l4_msgtag_t tag, l4_timeout_t to)
{
	l4_umword_t save[MSG_WORDS], bsave[FUZZ_BRS];
	l4_msg_regs_t *m = l4_utcb_mr();
	l4_buf_regs_t *b = l4_utcb_br();
	unsigned words = l4_msgtag_words(tag) + 2 * l4_msgtag_items(tag);
	for (unsigned i = 0; i < MSG_WORDS; i++)
		save[i] = m->mr[i];
	for (unsigned i = 0; i < FUZZ_BRS; i++)
		bsave[i] = b->br[i];
	char line[240];
	char *p = text(line, "fuzz: #");
	p = hex(p, n);
	p = text(p, " t");
	*p++ = (char)('0' + t->index);
	p = text(p, " cap ");
	p = hex(p, capword);
	p = text(p, " tag ");
	p = hex(p, (l4_umword_t)tag.raw);
	p = text(p, " to ");
	p = hex(p, to.raw);
	p = text(p, " br");
	for (unsigned i = 0; i < 4; i++) {
		*p++ = ' ';
		p = hex(p, bsave[i]);
	}
	*p++ = '\n';
	l4_vcon_write(cap_of(FS_TRACE), line, (unsigned)(p - line));
	for (unsigned i = 0; i < words && i < MSG_WORDS; i += 8) {
		p = text(line, "fuzz:   mr");
		for (unsigned j = i; j < i + 8 && j < words && j < MSG_WORDS; j++) {
			*p++ = ' ';
			p = hex(p, save[j]);
		}
		*p++ = '\n';
		l4_vcon_write(cap_of(FS_TRACE), line, (unsigned)(p - line));
	}
	for (unsigned i = 0; i < MSG_WORDS; i++)
		m->mr[i] = save[i];
	for (unsigned i = 0; i < FUZZ_BRS; i++)
		b->br[i] = bsave[i];
}

/* Fill the unused UTCB after this thread's own with the pattern. */
static void set_canary(const struct fuzz_thread *t)
{
	volatile l4_umword_t *w = (volatile l4_umword_t *)t->canary;
	for (unsigned i = 0; i < FUZZ_UTCB_WORDS; i++)
		w[i] = FUZZ_CANARY_WORD;
}

/* Did the kernel write past a UTCB into the canary? Noted once, for the controller. */
static void check_canary(struct fuzz_thread *t, unsigned long n)
{
	const volatile l4_umword_t *w = (const volatile l4_umword_t *)t->canary;
	if (t->overrun)
		return;
	for (unsigned i = 0; i < FUZZ_UTCB_WORDS; i++) {
		if (w[i] != FUZZ_CANARY_WORD) {
			t->overrun = n + 1;
			if (fuzz_page.s.overrun_seen++)
				return; /* the first one's records are kept */
			fuzz_page.s.overrun_by = t->index;
			fuzz_page.s.overrun_word = i;
			fuzz_page.s.overrun_value = w[i];
			for (unsigned j = 0; j < FUZZ_THREADS; j++) {
				for (unsigned k = 0; k < FUZZ_LAST; k++) {
					fuzz_page.s.at_overrun[j][k] =
					    fuzz_page.s.threads[j].last[k];
					fuzz_page.s.at_overrun_seq[j][k] =
					    fuzz_page.s.threads[j].last_seq[k];
				}
			}
			return;
		}
	}
}

/**
 * fuzz_invoke_one() - build one invocation (an operation on an object of some kind, IPC,
 * or garbage; sometimes mutated), steer it (sanitize()), trace it if asked, make it,
 * and fold the result into the thread's digest.
 */
void fuzz_invoke_one(struct fuzz_thread *t, const struct fuzz_config *c)
{
	l4_umword_t *mr = l4_utcb_mr()->mr;
	l4_umword_t *br = l4_utcb_br()->br;
	struct call k = {.creates = -1};
	for (unsigned i = 0; i < 8; i++)
		mr[i] = word(t, c);
	for (unsigned i = 0; i < FUZZ_BRS; i++)
		br[i] = rcv_buffer(t, c);
	l4_utcb_br()->bdr = chance(t, 90) ? 0 : word(t, c);
	switch (pick_op(t)) {
	case OP_TASK:
		build_task(t, c, mr, &k);
		break;
	case OP_THREAD:
		build_thread(t, c, mr, &k);
		break;
	case OP_FACTORY:
		build_factory(t, c, mr, br, &k);
		break;
	case OP_ENDPOINT:
		build_endpoint(t, c, mr, &k);
		break;
	case OP_ICU:
		build_icu(t, c, mr, &k);
		break;
	case OP_SCHED:
		build_sched(t, c, mr, &k);
		break;
	case OP_LOG:
		build_log(t, c, mr, &k);
		break;
	case OP_IPC:
		build_ipc(t, c, mr, &k);
		break;
	default:
		build_garbage(t, c, mr, &k);
		break;
	}
	if (chance(t, 10))
		mutate(t, c, mr, &k);
	k.timeout = pick_timeout(t, k.ipc);
	if (k.zero_tail) { /* the whole UTCB after the words */
		for (unsigned i = k.words; i < MSG_WORDS; i++)
			mr[i] = 0;
		for (unsigned i = 0; i < L4_UTCB_GENERIC_BUFFERS_SIZE; i++)
			br[i] = 0;
		l4_utcb_br()->bdr = 0;
		((l4_umword_t *)l4_utcb())[MSG_WORDS] = 0; /* the word before the buffers */
		l4_utcb_tcr()->free_marker = 0;
		for (unsigned i = 0; i < 3; i++)
			l4_utcb_tcr()->user[i] = 0;
	}
	sanitize(c, mr, br, &k);
	l4_umword_t capword = (k.invalid ? L4_INVALID_CAP : cap_of(k.slot)) | (k.flags & 0xf);
	l4_msgtag_t tag = l4_msgtag(k.label, k.words & 63, k.items & 63, k.tag_flags << 12);
	unsigned long n = fuzz_page.s.seq++;
	if (c->trace && n >= c->trace_from)
		trace(n, t, capword, tag, k.timeout);
	l4_umword_t label = 0, sent[8];
	for (unsigned i = 0; i < 8; i++)
		sent[i] = mr[i];
	struct fuzz_record *rec = &t->last[n % FUZZ_LAST];
	t->last_seq[n % FUZZ_LAST] = n;
	rec->capword = capword;
	rec->tag = (l4_umword_t)tag.raw;
	rec->timeout = k.timeout.raw;
	for (unsigned i = 0; i < 8; i++)
		rec->mr[i] = sent[i];
	uint64_t start = l4_kip_clock_counter();
	l4_msgtag_t res = l4_ipc_invoke(capword, tag, k.timeout, &label);
	uint64_t took = l4_kip_clock_counter() - start;
	if (k.timeout.raw == L4_IPC_BOTH_TIMEOUT_0.raw && took > t->longest.ticks) {
		t->longest.ticks = took;
		t->longest.capword = capword;
		t->longest.tag = (l4_umword_t)tag.raw;
		t->longest.timeout = k.timeout.raw;
		for (unsigned i = 0; i < 8; i++)
			t->longest.mr[i] = sent[i];
	}
	t->digest = (t->digest * 31u) ^ (uint32_t)res.raw ^ (uint32_t)l4_utcb_tcr()->error;
	check_canary(t, n);
	/* An open wait that got a message: maybe a call, whose caller waits for a reply. */
	t->received =
	    k.ipc && (k.flags & L4_SYSF_WAIT) == L4_SYSF_WAIT && !l4_msgtag_has_error(res);
	if (k.creates >= 0 && !l4_msgtag_has_error(res) && l4_msgtag_label(res) == 0) {
		unsigned dst = (unsigned)(l4_utcb_br()->br[0] >> L4_CAP_SHIFT);
		if (dst < FUZZ_BELIEF_SLOTS)
			t->belief[dst] = (uint8_t)k.creates;
	}
}

/* ---- the fuzzer threads ---- */

void fuzz_thread_main(unsigned index) __attribute__((noreturn, used));

/* The loop of fuzzer thread @index (fuzz_reenter() checked the index). */
void fuzz_thread_main(unsigned index)
{
	struct fuzz_thread *t = &fuzz_page.s.threads[index];
	set_canary(t);
	while (t->done < t->quota) {
		fuzz_invoke_one(t, &fuzz_page.s.config);
		t->done++;
	}
	t->stopped = 1;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* r0 = the calling thread's TPIDRURO; on ARMv5, which has no such register, the TLS
 * thread word that stands for it (l4/sys/utcb-arch.h). */
#if __ARM_ARCH >= 7
#define READ_TPIDRURO_R0 "mrc p15, 0, r0, c13, c0, 3\n\t"
#else
#define READ_TPIDRURO_R0                                                                           \
	"ldr r0, =%c[words]\n\t"                                                                   \
	"ldr r0, [r0, #4]\n\t"
#endif

__attribute__((naked)) void fuzz_reenter(void)
{
	/* No stack yet: index from TPIDRURO, stack from fuzz_page.s.stack_top[index]. A
	 * bad index sleeps for ever (a receive from nobody, timeout never). */
	__asm__ volatile(
	    READ_TPIDRURO_R0 /* FUZZ_TPIDRURO + the thread's index */
	    "ldr r1, =%c[base]\n\t"
	    "subs r0, r0, r1\n\t"
	    "cmp r0, %[n]\n\t"
	    "bhs 1f\n\t"
	    "ldr r1, =fuzz_page\n\t"
	    "ldr r1, [r1, r0, lsl #2]\n\t"
	    "mov sp, r1\n\t"
	    "b fuzz_thread_main\n\t"
	    "1: movs r0, #0\n\t"
	    "ldr r2, =%c[sleep]\n\t"
	    "movs r3, #0\n\t"
	    "movs r5, #0\n\t"
	    "svc #0\n\t"
	    "b 1b\n\t"
	    ".ltorg\n\t"
	    :
	    : [base] "i"(FUZZ_TPIDRURO), [n] "i"(FUZZ_THREADS), [words] "i"(L4_ARMV5_THREAD_WORDS),
	      [sleep] "i"(L4_INVALID_CAP | L4_SYSF_RECV));
}
