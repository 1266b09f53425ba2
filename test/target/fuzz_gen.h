/* fuzz_gen.h - the kernel fuzzer's invocation generator, run by test_fuzz.c's fuzzer threads. */
#ifndef FUZZ_GEN_H
#define FUZZ_GEN_H

#include <l4/sys/types.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Known kernel findings a run can be told to steer around (fuzz.avoid=name,...), so
 * that CI stays green while another branch fixes them. Each is removed from the CI
 * line (cmake/host_tests.cmake) once its fix is merged.
 */
enum fuzz_avoid {
	/* issue 12 finding 1: a reply flag without the send flag skips the check that the
	 * tag's words and items fit the UTCB; such tags are cut to fit. */
	FUZZ_AVOID_REPLY_WITHOUT_SEND = 1u << 0,
	/* finding 3: map/unmap walk every page of a memory flexpage with interrupts off;
	 * memory flexpages are kept at order FUZZ_SMALL_FPAGE_ORDER or below. */
	FUZZ_AVOID_BIG_FPAGES = 1u << 1,
	/* finding 6: any scheduler capability runs threads at any priority; run_thread
	 * priorities are kept below the controller's. */
	FUZZ_AVOID_HIGH_PRIO = 1u << 2,
	/* Found by this fuzzer: a task that holds the last capability to itself (or
	 * tasks holding each other's) was never deleted, so what a child made outlived
	 * the child's task and factory, charged to the parent for ever (fixed: a deleted
	 * factory deletes what it paid for). Fuzzers then make no tasks. */
	FUZZ_AVOID_TASK_CYCLES = 1u << 3,
	/* Found by this fuzzer (fixed): run_thread took any quantum. One of 2^31 us or more (the
	 * slice is kept in an int32_t) stops the timer: no timeout expires any more and the thread
	 * keeps the CPU from every sleeper. One of a few microseconds, shorter than the
	 * kernel's timer interrupt takes, keeps the kernel in irq_handle_pending() for
	 * ever (before the latency work) or for hundreds of milliseconds (after it).
	 * Quanta are kept within [FUZZ_MIN_QUANTUM, 2^31). */
	FUZZ_AVOID_BAD_QUANTUM = 1u << 4,
};

#define FUZZ_SMALL_FPAGE_ORDER 22
#define FUZZ_MIN_QUANTUM       1000 /* us */

/*
 * A sandbox task's capability table as the controller fills it (the fuzzers believe
 * this at first and then keep track of what they create; what they map, grant and
 * delete makes the beliefs wrong, which is fine: they are only hints).
 */
enum fuzz_slot {
	FS_TASK = 1,	    /* its own task */
	FS_FACTORY = 2,	    /* its factory (a share of the batch's quota) */
	FS_THREAD = 3,	    /* the fuzzer thread 0 of this task */
	FS_OTHER_TASK = 4,  /* the other sandbox task */
	FS_LOG = 5,	    /* the kernel log, read-only (no W: writes fail) */
	FS_ICU = 6,	    /* the ICU */
	FS_SCHED = 7,	    /* the scheduler */
	FS_THREADS = 8,	    /* 8 .. 8 + FUZZ_THREADS - 1: every fuzzer thread */
	FS_GATES = 16,	    /* 16 .. 19: gates bound to fuzzer threads */
	FS_IRQS = 20,	    /* 20 .. 21: IRQ objects */
	FS_OTHER_FACT = 22, /* the other task's factory */
	FS_CREATE = 32,	    /* 32 .. FUZZ_BELIEF_SLOTS - 1: where fuzzers create objects */
	FS_TRACE = 0xffff,  /* the log with W, for fuzz.trace: no invocation reaches it */
};

/* The sandbox tasks' UTCB area: 8 UTCBs. */
#define FUZZ_UTCB_AREA_ORDER  12
#define FUZZ_TASKS	      2
#define FUZZ_THREADS_PER_TASK 3
#define FUZZ_THREADS	      (FUZZ_TASKS * FUZZ_THREADS_PER_TASK)
#define FUZZ_GATES	      4
#define FUZZ_IRQS	      2
#define FUZZ_BELIEF_SLOTS     128

/* What a slot is believed to hold. */
enum fuzz_kind {
	FK_NONE,
	FK_TASK,
	FK_THREAD,
	FK_GATE,
	FK_IRQ,
	FK_FACTORY,
	FK_LOG,
	FK_ICU,
	FK_SCHED,
	FK_KINDS,
};

/* Where the fuzzers' memory operations mostly go (set by the controller). */
struct fuzz_config {
	unsigned avoid;		  /* enum fuzz_avoid bits */
	unsigned max_prio;	  /* run_thread priorities up to this (FUZZ_AVOID_HIGH_PRIO) */
	l4_addr_t play;		  /* a region mapped into both sandbox tasks */
	unsigned play_order;	  /* its size, log2 */
	l4_addr_t image_lo;	  /* the program image the sandbox tasks share */
	l4_addr_t image_hi;	  /* (its end) */
	l4_addr_t utcb_area;	  /* the sandbox tasks' UTCB area */
	unsigned irq_lines;	  /* the ICU's line count (INFO) */
	unsigned long trace_from; /* fuzz.trace: print invocations from this number on */
	bool trace;
};

/* An invocation as it was made (for the controller to print). */
struct fuzz_record {
	uint64_t ticks; /* how long it took (the generic timer's counter) */
	l4_umword_t capword, tag, timeout;
	l4_umword_t mr[8];
};

#define FUZZ_LAST 16 /* invocations each thread keeps a record of */

/* One fuzzer thread's state, shared with the controller. */
struct fuzz_thread {
	uint64_t rng;		    /* xorshift64* state */
	unsigned index;		    /* 0 .. FUZZ_THREADS - 1 */
	unsigned task;		    /* which sandbox task it runs in */
	unsigned quota;		    /* invocations to make, then it stops */
	volatile unsigned done;	    /* invocations made */
	volatile unsigned stopped;  /* set when it made its quota */
	uint32_t digest;	    /* a hash of every result: equal runs give equal digests */
	bool received;		    /* its last invocation received a message (it may hold a
				       reply capability): the next one likely replies */
	struct fuzz_record longest; /* its longest invocation that could not block */
	struct fuzz_record last[FUZZ_LAST]; /* its last invocations (as they were made) */
	unsigned long last_seq[FUZZ_LAST];  /* their numbers in the batch */
	l4_addr_t canary;		/* the unused UTCB after its own, filled with a pattern */
	volatile unsigned long overrun; /* its canary changed: the kernel wrote past its
					   UTCB; seq + 1 when it was seen, else 0 */
	unsigned long first;		/* number of its first invocation (trace numbering) */
	l4_addr_t stack_top;
	uint8_t belief[FUZZ_BELIEF_SLOTS]; /* enum fuzz_kind per slot */
};

/*
 * All the memory the sandbox tasks may write (besides their UTCBs and the play
 * region): mapped read-write into both, while the rest of the program image they
 * share with the root task is mapped read-only. The controller resets it for each
 * batch. 64 KiB, aligned: one flexpage.
 */
#define FUZZ_SHARED_ORDER 16
#define FUZZ_STACK_SIZE	  6144

struct fuzz_shared {
	l4_addr_t stack_top[FUZZ_THREADS]; /* first: fuzz_reenter() reads it */
	struct fuzz_config config;
	volatile unsigned long seq; /* invocations made in this batch, all threads */
	struct fuzz_thread threads[FUZZ_THREADS];
	/* Each one's last invocations when an overrun was first seen: the culprit is among
	 * them. */
	unsigned overrun_seen;
	unsigned overrun_by;	   /* the thread that saw it first */
	unsigned overrun_word;	   /* the first word of its canary that changed */
	l4_umword_t overrun_value; /* what that word held then */
	struct fuzz_record at_overrun[FUZZ_THREADS][FUZZ_LAST];
	unsigned long at_overrun_seq[FUZZ_THREADS][FUZZ_LAST];
	uint8_t stacks[FUZZ_THREADS][FUZZ_STACK_SIZE] __attribute__((aligned(8)));
};

/* The whole 64 KiB, so that nothing else of the root task shares the mapping. */
union fuzz_page {
	struct fuzz_shared s;
	uint8_t whole[1u << FUZZ_SHARED_ORDER];
};

extern union fuzz_page fuzz_page;

/*
 * Where a fuzzer thread starts, and where ex_regs may send one again: takes the
 * thread's index from TPIDRURO (FUZZ_TPIDRURO + index, set by the controller),
 * its stack from fuzz_page, and runs its loop until its quota is made; then (or
 * with an index that is no fuzzer's) it sleeps for ever.
 */
void fuzz_reenter(void);

/*
 * Each fuzzer thread's UTCB is followed by an unused one that it fills with this
 * pattern (FUZZ_UTCB_CANARY words) and checks after each invocation: the kernel
 * must never write past a UTCB. No thread may be bound there (the fuzzers' binds
 * avoid these slots).
 */
#define FUZZ_CANARY_WORD 0x5a17c0deu
#define FUZZ_UTCB_WORDS	 (L4_UTCB_OFFSET / sizeof(l4_umword_t))

/* TPIDRURO of fuzzer thread i is FUZZ_TPIDRURO + i: other threads that ex_regs sends
 * to fuzz_reenter() (their TPIDRURO is 0 or random) go to sleep instead. */
#define FUZZ_TPIDRURO 0xf0220000u

/* A 64-bit mixer (splitmix64's finaliser): seeds for batches and threads. */
uint64_t fuzz_mix(uint64_t x);

/* Fill @t's beliefs with the controller's layout (enum fuzz_slot). */
void fuzz_beliefs_init(struct fuzz_thread *t);

/* Make one random invocation from the calling thread (whose state @t is). */
void fuzz_invoke_one(struct fuzz_thread *t, const struct fuzz_config *c);

#endif
