/* ktest_util.h - support for object-model target tests: slots, threads, tasks, servers, time. */
#ifndef KTEST_UTIL_H
#define KTEST_UTIL_H

#include "ktest.h"
#include "root_utcb.h"
#include <l4/keel/bootinfo.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/vcon.h>
#include <stdint.h>

/* The root task's UTCB area (l4/keel/bootinfo.h; UTCB 0 is the main thread's). Tests
 * give the tasks they make UTCB areas at the same address. */
#define KT_UTCB_AREA	   KEEL_ROOT_UTCB_AREA
#define KT_UTCB_AREA_ORDER KEEL_ROOT_UTCB_AREA_ORDER
#define KT_UTCB_COUNT	   ROOT_UTCB_COUNT
/* Root UTCBs helpers may take: those below the root task's memory server's and program
 * loader's (roottask/root_utcb.h), which images that start them use. */
#define KT_ROOT_UTCB_HELPERS ROOT_UTCB_MEMSRV
/* Capability slots the helpers hand out: 0x40 .. 0xFFF, never reused. */
#define KT_FIRST_SLOT 0x40
#define KT_LAST_SLOT  0xFFF
/* Stack of every helper thread. */
#define KT_STACK_SIZE (16 * 1024)
/* Priority of the root task's main thread (documented). */
#define KT_MAIN_PRIO 100
/* Largest capability slot index that exists. */
#define KT_MAX_SLOT 0xFFFF
/* Safety timeout of the tests' own blocking calls (they must not hang the image). */
#define KT_SAFETY_US 1000000u

/* ---- capability slots ---- */

/* A free slot of the root task (L4_INVALID_CAP once 0x40..0xFFF are used up). */
l4_cap_idx_t kt_cap_alloc(void);
/* 2^order consecutive free slots, the first naturally aligned (flexpage use). */
l4_cap_idx_t kt_cap_alloc_aligned(unsigned order);
/* Label of cap_valid / cap_equal / has_child, or the error. */
long kt_valid(l4_cap_idx_t task, l4_cap_idx_t cap);
long kt_equal(l4_cap_idx_t task, l4_cap_idx_t a, l4_cap_idx_t b);
long kt_has_child(l4_cap_idx_t task, l4_cap_idx_t cap);
/* Map src (in src_task) to dst (in dst_task) with rights; returns l4_error(). */
long kt_map(l4_cap_idx_t dst_task, l4_cap_idx_t src_task, l4_cap_idx_t src, l4_cap_idx_t dst,
	    unsigned rights);
/* Same, with object-specific rights (L4_FPAGE_C_* bits 4-7) in the map item. */
long kt_map_obj_rights(l4_cap_idx_t dst_task, l4_cap_idx_t src_task, l4_cap_idx_t src,
		       l4_cap_idx_t dst, unsigned rights, unsigned obj_rights);
/* A copy of the root task's cap in a fresh root slot with the given rights. */
l4_cap_idx_t kt_copy(l4_cap_idx_t cap, unsigned rights);

/* ---- objects (all deleted by the enclosing KT_SCOPE) ---- */

/* Remember an object to delete at the end of the test. */
void kt_own(l4_cap_idx_t cap);
/* An IPC gate in a fresh slot, bound to thread unless that is L4_INVALID_CAP. */
long kt_gate_create(l4_cap_idx_t *gate_out, l4_cap_idx_t thread, l4_umword_t label);
/* A factory with a kernel-memory limit, created by the root factory. */
long kt_factory_create(l4_cap_idx_t *factory_out, unsigned long limit);
/* A task with the default UTCB area and nothing mapped. */
int kt_task_create_empty(l4_cap_idx_t *task_out);
/* A task sharing the root task's program image (same pages) and the log cap. */
int kt_task_create(l4_cap_idx_t *task_out);

/* ---- threads ---- */

/*
 * Create a thread (root factory) and bind it to task with a fresh UTCB of that task
 * (the root task: UTCB 1..127; a task of kt_task_create*: 0, 1, ...). It has a TLS
 * block, but no entry and is not scheduled.
 */
int kt_thread_new(l4_cap_idx_t *cap_out, l4_cap_idx_t task);
/* Give a thread of kt_thread_new a 16 KiB stack and fn(arg) as entry (ex_regs) and set
 * its TLS pointer. When fn returns the thread sleeps for ever. */
int kt_thread_set_entry(l4_cap_idx_t cap, void (*fn)(void *), void *arg);
/* l4_scheduler_run_thread with prio and the default quantum; returns l4_error(). */
long kt_thread_run(l4_cap_idx_t cap, unsigned prio);
/* new + set_entry (not scheduled). */
int kt_thread_create(l4_cap_idx_t *cap_out, l4_cap_idx_t task, void (*fn)(void *), void *arg);
/* A running thread of the root task: fn(arg) at priority prio. */
int kt_thread_start(l4_cap_idx_t *cap_out, void (*fn)(void *), void *arg, unsigned prio);
/* A running thread of task (bound there; its capabilities are task's). */
int kt_task_thread_start(l4_cap_idx_t task, l4_cap_idx_t *cap_out, void (*fn)(void *), void *arg,
			 unsigned prio);
/* The UTCB address a helper thread was bound to (0 if unknown). */
l4_addr_t kt_thread_utcb(l4_cap_idx_t cap);
/* Delete a helper thread and free its stack once it is gone; returns l4_error(). */
long kt_thread_kill(l4_cap_idx_t cap);
/* Reserve one root UTCB (for threads the test builds by hand); 0 if none is free. */
l4_addr_t kt_utcb_reserve(void);

/* Where a helper thread starts: the stack pointer points at this. */
struct kt_start {
	void (*fn)(void *);
	void *arg;
};
/* The Thumb entry of helper threads: fn(arg) from the kt_start at sp, then sleep. */
void kt_trampoline(void);

/*
 * The test scope: KT_SCOPE(); as the first statement of a test deletes, when the test
 * returns (also through a failed KT_ASSERT/KT_EQ), every helper thread, task and owned
 * object it made, and frees the threads' stacks (the heap holds only ~15 of them).
 */

int kt_scope_begin(void);
void kt_scope_end(int *scope);
/* Delete every helper thread, task and owned object still alive. */
void kt_cleanup(void);
#define KT_SCOPE() int kt_scope_ __attribute__((cleanup(kt_scope_end), unused)) = kt_scope_begin()

/* ---- time ---- */

uint64_t kt_now_us(void);
void kt_spin_us(unsigned us);
/* A relative timeout of about us microseconds (rounded up); 0 = zero timeout. */
l4_timeout_s kt_timeout_us(unsigned us);
/* Both send and receive: KT_SAFETY_US. */
l4_timeout_t kt_safety_timeout(void);
/* Sleep (a receive from nothing with a timeout). */
void kt_sleep_us(unsigned us);
/* Sleep in 1 ms steps until *p >= value or timeout_us passed; 1 if reached. */
int kt_wait_ge(volatile int *p, int value, unsigned timeout_us);

/* ---- the board: QEMU virt (GIC, ARMv7) or versatilepb (PL190 VIC, ARMv5) ---- */

/*
 * Interrupt lines for tests of the ICU, told apart at run time by the ICU's line count
 * (INFO): 1020 interrupt IDs on virt's GIC, 32 lines on versatilepb's VIC.
 */
struct kt_irq_lines {
	unsigned count;		/* the ICU's line count (INFO) */
	unsigned spare;		/* a line users may bind that no QEMU device drives */
	unsigned spare2;	/* another such line (spare + 1) */
	unsigned kernel[2];	/* lines the kernel keeps (its timer first): -L4_EPERM */
	unsigned not_device[2]; /* numbers below the first device line: -L4_EINVAL */
};
/* The lines (asked of L4_BASE_ICU_CAP once, then remembered: call it in the root task
 * before other tasks that share its image use it). */
const struct kt_irq_lines *kt_irq_lines(void);

/*
 * User RAM of the root task that tests may take for themselves (mapped 1:1 there):
 * from the middle of the user RAM l4re_bootinfo() reports, rounded down to 8 MiB (far
 * above what the root task's page allocator hands out first: it fits from the
 * bottom), to its end. On virt with 256 MiB about 0x47000000-0x50000000; on
 * versatilepb with 128 MiB 0x05000000-0x08000000. 0 and 0 without boot info.
 */
void kt_spare_ram(l4_addr_t *start, l4_addr_t *end);

/* ---- registers ---- */

uint32_t kt_read_tpidruro(void);
uint32_t kt_read_cpsr(void);

/* ---- a generic server thread ---- */

#define KT_SERVER_LOG 16

struct kt_server {
	/* set by the test before the start */
	long reply_label;     /* label of every reply */
	l4_cap_idx_t rcv_cap; /* receive buffer for one capability, or L4_INVALID_CAP */
	int no_reply;	      /* receive one message and then sleep for ever */
	unsigned work_us;     /* busy time before each reply */
	void (*on_msg)(struct kt_server *s); /* called in the server after each message */
	volatile int hold;		     /* do not receive while non-zero */
	/* results */
	volatile int ready;	    /* set before the first wait */
	volatile int count;	    /* messages received without error */
	volatile int errors;	    /* receive operations that ended with an error */
	volatile long last_error;   /* IPC error code of the last of those */
	volatile l4_umword_t label; /* receive label of the last message */
	volatile long tag_label;    /* tag label of the last message */
	volatile unsigned words;    /* words of the last message */
	volatile unsigned items;    /* items of the last message */
	volatile l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE]; /* its words */
	volatile l4_umword_t log[KT_SERVER_LOG];	    /* mr[0] of message 0, 1, ... */
	volatile long ext[4];				    /* free for on_msg */
};

/* Reset s to a server that echoes: replies with every word complemented. */
void kt_server_init(struct kt_server *s);
/* The server loop (thread function, arg = the struct kt_server). */
void kt_server_fn(void *arg);
/*
 * Start a server thread at prio and wait until it is receiving; if gate_out, also a gate
 * with label bound to it. Returns 0 or the error of the failing step.
 */
int kt_server_start(struct kt_server *s, l4_cap_idx_t *thread_out, l4_cap_idx_t *gate_out,
		    l4_umword_t label, unsigned prio);

/* ---- factory quota ---- */

enum kt_obj_kind {
	KT_OBJ_THREAD,
	KT_OBJ_GATE,
};

/* Slot i of a block of KT_FILL_MAX slots kept for kt_fill (reused between fills). */
#define KT_FILL_MAX 1024
l4_cap_idx_t kt_fill_slot(unsigned i);
/* Create objects through factory into the fill slots until an error (or KT_FILL_MAX);
 * returns how many; *stop_err = the error that stopped it (0 if KT_FILL_MAX). */
unsigned kt_fill(l4_cap_idx_t factory, enum kt_obj_kind kind, long *stop_err);
/* Delete the objects in fill slots 0..n-1. */
void kt_unfill(unsigned n);
/* kt_fill + kt_unfill: how many objects of a kind the factory can create now. */
unsigned kt_count_creatable(l4_cap_idx_t factory, enum kt_obj_kind kind, long *stop_err);

#endif
