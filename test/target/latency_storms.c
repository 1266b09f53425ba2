/* latency_storms.c - the longest kernel operations a task can ask for: huge unmaps and maps,
 * revocation of wide and deep trees, deletion of big tasks and of threads many others wait on. */
#include "latency_storms.h"
#include "ktest_util.h"
#include <stdbool.h>
#include <stddef.h>

#define TASK L4_BASE_TASK_CAP
/* Root slots the storms use (the kt helpers hand out 0x40..0xfff). */
#define SLOT_BASE 0x4000u
#define MAX_MADE  512
/* The storms' tasks: 128 UTCBs each, pages placed from MAPPED_AT. */
#define UTCB_ORDER 16
#define UTCBS	   128
#define MAPPED_AT  0x20000000UL
/* Threads that block in IPC run the root's own code in their task, on these stacks. */
#define RUNNERS	     (2 * (UTCBS - 1))
#define RUNNER_STACK 512

/* Sizes: each operation below takes well over the 50,000 instructions of the goal when
 * done in one go. */
#define WIDE_PAGES   4096 /* mappings of one page */
#define DEEP_PAGES   4096 /* a chain of mappings */
#define CAP_BLOCK    128  /* copies of a gate in one task ... */
#define CAP_BLOCKS   64	  /* ... times this many blocks */
#define DEEP_CAPS    4096 /* a chain of copies */
#define TASK_THREADS 127
#define TASK_GATES   256
#define MANY_THREADS (4 * TASK_THREADS)

volatile int storm_in_op;
const char *storm_failed_step;

extern char __stack_top[];
static char pages[4][L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));
static char runner_stacks[RUNNERS][RUNNER_STACK] __attribute__((aligned(8)));
static volatile long runner_result[RUNNERS];
static volatile int runners_blocking;

static unsigned next_slot;
static l4_cap_idx_t made[MAX_MADE];
static unsigned made_count;

/* Remember @err with the step's name; return it. */
static long step(long err, const char *what)
{
	if (err && !storm_failed_step)
		storm_failed_step = what;
	return err;
}

static l4_cap_idx_t new_slot(void)
{
	return (l4_cap_idx_t)(SLOT_BASE + next_slot++) << L4_CAP_SHIFT;
}

/* The long operation runs between begin() and end(). */
static void begin(void)
{
	storm_in_op = 1;
}

static long end(long err)
{
	storm_in_op = 0;
	return err;
}

/* Delete every object the storm made (tasks take their threads along). */
static void delete_made(void)
{
	while (made_count)
		l4_task_delete_obj(TASK, made[--made_count]);
	next_slot = 0;
}

static long remember(l4_cap_idx_t cap, long err)
{
	if (!err && made_count < MAX_MADE)
		made[made_count++] = cap;
	return err;
}

/* A task made by @factory; with @image it also maps the root's program image, so that
 * threads can run the root's code there. */
static long new_task(l4_cap_idx_t factory, l4_cap_idx_t *task, int image)
{
	*task = new_slot();
	long err =
	    remember(*task, l4_error(l4_factory_create_task(
				factory, *task, l4_fpage(KT_UTCB_AREA, UTCB_ORDER, L4_FPAGE_RW))));
	l4_addr_t end = ((l4_addr_t)__stack_top + L4_PAGESIZE - 1) & L4_PAGEMASK;
	for (l4_addr_t a = 0x10000; image && !err && a < end; a += L4_PAGESIZE)
		err = l4_error(l4_task_map(*task, TASK, l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX),
					   l4_map_control(a, 0, 0)));
	return step(err, "create a task");
}

/* A thread made by @factory, bound to @task with UTCB @utcb (not started). */
static long new_thread(l4_cap_idx_t factory, l4_cap_idx_t task, unsigned utcb, l4_cap_idx_t *th)
{
	*th = new_slot();
	long err = l4_error(l4_factory_create_thread(factory, *th));
	if (!err) {
		l4_thread_control_start();
		l4_thread_control_bind((l4_utcb_t *)(KT_UTCB_AREA + utcb * L4_UTCB_OFFSET), task);
		err = l4_error(l4_thread_control_commit(*th));
	}
	return step(err, "create a thread");
}

struct runner_job {
	l4_cap_idx_t partner; /* in the runner's task */
	int receive;	      /* closed receive from the partner, else a send to it */
	unsigned index;
};
static struct runner_job jobs[RUNNERS];

/* A runner blocks in one IPC with its partner and records how it ended. */
static void runner(void *arg)
{
	struct runner_job *j = arg;
	l4_msgtag_t tag;
	runners_blocking++;
	if (j->receive)
		tag = l4_ipc_receive(j->partner, l4_utcb(), L4_IPC_NEVER);
	else
		tag = l4_ipc_send(j->partner, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	runner_result[j->index] = l4_ipc_error(tag, l4_utcb());
}

/* Start runner @i in @task (UTCB @utcb) at STORM_RUNNER_PRIO: it runs at once and
 * blocks before this returns. */
static long start_runner(l4_cap_idx_t factory, l4_cap_idx_t task, unsigned utcb, unsigned i)
{
	l4_cap_idx_t th;
	long err = new_thread(factory, task, utcb, &th);
	struct kt_start *s = (struct kt_start *)(runner_stacks[i + 1] - 8);
	s->fn = runner;
	s->arg = &jobs[i];
	runner_result[i] = 1;
	if (!err)
		err = l4_error(l4_thread_ex_regs(th, (l4_addr_t)kt_trampoline, (l4_addr_t)s, 0));
	if (!err)
		err = kt_thread_run(th, STORM_RUNNER_PRIO);
	return step(err, "start a runner");
}

/* Map root page @p into @task at @n consecutive pages from @at. */
static long map_page_n(l4_cap_idx_t task, const void *p, l4_addr_t at, unsigned n)
{
	long err = 0;
	for (unsigned i = 0; i < n && !err; i++)
		err = l4_error(l4_task_map(task, TASK,
					   l4_fpage((l4_addr_t)p, L4_PAGESHIFT, L4_FPAGE_RWX),
					   l4_map_control(at + i * L4_PAGESIZE, 0, 0)));
	return step(err, "map a page");
}

static l4_fpage_t page_fpage(const void *p, unsigned rights)
{
	return l4_fpage((l4_addr_t)p, L4_PAGESHIFT, (unsigned char)rights);
}

/* ---- memory ---- */

/* Issue 12's finding: 61 fpages of 2 GiB each, all spaces, in one invocation. */
static long unmap_61_huge_fpages(l4_cap_idx_t factory)
{
	l4_cap_idx_t t;
	long err = new_task(factory, &t, 0);
	for (unsigned i = 0; i < 4 && !err; i++)
		err = map_page_n(t, pages[i], MAPPED_AT + i * (64UL << 20), 16);
	if (err)
		return err;
	l4_fpage_t fp[61];
	for (unsigned i = 0; i < 61; i++)
		fp[i] = l4_fpage(0, 31, L4_FPAGE_RWX);
	begin();
	err = end(l4_error(l4_task_unmap_batch(t, fp, 61, L4_FP_ALL_SPACES)));
	return step(err, "unmap 61 fpages");
}

/* The root task's first 2 GiB (its RAM, program, devices) mapped to a task at once. */
static long map_2gib_from_root(l4_cap_idx_t factory)
{
	l4_cap_idx_t t;
	long err = new_task(factory, &t, 0);
	if (err)
		return err;
	begin();
	err = end(
	    l4_error(l4_task_map(t, TASK, l4_fpage(0, 31, L4_FPAGE_RWX), l4_map_control(0, 0, 0))));
	return step(err, "map 2 GiB");
}

/* A new task holding the root task's first 2 GiB (the setup of the storms below). */
static long new_task_with_2gib(l4_cap_idx_t factory, l4_cap_idx_t *t)
{
	long err = new_task(factory, t, 0);
	if (!err)
		err = step(l4_error(l4_task_map(*t, TASK, l4_fpage(0, 31, L4_FPAGE_RWX),
						l4_map_control(0, 0, 0))),
			   "map 2 GiB");
	return err;
}

/* The same, taken back from every other space at once. */
static long unmap_2gib_other_spaces(l4_cap_idx_t factory)
{
	l4_cap_idx_t t;
	long err = new_task_with_2gib(factory, &t);
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_task_unmap(TASK, l4_fpage(0, 31, L4_FPAGE_RWX), L4_FP_OTHER_SPACES)));
	return step(err, "unmap 2 GiB from other spaces");
}

/* A task holding 2 GiB of the root's pages, deleted. */
static long delete_task_with_2gib(l4_cap_idx_t factory)
{
	l4_cap_idx_t t;
	long err = new_task_with_2gib(factory, &t);
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_task_delete_obj(TASK, t)));
	return step(err, "delete the task");
}

/* One page mapped to WIDE_PAGES places; withdrawn (@rights) from all of them at once. */
static long wide_mapping_tree(l4_cap_idx_t factory, unsigned rights)
{
	l4_cap_idx_t t;
	long err = new_task(factory, &t, 0);
	if (!err)
		err = map_page_n(t, pages[0], MAPPED_AT, WIDE_PAGES);
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_task_unmap(TASK, page_fpage(pages[0], rights), L4_FP_OTHER_SPACES)));
	return step(err, "unmap a widely mapped page");
}

static long unmap_wide_mapping_tree(l4_cap_idx_t factory)
{
	return wide_mapping_tree(factory, L4_FPAGE_RWX);
}

static long protect_wide_mapping_tree(l4_cap_idx_t factory)
{
	return wide_mapping_tree(factory, L4_FPAGE_W);
}

/* A chain of DEEP_PAGES mappings, each made from the one before; revoked at its root. */
static long unmap_deep_mapping_tree(l4_cap_idx_t factory)
{
	l4_cap_idx_t t;
	long err = new_task(factory, &t, 0);
	if (!err)
		err = map_page_n(t, pages[1], MAPPED_AT, 1);
	for (unsigned i = 1; i < DEEP_PAGES && !err; i++) {
		l4_addr_t from = MAPPED_AT + (i - 1) * L4_PAGESIZE;
		err = step(l4_error(l4_task_map(t, t, l4_fpage(from, L4_PAGESHIFT, L4_FPAGE_RWX),
						l4_map_control(from + L4_PAGESIZE, 0, 0))),
			   "map along the chain");
	}
	if (err)
		return err;
	begin();
	err = end(
	    l4_error(l4_task_unmap(TASK, page_fpage(pages[1], L4_FPAGE_RWX), L4_FP_OTHER_SPACES)));
	return step(err, "unmap the chain's root");
}

/* ---- memory items in IPC ---- */

/* A thread of a task of the storm's that takes one message with a receive window over
 * its whole space (openly, or as the reply to a call of @partner), records it, sleeps. */
struct item_receiver {
	l4_cap_idx_t partner; /* to call (then the reply is received), or invalid: wait */
	volatile int done;
	volatile long err;
	volatile l4_umword_t item; /* the return item's flexpage word */
};

static struct item_receiver irecv;

static void receiver_fn(void *arg)
{
	struct item_receiver *r = arg;
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = (l4_fpage_all().raw & ~0xful) | L4_ITEM_MAP;
	l4_umword_t label;
	l4_msgtag_t tag =
	    l4_is_invalid_cap(r->partner)
		? l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER)
		: l4_ipc_call(r->partner, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	r->err = l4_ipc_error(tag, l4_utcb());
	r->item = l4_utcb_mr()->mr[1];
	r->done = 1;
}

/* The root task's first 2 GiB as one memory item (send base 0). */
static l4_msgtag_t put_2gib_item(void)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = l4_map_control(0, 0, 0);
	mr->mr[1] = l4_fpage(0, 31, L4_FPAGE_RWX).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* A task with the root's image and a receiver thread in it at @prio that calls
 * @partner (a thread of the root task) or, if that is invalid, waits. */
static long item_receiver_start(l4_cap_idx_t factory, l4_cap_idx_t *task, l4_cap_idx_t partner,
				unsigned prio, l4_cap_idx_t *th)
{
	bool calls = !l4_is_invalid_cap(partner);
	long err = new_task(factory, task, 1);
	irecv = (struct item_receiver){calls ? 0x10 << L4_CAP_SHIFT : L4_INVALID_CAP, 0, 1, 0};
	if (!err && calls)
		err = step(kt_map(*task, TASK, partner, 0x10 << L4_CAP_SHIFT, L4_CAP_FPAGE_RWS),
			   "give the server");
	if (!err)
		err = new_thread(factory, *task, 0, th);
	struct kt_start *s = (struct kt_start *)(runner_stacks[1] - 8);
	s->fn = receiver_fn;
	s->arg = &irecv;
	if (!err)
		err = l4_error(l4_thread_ex_regs(*th, (l4_addr_t)kt_trampoline, (l4_addr_t)s, 0));
	if (!err)
		err = kt_thread_run(*th, prio);
	return step(err, "start a receiver");
}

static long item_received(void)
{
	if (!irecv.done || irecv.err)
		return step(-L4_EIO, "the receiver did not get the message");
	if (irecv.item != l4_fpage(0, 31, L4_FPAGE_RWX).raw)
		return step(-L4_EIO, "the receiver got a wrong return item");
	return 0;
}

/* Sent to a thread waiting for it: the map runs in the sender's system call. */
static long ipc_send_2gib(l4_cap_idx_t factory)
{
	l4_cap_idx_t t, r;
	long err = item_receiver_start(factory, &t, L4_INVALID_CAP, STORM_RUNNER_PRIO, &r);
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_ipc_send(r, l4_utcb(), put_2gib_item(), L4_IPC_NEVER)));
	return step(err, "send 2 GiB") ? err : item_received();
}

/* Sent while the receiver does not wait yet: the map runs in the receiver's system call. */
static long ipc_queued_2gib(l4_cap_idx_t factory)
{
	l4_cap_idx_t t, r;
	long err = item_receiver_start(factory, &t, L4_INVALID_CAP, STORM_RUNNER_PRIO - 2, &r);
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_ipc_send(r, l4_utcb(), put_2gib_item(), L4_IPC_NEVER)));
	kt_wait_ge(&irecv.done, 1, KT_SAFETY_US); /* it has a lower priority: let it note it */
	return step(err, "send 2 GiB to a late receiver") ? err : item_received();
}

/* A thread of the root task that takes one message and sleeps. */
static void take_one(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
}

/* Sent while the receiver does not wait yet; it then sends and waits (send-and-wait):
 * the map runs in the receive phase of its system call, whose send is done. */
static void send_and_wait_fn(void *arg)
{
	struct item_receiver *r = arg;
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = (l4_fpage_all().raw & ~0xful) | L4_ITEM_MAP;
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_send_and_wait(r->partner, l4_utcb(), l4_msgtag(0, 0, 0, 0), &label,
					       L4_IPC_NEVER);
	r->err = l4_ipc_error(tag, l4_utcb());
	r->item = l4_utcb_mr()->mr[1];
	r->done = 1;
}

static long ipc_send_and_wait_2gib(l4_cap_idx_t factory)
{
	l4_cap_idx_t h, t, r;
	long err =
	    step(kt_thread_start(&h, take_one, NULL, STORM_RUNNER_PRIO + 1), "start the helper");
	if (!err)
		err = item_receiver_start(factory, &t, h, STORM_RUNNER_PRIO - 2, &r);
	/* It has not run yet (a lower priority): it sends and waits instead of calling. */
	((struct kt_start *)(runner_stacks[1] - 8))->fn = send_and_wait_fn;
	if (err) {
		kt_thread_kill(h);
		return err;
	}
	begin();
	err = end(l4_error(l4_ipc_send(r, l4_utcb(), put_2gib_item(), L4_IPC_NEVER)));
	kt_wait_ge(&irecv.done, 1, KT_SAFETY_US);
	kt_thread_kill(h);
	return step(err, "send 2 GiB to a sender that waits") ? err : item_received();
}

/* A server thread of the root task: takes one call and replies with 2 GiB. */
static volatile int server_done;
static volatile long server_err;

static void item_server(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	begin();
	l4_msgtag_t tag = l4_ipc_reply_and_wait(l4_utcb(), put_2gib_item(), &label,
						l4_timeout(L4_IPC_TIMEOUT_NEVER, L4_IPC_TIMEOUT_0));
	server_err = end(l4_ipc_error(tag, l4_utcb()));
	server_done = 1;
}

/* The reply to a call: the map runs in the replier's system call. */
static long ipc_reply_2gib(l4_cap_idx_t factory)
{
	l4_cap_idx_t srv, t, r;
	server_done = 0;
	long err = step(kt_thread_start(&srv, item_server, NULL, STORM_RUNNER_PRIO + 1),
			"start the server");
	if (!err)
		err = item_receiver_start(factory, &t, srv, STORM_RUNNER_PRIO, &r);
	if (!err && (!server_done || server_err != L4_IPC_RETIMEOUT))
		err = step(-L4_EIO, "the server did not reply");
	kt_thread_kill(srv);
	return err ? err : item_received();
}

/* ---- capabilities ---- */

/* A gate (made by @factory) and CAP_BLOCK * CAP_BLOCKS copies of it in task *t: a block
 * derived from the root's, the other blocks from that one (each copy has 63 children). */
static long wide_cap_tree(l4_cap_idx_t factory, l4_cap_idx_t *gate, l4_cap_idx_t *t)
{
	*gate = new_slot();
	long err = step(
	    remember(*gate, l4_error(l4_factory_create_gate(factory, *gate, L4_INVALID_CAP, 0))),
	    "create a gate");
	if (!err)
		err = new_task(factory, t, 0);
	for (unsigned i = 0; i < CAP_BLOCK && !err; i++)
		err = step(kt_map(*t, TASK, *gate, (0x100 + i) << L4_CAP_SHIFT, L4_CAP_FPAGE_RWSD),
			   "copy the gate");
	for (unsigned b = 1; b < CAP_BLOCKS && !err; b++)
		err = step(l4_error(l4_task_map(
			       *t, *t, l4_obj_fpage(0x100 << L4_CAP_SHIFT, 7, L4_CAP_FPAGE_RWSD),
			       l4_map_obj_control((0x100 + b * CAP_BLOCK) << L4_CAP_SHIFT, 0))),
			   "copy a block");
	return err;
}

static long cap_tree_gone(l4_cap_idx_t t, unsigned first, unsigned n)
{
	if (kt_valid(t, first << L4_CAP_SHIFT) != 0 ||
	    kt_valid(t, (first + n - 1) << L4_CAP_SHIFT) != 0)
		return step(-L4_EIO, "copies left after the revoke");
	return 0;
}

static long revoke_wide_cap_tree(l4_cap_idx_t factory)
{
	l4_cap_idx_t gate, t;
	long err = wide_cap_tree(factory, &gate, &t);
	if (err)
		return err;
	begin();
	err = end(l4_error(
	    l4_task_unmap(TASK, l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES)));
	if (!step(err, "revoke"))
		err = cap_tree_gone(t, 0x100, CAP_BLOCK * CAP_BLOCKS);
	if (!err && kt_valid(TASK, gate) != 1)
		err = step(-L4_EIO, "the revoker's own copy went too");
	return err;
}

/* The same tree loses W and S (a walk that changes rights and removes nothing). */
static long reduce_rights_wide_cap_tree(l4_cap_idx_t factory)
{
	l4_cap_idx_t gate, t;
	long err = wide_cap_tree(factory, &gate, &t);
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_task_unmap(
	    TASK, l4_obj_fpage(gate, 0, L4_CAP_FPAGE_W | L4_CAP_FPAGE_S), L4_FP_OTHER_SPACES)));
	if (!step(err, "reduce rights") && kt_valid(t, 0x100 << L4_CAP_SHIFT) != 1)
		err = step(-L4_EIO, "a copy went");
	return err;
}

/* A chain of DEEP_CAPS copies, each made from the one before; revoked at its root. */
static long revoke_deep_cap_tree(l4_cap_idx_t factory)
{
	l4_cap_idx_t gate = new_slot(), t = L4_INVALID_CAP;
	long err =
	    step(remember(gate, l4_error(l4_factory_create_gate(factory, gate, L4_INVALID_CAP, 0))),
		 "create a gate");
	if (!err)
		err = new_task(factory, &t, 0);
	if (!err)
		err = step(kt_map(t, TASK, gate, 0x100 << L4_CAP_SHIFT, L4_CAP_FPAGE_RWSD), "copy");
	for (unsigned i = 1; i < DEEP_CAPS && !err; i++)
		err = step(kt_map(t, t, (0x100 + i - 1) << L4_CAP_SHIFT,
				  (0x100 + i) << L4_CAP_SHIFT, L4_CAP_FPAGE_RWSD),
			   "copy along the chain");
	if (err)
		return err;
	begin();
	err = end(l4_error(
	    l4_task_unmap(TASK, l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES)));
	if (!step(err, "revoke"))
		err = cap_tree_gone(t, 0x100, DEEP_CAPS);
	return err;
}

/* ---- deletion ---- */

/* A task with mappings, threads, capabilities and gates only it names, deleted. */
static long delete_big_task(l4_cap_idx_t factory)
{
	l4_cap_idx_t gate, t, th;
	long err = wide_cap_tree(factory, &gate, &t);
	if (!err)
		err = map_page_n(t, pages[2], MAPPED_AT, WIDE_PAGES);
	for (unsigned i = 0; i < TASK_THREADS && !err; i++)
		err = new_thread(factory, t, i, &th);
	for (unsigned i = 0; i < TASK_GATES && !err; i++) {
		l4_cap_idx_t g = new_slot();
		err = step(l4_error(l4_factory_create_gate(factory, g, L4_INVALID_CAP, 0)),
			   "create a gate");
		if (!err)
			err = step(
			    l4_error(l4_task_map(t, TASK, l4_obj_fpage(g, 0, L4_CAP_FPAGE_RWSD),
						 l4_map_obj_control((0x4000 + i) << L4_CAP_SHIFT,
								    L4_MAP_ITEM_GRANT))),
			    "grant a gate");
	}
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_task_delete_obj(TASK, t)));
	return step(err, "delete the task");
}

/*
 * RUNNERS runners in two new tasks that hold @partner in slot 0x10 (the step @give
 * names giving it): each sends to it, or with @half_receive every other one receives
 * from it instead. Return: 0 once all of them block, or the failed step's error.
 */
static long block_runners_on(l4_cap_idx_t factory, l4_cap_idx_t partner, bool half_receive,
			     const char *give)
{
	l4_cap_idx_t t[2];
	long err = 0;
	for (unsigned k = 0; k < 2 && !err; k++) {
		err = new_task(factory, &t[k], 1);
		if (!err)
			err = step(
			    kt_map(t[k], TASK, partner, 0x10 << L4_CAP_SHIFT, L4_CAP_FPAGE_RWS),
			    give);
	}
	runners_blocking = 0;
	for (unsigned i = 0; i < RUNNERS && !err; i++) {
		jobs[i] =
		    (struct runner_job){0x10 << L4_CAP_SHIFT, half_receive ? (int)(i % 2) : 0, i};
		err = start_runner(factory, t[i % 2], i / 2, i);
	}
	if (!err && runners_blocking != RUNNERS)
		err = step(-L4_EIO, "runners did not block");
	return err;
}

/* A thread RUNNERS others wait for (half queued to send to it, half in a closed
 * receive from it), deleted: all of them fail. */
static long delete_thread_with_waiters(l4_cap_idx_t factory)
{
	l4_cap_idx_t home, x;
	long err = new_task(factory, &home, 0);
	if (!err)
		err = new_thread(factory, home, 0, &x);
	if (!err)
		err = block_runners_on(factory, x, true, "give the thread");
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_task_delete_obj(TASK, x)));
	if (step(err, "delete the thread"))
		return err;
	for (unsigned i = 0; i < RUNNERS; i++) {
		long want = (i % 2) ? L4_IPC_REABORTED : L4_IPC_SEABORTED;
		if (runner_result[i] != want)
			return step(-L4_EIO, "a waiter did not fail as it should");
	}
	return 0;
}

/* A thread with GATES gates bound to it: its open receives look for pending IRQs, and
 * the gates are deleted in one invocation (each unbinds itself from the thread). */
#define GATES_ORDER 14
#define GATES_SLOT  0x8000u /* aligned to 1 << GATES_ORDER */
static volatile int gate_owner_done;

static void gate_owner(void *arg)
{
	(void)arg;
	l4_umword_t label;
	for (int i = 0; i < 16; i++)
		l4_ipc_wait(l4_utcb(), &label, l4_timeout(L4_IPC_TIMEOUT_NEVER, L4_IPC_TIMEOUT_0));
	gate_owner_done = 1;
}

static long delete_gates_of_one_thread(l4_cap_idx_t factory)
{
	l4_cap_idx_t x;
	gate_owner_done = 0;
	long err = step(kt_thread_create(&x, TASK, gate_owner, NULL), "create the owner");
	for (unsigned i = 0; i < (1u << GATES_ORDER) && !err; i++)
		err = step(l4_error(l4_factory_create_gate(
			       factory, (GATES_SLOT + i) << L4_CAP_SHIFT, x, 0x10)),
			   "create a gate");
	if (!err)
		err = step(kt_thread_run(x, STORM_RUNNER_PRIO - 2), "run the owner");
	if (!err && !kt_wait_ge(&gate_owner_done, 1, KT_SAFETY_US))
		err = step(-L4_EIO, "the owner did not receive");
	if (!err) {
		begin();
		err = end(l4_error(l4_task_unmap(
		    TASK, l4_obj_fpage(GATES_SLOT << L4_CAP_SHIFT, GATES_ORDER, L4_CAP_FPAGE_RWSD),
		    L4_FP_DELETE_OBJ)));
		step(err, "delete the gates");
	}
	l4_task_unmap(TASK,
		      l4_obj_fpage(GATES_SLOT << L4_CAP_SHIFT, GATES_ORDER, L4_CAP_FPAGE_RWSD),
		      L4_FP_DELETE_OBJ);
	kt_thread_kill(x);
	return err;
}

/* RUNNERS threads queued to send through a gate no thread is bound to, then the gate
 * is bound: they all move to the thread's sender queue in one invocation (with a
 * sorted insert that walked the queue, RUNNERS^2 / 2 steps). */
static long bind_gate_with_many_senders(l4_cap_idx_t factory)
{
	l4_cap_idx_t gate = new_slot(), home, x;
	long err =
	    remember(gate, l4_error(l4_factory_create_gate(factory, gate, L4_INVALID_CAP, 0x10)));
	step(err, "create the gate");
	if (!err)
		err = new_task(factory, &home, 0);
	if (!err)
		err = new_thread(factory, home, 0, &x);
	if (!err)
		err = block_runners_on(factory, gate, false, "give the gate");
	if (err)
		return err;
	begin();
	err = end(l4_error(l4_rcv_ep_bind_thread(gate, x, 0x20)));
	if (step(err, "bind the gate"))
		return err;
	/* They wait at x now: its deletion fails them all. */
	err = step(l4_error(l4_task_delete_obj(TASK, x)), "delete the thread");
	for (unsigned i = 0; i < RUNNERS && !err; i++)
		if (runner_result[i] != L4_IPC_SEABORTED)
			return step(-L4_EIO, "a sender did not fail as it should");
	return err;
}

/* MANY_THREADS threads, deleted one by one: each deletion must cost the same, however
 * many threads there are. */
static long delete_many_threads(l4_cap_idx_t factory)
{
	static l4_cap_idx_t th[MANY_THREADS];
	long err = 0;
	for (unsigned k = 0; k < MANY_THREADS / TASK_THREADS && !err; k++) {
		l4_cap_idx_t t;
		err = new_task(factory, &t, 0);
		for (unsigned i = 0; i < TASK_THREADS && !err; i++)
			err = new_thread(factory, t, i, &th[k * TASK_THREADS + i]);
	}
	for (unsigned i = 0; i < MANY_THREADS && !err; i++) {
		begin();
		err = end(step(l4_error(l4_task_delete_obj(TASK, th[i])), "delete a thread"));
	}
	return err;
}

/**
 * storm_run() - run @s with objects made by @factory, then delete everything it made
 * (also after a failed step). Return: 0 or the error of the failed step.
 */
long storm_run(const struct storm *s, l4_cap_idx_t factory)
{
	storm_failed_step = NULL;
	long err = s->fn(factory);
	storm_in_op = 0;
	delete_made();
	return err;
}

const struct storm storms[] = {
    {"unmap_61_huge_fpages", unmap_61_huge_fpages},
    {"map_2gib_from_root", map_2gib_from_root},
    {"unmap_2gib_other_spaces", unmap_2gib_other_spaces},
    {"delete_task_with_2gib", delete_task_with_2gib},
    {"ipc_send_2gib", ipc_send_2gib},
    {"ipc_queued_2gib", ipc_queued_2gib},
    {"ipc_reply_2gib", ipc_reply_2gib},
    {"ipc_send_and_wait_2gib", ipc_send_and_wait_2gib},
    {"unmap_wide_mapping_tree", unmap_wide_mapping_tree},
    {"protect_wide_mapping_tree", protect_wide_mapping_tree},
    {"unmap_deep_mapping_tree", unmap_deep_mapping_tree},
    {"revoke_wide_cap_tree", revoke_wide_cap_tree},
    {"reduce_rights_wide_cap_tree", reduce_rights_wide_cap_tree},
    {"revoke_deep_cap_tree", revoke_deep_cap_tree},
    {"delete_big_task", delete_big_task},
    {"delete_thread_with_waiters", delete_thread_with_waiters},
    {"delete_gates_of_one_thread", delete_gates_of_one_thread},
    {"delete_many_threads", delete_many_threads},
    {"bind_gate_with_many_senders", bind_gate_with_many_senders},
    {NULL, NULL},
};
