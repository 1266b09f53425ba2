/* main.c - the Linux server: runs a static Linux ARM program as an alien task and serves its system
 * calls. */
#include "process.h"
#include "signal.h"
#include "proc.h"
#include "syscall.h"
#include "tty.h"
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <l4/util/util.h>
#include <stdio.h>
#include <string.h>

/*
 * The processes (docs/linux.md): the first one's program is a boot module (argv[1] of
 * the server), its argv the server's argv[2...]; it forks and execs the others. Each
 * has a task and one alien thread: every svc, and every fault, comes here as IPC
 * through the gate its task holds, whose label says which process it is. The server
 * answers with the registers (system calls) or a page (faults), at once or, for a
 * call that must wait (a pipe, wait4, a sleep), later: it keeps the call's registers
 * and tries it again whenever another message changed something, or at its deadline.
 * The first process ends the server: it prints "linux: exit N" and returns.
 */

#define ARENA_BYTES  (32u << 20) /* pages for the process */
#define PROCESS_PRIO 50		 /* below the server's, so it is always served at once */
#define EXC_WORDS    (sizeof(l4_exc_regs_t) / sizeof(l4_umword_t))

#define ENV_MAX	  8	  /* -e options */
#define TTY_LABEL 0xfff0u /* the terminal's input IRQ: no process's gate label */
#define MAX_PROCS 32 /* processes and threads at once: fork and clone fail with EAGAIN beyond */
#define ETIMEDOUT 110
#define ECHILD	  10
#define EAGAIN	  11
#define ESRCH	  3
#define EPERM	  1
#define EINVAL	  22
#define EFAULT	  14

/* The processes, by slot; the label of slot i's gate is (i + 1) << 4. Their memory is a
 * dataspace of the server's (each holds its page table). */
static struct lx_process *procs[MAX_PROCS];
static bool used[MAX_PROCS];
static struct lx_process *first; /* the program the server was started with */
/* The reply to the message being served, kept apart from the UTCB: answering blocked
 * calls (answer_later) uses the UTCB before it goes out. */
static l4_umword_t reply_mr[EXC_WORDS];

/* Boot module @name as a read-only dataspace attached in the server. */
static const uint8_t *open_module(const char *name, size_t *size)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	void *at = NULL;
	if (l4re_ma_open_module_srv(l4re_env()->mem_alloc, name, ds) < 0)
		return NULL;
	*size = l4re_ds_size(ds);
	if (!*size ||
	    l4re_rm_attach(&at, *size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ds, 0, 12) < 0)
		return NULL;
	return at;
}

static int procs_init(void)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	void *at = NULL;
	unsigned long one = (sizeof(struct lx_process) + LX_PAGE - 1) & ~(LX_PAGE - 1ul);
	if (l4re_ma_alloc(one * MAX_PROCS, ds, 0) < 0 ||
	    l4re_rm_attach(&at, one * MAX_PROCS, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 12) <
		0)
		return -1;
	for (unsigned i = 0; i < MAX_PROCS; i++)
		procs[i] = (struct lx_process *)((char *)at + one * i);
	return 0;
}

/* A free slot, marked used, or -1. */
static int slot_alloc(void)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (!used[i]) {
			used[i] = true;
			return i;
		}
	return -1;
}

static uint32_t label_of(int slot)
{
	return (uint32_t)(slot + 1) << 4;
}

/* The live or ended (not yet waited for) process with @pid, or -1. */
static int slot_of_pid(uint32_t pid)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (used[i] && procs[i]->pid == pid && procs[i]->group == procs[i])
			return i;
	return -1;
}

/* The slot of @p. */
static int slot_of_proc(const struct lx_process *p)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (procs[i] == p)
			return i;
	return -1;
}

/* Is @p a process's first thread (the one that stands for the process)? */
static bool is_leader(const struct lx_process *p)
{
	return p->group == p;
}

/* The Linux signal an exception that is not a system call raises. */
static int signal_of(const l4_exc_regs_t *r)
{
	switch (l4_exc_class(r)) {
	case L4_EXC_CLASS_UNKNOWN:
		return 4; /* SIGILL */
	case L4_EXC_CLASS_PREFETCH_ABORT:
	case L4_EXC_CLASS_DATA_ABORT:
		return 11; /* SIGSEGV */
	default:
		return 5; /* SIGTRAP */
	}
}

/* The siginfo code of a fault at @addr: SEGV_ACCERR if it is in a region (a right
 * was missing), else SEGV_MAPERR; ILL_ILLOPC, TRAP_BRKPT. */
static int32_t fault_code(struct lx_process *p, int sig, uint32_t addr)
{
	if (sig != 11)
		return 1;
	return lx_mapped(p, addr) ? 2 : 1;
}

/* The exit status a shell reports for wait status @status. */
static int exit_code(int status)
{
	return (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
}

/* Copy the words of an exception message between the UTCB and the server (both word
 * aligned): four at a time, which the compiler makes a load-multiple and a
 * store-multiple (a word loop cost 6 instructions a word, a quarter of a getpid).
 * GCC's attribute keeps it from making the loop a memcpy call (clang has none). */
#if defined(__GNUC__) && !defined(__clang__)
#define LX_NOT_A_MEMCPY_CALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define LX_NOT_A_MEMCPY_CALL
#endif
struct four_words {
	l4_umword_t w[4];
};

LX_NOT_A_MEMCPY_CALL static void copy_words(void *dst, const void *src)
{
	l4_umword_t *d = dst;
	const l4_umword_t *s = src;
	unsigned i = 0;
	for (; i + 4 <= EXC_WORDS; i += 4)
		*(struct four_words *)(void *)(d + i) =
		    *(const struct four_words *)(const void *)(s + i);
	for (; i < EXC_WORDS; i++)
		d[i] = s[i];
}

/* What serving a message leaves to do. */
enum answer {
	ANSWER_REPLY, /* reply with reply_mr */
	ANSWER_NONE,  /* the sender waits (a blocked call) or is gone: no reply */
	ANSWER_DONE,  /* the first process ended: the server ends */
};

static enum answer process_exit(int slot, int status);

/* How many calls wait: with none, there is nothing to try again after a message. */
static unsigned blocked_count;

static void set_blocked(struct lx_process *p, bool blocked)
{
	if (p->blocked != blocked)
		blocked_count += blocked ? 1u : (unsigned)-1;
	p->blocked = blocked;
}

/* Is process @slot there (not ended)? */
static bool alive(int slot)
{
	return slot >= 0 && slot < MAX_PROCS && used[slot] && !procs[slot]->exited;
}

/* Send @r to process @slot's thread, which waits for its reply (a deferred one:
 * the server took other messages meanwhile; a send to the thread answers it). */
static void answer_later(int slot, l4_exc_regs_t *r)
{
	copy_words(l4_utcb_mr()->mr, r);
	l4_ipc_send(procs[slot]->thread, l4_utcb(), l4_msgtag(0, EXC_WORDS, 0, 0),
		    L4_IPC_SEND_TIMEOUT_0);
}

/* Deliver what is pending to @slot, about to go on with registers @regs (@sync: a
 * signal from a fault): a handler's frame, or its end. Return: false if it ended. */
static void stop_process(int slot, const l4_exc_regs_t *regs, int sig);
static enum answer continue_process(int slot);

static bool deliver(int slot, l4_exc_regs_t *regs, bool sync, enum answer *ended)
{
	int status;
	*ended = ANSWER_NONE;
	switch (lx_signal_deliver(procs[slot], regs, sync, &status)) {
	case LX_DELIVER_TERMINATE:
		*ended = process_exit(slot_of_proc(procs[slot]->group), status);
		return false;
	case LX_DELIVER_STOP: /* no answer until SIGCONT */
		stop_process(slot, regs, status);
		return false;
	default:
		return true;
	}
}

/* Resume @slot, the sender of the message being served, with registers @regs. */
static enum answer resume(int slot, l4_exc_regs_t *regs, bool sync)
{
	enum answer ended;
	if (!deliver(slot, regs, sync, &ended))
		return ended;
	copy_words(reply_mr, regs);
	return ANSWER_REPLY;
}

/* Resume @slot, whose call waited, with registers @regs. */
static enum answer resume_later(int slot, l4_exc_regs_t *regs)
{
	enum answer ended;
	set_blocked(procs[slot], false);
	if (!deliver(slot, regs, false, &ended))
		return ended;
	answer_later(slot, regs);
	return ANSWER_NONE;
}

/* @r's call of @slot waits: keep its registers until it can go on. */
static enum answer block(int slot, const l4_exc_regs_t *r)
{
	set_blocked(procs[slot], true);
	procs[slot]->block_regs = *r;
	return ANSWER_NONE;
}

/* A signal is pending for @slot, which runs (it is not the sender being served and
 * does not wait in a call): make it enter the server now (ex_regs triggers an
 * exception), where it is delivered. */
static void interrupt_running(int slot)
{
	bool restart;
	struct lx_process *p = procs[slot];
	if (!p->blocked && lx_signal_wanted(p, &restart))
		l4_thread_ex_regs(p->thread, ~0ul, ~0ul, L4_THREAD_EX_REGS_TRIGGER_EXCEPTION);
}

/* ---- wait4 and waitid ---- */

/* Does child @c match wait4's @want (pid; -1 any; 0 the caller's group; < -1 a group)? */
static bool wait_matches(const struct lx_process *p, const struct lx_process *c, int32_t want)
{
	if (want > 0)
		return c->pid == (uint32_t)want;
	if (want == 0)
		return c->pgid == p->pgid;
	return want == -1 || c->pgid == (uint32_t)-want;
}

/* What a wait reports of a child. */
enum report { REPORT_ENDED, REPORT_STOPPED, REPORT_CONTINUED };

/* A child of @slot that @want matches and that a wait with @ended, @stopped,
 * @continued may report: its slot, and *@what. Return -1 if there is none yet, -2 if no
 * child matches at all. */
static int child_to_report(int slot, int32_t want, bool ended, bool stopped, bool continued,
			   enum report *what)
{
	struct lx_process *p = procs[slot];
	bool children = false;
	for (int i = 0; i < MAX_PROCS; i++) {
		struct lx_process *c = procs[i];
		if (!used[i] || i == slot || !is_leader(c) || c->ppid != p->pid ||
		    !wait_matches(p, c, want))
			continue;
		children = true;
		*what = c->exited			    ? REPORT_ENDED
			: c->stopped && c->stop_unreported  ? REPORT_STOPPED
			: !c->stopped && c->cont_unreported ? REPORT_CONTINUED
							    : (enum report) - 1;
		if ((*what == REPORT_ENDED && ended) || (*what == REPORT_STOPPED && stopped) ||
		    (*what == REPORT_CONTINUED && continued))
			return i;
	}
	return children ? -1 : -2;
}

/* A wait told its parent @what of child @c: not again; an ended child goes. */
static void reported(int c, enum report what)
{
	if (what == REPORT_STOPPED)
		procs[c]->stop_unreported = false;
	else if (what == REPORT_CONTINUED)
		procs[c]->cont_unreported = false;
	else
		used[c] = false;
}

/* wait4(pid, status, options, rusage) of @slot: fill in @r's result. Return: whether
 * the call is done (else it waits). */
static bool try_wait4(int slot, l4_exc_regs_t *r)
{
	struct lx_process *p = procs[slot];
	int32_t want = (int32_t)r->r[0];
	if (r->r[2] & ~(1u | 2u | 8u | 0x40000000u | 0x80000000u | 0x20000000u)) {
		r->r[0] = (l4_umword_t)-EINVAL;
		return true;
	}
	if (want == INT32_MIN) {
		r->r[0] = (l4_umword_t)-ESRCH;
		return true;
	}
	enum report what;
	/* WUNTRACED 2, WCONTINUED 8 */
	int c = child_to_report(slot, want, true, r->r[2] & 2, r->r[2] & 8, &what);
	if (c == -2) {
		r->r[0] = (l4_umword_t)-ECHILD;
		return true;
	}
	if (c < 0) {
		if (!(r->r[2] & 1)) /* WNOHANG */
			return false;
		r->r[0] = 0;
		return true;
	}
	int32_t st = what == REPORT_STOPPED	? procs[c]->stop_sig << 8 | 0x7f
		     : what == REPORT_CONTINUED ? 0xffff
						: procs[c]->status;
	uint32_t rusage[18] = {0};
	if ((r->r[1] && lx_copy_to(p, r->r[1], &st, 4)) ||
	    (r->r[3] && lx_copy_to(p, r->r[3], rusage, sizeof(rusage)))) {
		r->r[0] = (l4_umword_t)-EFAULT;
		return true;
	}
	r->r[0] = procs[c]->pid;
	reported(c, what);
	return true;
}

/* waitid(idtype, id, infop, options, rusage): P_ALL 0, P_PID 1, P_PGID 2; WEXITED
 * must be asked for; WNOWAIT leaves the child to be waited for again. */
static bool try_waitid(int slot, l4_exc_regs_t *r)
{
	struct lx_process *p = procs[slot];
	uint32_t type = r->r[0], id = r->r[1], opts = r->r[3];
	enum { WNOHANG = 1, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x1000000 };
	if (type > 2 || !(opts & (WEXITED | WSTOPPED | WCONTINUED)) ||
	    (opts &
	     ~(WNOHANG | 2u | WEXITED | 8u | WNOWAIT | 0x20000000u | 0x40000000u | 0x80000000u)) ||
	    (type == 1 && (int32_t)id <= 0) || (type == 2 && (int32_t)id < 0)) {
		r->r[0] = (l4_umword_t)-EINVAL;
		return true;
	}
	int32_t want = type == 0 ? -1 : type == 1 ? (int32_t)id : id ? -(int32_t)id : 0;
	enum report what;
	int c =
	    child_to_report(slot, want, opts & WEXITED, opts & WSTOPPED, opts & WCONTINUED, &what);
	if (c == -2) {
		r->r[0] = (l4_umword_t)-ECHILD;
		return true;
	}
	if (c < 0 && !(opts & WNOHANG))
		return false;
	int32_t info[32] = {0};
	if (c >= 0) {
		int st = procs[c]->status;
		info[0] = LX_SIGCHLD;
		info[3] = (int32_t)procs[c]->pid;
		if (what == REPORT_STOPPED) {
			info[2] = 5; /* CLD_STOPPED */
			info[5] = procs[c]->stop_sig;
		} else if (what == REPORT_CONTINUED) {
			info[2] = 6; /* CLD_CONTINUED */
			info[5] = LX_SIGCONT;
		} else {
			info[2] =
			    (st & 0x7f) ? ((st & 0x80) ? 3 : 2) : 1; /* DUMPED, KILLED, EXITED */
			info[5] = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff;
		}
	}
	if (r->r[2] && lx_copy_to(p, r->r[2], info, sizeof(info))) {
		r->r[0] = (l4_umword_t)-EFAULT;
		return true;
	}
	if (c >= 0 && !(opts & WNOWAIT))
		reported(c, what);
	r->r[0] = 0;
	return true;
}

/* ---- fork and signals between processes ---- */

/* clone(flags, stack, parent_tid, tls, child_tid) with CLONE_VM | CLONE_THREAD: one
 * more thread of @slot's process. */
static enum answer do_clone_thread(int slot, l4_exc_regs_t *r)
{
	enum {
		CLONE_SETTLS = 0x80000,
		CLONE_PARENT_SETTID = 0x100000,
		CLONE_CHILD_CLEARTID = 0x200000,
		CLONE_CHILD_SETTID = 0x1000000,
	};
	struct lx_process *p = procs[slot], *g = p->group;
	uint32_t flags = r->r[0];
	int c = slot_alloc();
	if (!(flags & 0x800) /* CLONE_SIGHAND */ || !(flags & 0x200) /* CLONE_FILES */) {
		if (c >= 0)
			used[c] = false;
		r->r[0] = (l4_umword_t)-EINVAL;
		return resume(slot, r, false);
	}
	if (c < 0) {
		r->r[0] = (l4_umword_t)-EAGAIN;
		return resume(slot, r, false);
	}
	struct lx_process *t = procs[c];
	lx_process_clear(t);
	t->group = g;
	t->pid = g->pid;
	t->ppid = g->ppid;
	t->pgid = g->pgid;
	t->sid = g->sid;
	t->tid = lx_new_pid();
	t->label = label_of(c);
	t->sig.blocked = p->sig.blocked;
	if (lx_thread_new(t, r, r->r[1], (flags & CLONE_SETTLS) ? r->r[3] : (uint32_t)r->tpidruro,
			  (unsigned)c + 1, PROCESS_PRIO) != 0) {
		lx_thread_end(t);
		used[c] = false;
		r->r[0] = (l4_umword_t)-EAGAIN;
		return resume(slot, r, false);
	}
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_tid = r->r[4];
	if (flags & CLONE_PARENT_SETTID)
		lx_copy_to(p, r->r[2], &t->tid, 4);
	if (flags & CLONE_CHILD_SETTID)
		lx_copy_to(p, r->r[4], &t->tid, 4);
	r->r[0] = t->tid;
	return resume(slot, r, false);
}

static enum answer do_fork(int slot, l4_exc_regs_t *r)
{
	struct lx_process *p = procs[slot];
	if (r->r[7] == 120 && (r->r[0] & 0x10000)) /* CLONE_THREAD */
		return do_clone_thread(slot, r);
	bool vfork = r->r[7] == 190 || (r->r[7] == 120 && (r->r[0] & 0x4000)); /* CLONE_VFORK */
	int c = slot_alloc();
	if (c < 0) {
		r->r[0] = (l4_umword_t)-EAGAIN;
		return resume(slot, r, false);
	}
	if (lx_process_fork(p, procs[c], r, label_of(c), PROCESS_PRIO) != 0) {
		lx_process_end(procs[c]);
		used[c] = false;
		r->r[0] = (l4_umword_t)-EAGAIN;
		return resume(slot, r, false);
	}
	struct lx_process *child = procs[c];
	child->pgid = p->group->pgid;
	child->sid = p->group->sid;
	r->r[0] = child->pid;
	/* vfork, or clone with CLONE_VFORK: the parent waits for the child's execve or end. */
	if (vfork) {
		child->in_vfork = true;
		p->vfork_child = child->pid;
		return block(slot, r);
	}
	return resume(slot, r, false);
}

/* Send @sig (0: only look) from @from to process @t. Return: whether the sender
 * itself ended by it (its slot is @self). */
static enum answer send_signal(int t, int sig, uint32_t from, int self)
{
	struct lx_process *p = procs[t];
	const uint64_t stops = 0xfull << (LX_SIGSTOP - 1); /* SIGSTOP..SIGTTOU */
	if (!sig)
		return ANSWER_REPLY;
	/* As Linux when it sends: SIGCONT drops pending stops and goes on at once; a stop
	 * drops a pending SIGCONT; SIGKILL ends a stopped process too. */
	if (sig == LX_SIGCONT)
		p->sig.pending &= ~stops;
	else if (lx_signal_stops(sig))
		p->sig.pending &= ~(1ull << (LX_SIGCONT - 1));
	lx_signal_raise(p, sig, 0 /* SI_USER */, from);
	if (p->stopped && sig == LX_SIGKILL)
		return process_exit(t, LX_SIGKILL);
	if (p->stopped && sig == LX_SIGCONT)
		return continue_process(t);
	if (t != self)
		interrupt_running(t);
	return ANSWER_REPLY;
}

/* tkill(tid, sig) and tgkill(tgid, tid, sig): to one thread. */
static enum answer do_tkill(int slot, l4_exc_regs_t *r)
{
	bool tg = r->r[7] == 268;
	int32_t tid = (int32_t)r->r[tg ? 1 : 0];
	uint32_t sig = r->r[tg ? 2 : 1], tgid = r->r[0];
	if (sig > LX_NSIG || tid <= 0 || (tg && (int32_t)tgid <= 0)) {
		r->r[0] = (l4_umword_t)-EINVAL;
		return resume(slot, r, false);
	}
	r->r[0] = (l4_umword_t)-ESRCH;
	for (int i = 0; i < MAX_PROCS; i++) {
		struct lx_process *t = procs[i];
		if (!alive(i) || t->tid != (uint32_t)tid || (tg && t->pid != tgid))
			continue;
		if (sig) {
			lx_signal_raise(t, (int)sig, -6 /* SI_TKILL */, procs[slot]->pid);
			if (i != slot)
				interrupt_running(i);
		}
		r->r[0] = 0;
		break;
	}
	return resume(slot, r, false);
}

/* Tell @p's parent that @p stopped or went on: SIGCHLD, unless its action says
 * SA_NOCLDSTOP. */
static void tell_parent(struct lx_process *p, int code)
{
	int parent = slot_of_pid(p->ppid);
	if (parent < 0 || !alive(parent))
		return;
	struct lx_process *pp = procs[parent];
	if (!(pp->sig.action[LX_SIGCHLD].flags & 1)) /* SA_NOCLDSTOP */
		lx_signal_raise(pp, LX_SIGCHLD, code, p->pid);
}

/* Process @slot took a stop signal @sig with registers @regs: it waits, unanswered,
 * until SIGCONT; its parent's wait may report it. */
static void stop_process(int slot, const l4_exc_regs_t *regs, int sig)
{
	struct lx_process *p = procs[slot];
	p->stopped = true;
	p->stop_sig = sig;
	p->stop_regs = *regs;
	p->stop_unreported = true;
	p->cont_unreported = false;
	set_blocked(p, true);
	tell_parent(p->group, 5 /* CLD_STOPPED */);
}

/* SIGCONT for stopped process @slot: it goes on with its registers (the call it was
 * in runs again), after what is pending is delivered. */
static enum answer continue_process(int slot)
{
	struct lx_process *p = procs[slot];
	l4_exc_regs_t regs = p->stop_regs;
	p->stopped = false;
	p->stop_unreported = false;
	p->cont_unreported = true;
	tell_parent(p->group, 6 /* CLD_CONTINUED */);
	return resume_later(slot, &regs);
}

/* kill(pid, sig): a process; 0 the caller's group; -1 all others; < -1 a group. */
static enum answer do_kill(int slot, l4_exc_regs_t *r)
{
	struct lx_process *p = procs[slot];
	int32_t pid = (int32_t)r->r[0];
	uint32_t sig = r->r[1];
	bool found = false;
	if (r->r[7] != 37)
		return do_tkill(slot, r);
	if (sig > LX_NSIG) {
		r->r[0] = (l4_umword_t)-EINVAL;
		return resume(slot, r, false);
	}
	if (pid == INT32_MIN) {
		r->r[0] = (l4_umword_t)-ESRCH;
		return resume(slot, r, false);
	}
	for (int i = 0; i < MAX_PROCS; i++) {
		struct lx_process *t = procs[i];
		if (!used[i] || !is_leader(t)) /* a zombie is there too, for kill(pid, 0) */
			continue;
		bool hit = pid > 0     ? t->pid == (uint32_t)pid
			   : pid == 0  ? t->pgid == p->pgid
			   : pid == -1 ? i != slot
				       : t->pgid == (uint32_t)-pid;
		if (!hit)
			continue;
		found = true;
		if (alive(i) && send_signal(i, (int)sig, p->pid, slot) == ANSWER_DONE)
			return ANSWER_DONE;
	}
	r->r[0] = found ? 0 : (l4_umword_t)-ESRCH;
	return resume(slot, r, false);
}

/* The process with @pid (0: @slot's own), or -1. */
static int target_of(int slot, uint32_t pid)
{
	return pid == 0 ? slot : slot_of_pid(pid);
}

/* setpgid, getpgrp, setsid, getpgid, getsid. */
static long do_groups(int slot, l4_exc_regs_t *r)
{
	struct lx_process *p = procs[slot];
	int t;
	switch (r->r[7]) {
	case 65: /* getpgrp */
		return p->pgid;
	case 132: /* getpgid */
	case 147: /* getsid */
		t = target_of(slot, r->r[0]);
		if (t < 0 || !alive(t))
			return -ESRCH;
		return r->r[7] == 132 ? procs[t]->pgid : procs[t]->sid;
	case 66: /* setsid: not for a group leader */
		for (int i = 0; i < MAX_PROCS; i++)
			if (alive(i) && procs[i]->pgid == p->pid)
				return -EPERM;
		p->sid = p->pgid = p->pid;
		return p->pid;
	default: { /* 57 setpgid(pid, pgid): itself or a child, into a group of its session */
		int32_t pgid = (int32_t)r->r[1];
		t = target_of(slot, r->r[0]);
		if (pgid < 0)
			return -EINVAL;
		if (t < 0 || !alive(t) || (t != slot && procs[t]->ppid != p->pid))
			return -ESRCH;
		struct lx_process *c = procs[t];
		if (c->sid != p->sid)
			return -EPERM;
		if (c->sid == c->pid)
			return -EPERM; /* a session leader */
		if (!pgid)
			pgid = (int32_t)c->pid;
		if ((uint32_t)pgid != c->pid) {
			bool exists = false;
			for (int i = 0; i < MAX_PROCS; i++)
				exists |= alive(i) && procs[i]->pgid == (uint32_t)pgid &&
					  procs[i]->sid == p->sid;
			if (!exists)
				return -EPERM;
		}
		c->pgid = (uint32_t)pgid;
		return 0;
	}
	}
}

/*
 * Process @slot ended with wait status @status: its task goes; it stays as a zombie
 * for its parent's wait (which the next wake_all answers), or goes at once if no
 * process is its parent. The first process ending ends the server.
 */
static enum answer process_exit(int slot, int status)
{
	struct lx_process *p = procs[slot];
	if (p->exited)
		return ANSWER_NONE;
	for (int i = 0; i < MAX_PROCS; i++) /* its other threads */
		if (used[i] && i != slot && procs[i]->group == p) {
			set_blocked(procs[i], false);
			lx_thread_end(procs[i]);
			used[i] = false;
		}
	lx_process_end(p);
	p->status = status;
	set_blocked(p, false);
	p->in_vfork = false;
	if (p == first)
		return ANSWER_DONE;
	for (int i = 0; i < MAX_PROCS; i++) /* its children: nobody waits for them now */
		if (used[i] && i != slot && procs[i]->ppid == p->pid) {
			procs[i]->ppid = 1;
			if (procs[i]->exited)
				used[i] = false;
		}
	int parent = slot_of_pid(p->ppid);
	if (parent < 0 || !alive(parent)) {
		used[slot] = false;
		return ANSWER_NONE;
	}
	int code = (status & 0x7f) ? ((status & 0x80) ? 3 : 2) : 1;
	/* Delivered at the parent's next system call (or now, if it waits in one): not
	 * by interrupting it, so that it comes as late as Linux's usually does. */
	lx_signal_raise(procs[parent], LX_SIGCHLD, code, p->pid);
	return ANSWER_NONE;
}

/* ---- threads ---- */

/* Wake at most @n threads of @g that wait on the futex at @addr. Return: how many. */
static long futex_wake(struct lx_process *g, uint32_t addr, long n)
{
	long woken = 0;
	for (int i = 0; i < MAX_PROCS && woken < n; i++) {
		struct lx_process *t = procs[i];
		if (alive(i) && t->group == g && t->blocked && t->futex_addr == addr &&
		    !t->futex_woken) {
			t->futex_woken = true;
			woken++;
		}
	}
	return woken;
}

/* futex(addr, op, val, timeout, addr2, val3): WAIT, WAKE, REQUEUE, CMP_REQUEUE and the
 * BITSET forms (any bits), private or not (the same: no futexes between processes). */
static enum answer do_futex(int slot, l4_exc_regs_t *r)
{
	struct lx_process *p = procs[slot];
	uint32_t addr = r->r[0], op = r->r[1] & 0x7f, val = r->r[2], cur;
	bool wide = r->r[7] == 422;
	if (addr % 4) {
		r->r[0] = (l4_umword_t)-EINVAL;
		return resume(slot, r, false);
	}
	switch (op) {
	case 0: /* WAIT: relative timeout */
	case 9: /* WAIT_BITSET: absolute */
		if (op == 9 && !r->r[5]) {
			r->r[0] = (l4_umword_t)-EINVAL;
			break;
		}
		if (lx_copy_from(p, &cur, addr, 4)) {
			r->r[0] = (l4_umword_t)-EFAULT;
			break;
		}
		if (cur != val) {
			r->r[0] = (l4_umword_t)-EAGAIN;
			break;
		}
		p->wake_ns = 0;
		if (r->r[3]) {
			uint64_t ns;
			if (lx_timespec_ns(p, r->r[3], wide, &ns)) {
				r->r[0] = (l4_umword_t)-EINVAL;
				break;
			}
			uint64_t now = l4_kip_clock_ns(l4re_kip());
			if (op == 9 && (r->r[1] & 256)) /* FUTEX_CLOCK_REALTIME */
				ns = ns > lx_wall_ns() - now ? ns - (lx_wall_ns() - now) : 1;
			p->wake_ns = op == 9 ? (ns ? ns : 1) : now + ns;
		}
		p->futex_addr = addr;
		p->futex_woken = false;
		return block(slot, r);
	case 1:	 /* WAKE */
	case 10: /* WAKE_BITSET */
		r->r[0] = (l4_umword_t)futex_wake(p->group, addr, (int32_t)val < 0 ? 0 : val);
		break;
	case 3: /* REQUEUE */
	case 4: /* CMP_REQUEUE: only if *addr is still val3 */
		if (op == 4 && (lx_copy_from(p, &cur, addr, 4) || cur != r->r[5])) {
			r->r[0] = (l4_umword_t)-EAGAIN;
			break;
		} else {
			long woken = futex_wake(p->group, addr, (int32_t)val < 0 ? 0 : val);
			long moved = 0;
			for (int i = 0; i < MAX_PROCS && moved < (long)r->r[3]; i++) {
				struct lx_process *t = procs[i];
				if (alive(i) && t->group == p->group && t->blocked &&
				    t->futex_addr == addr && !t->futex_woken) {
					t->futex_addr = r->r[4];
					moved++;
				}
			}
			r->r[0] = (l4_umword_t)(woken + moved);
		}
		break;
	default:
		r->r[0] = (l4_umword_t)-38; /* ENOSYS: PI futexes, WAKE_OP */
		break;
	}
	return resume(slot, r, false);
}

/* The thread @slot (not its process's first) ends: CLONE_CHILD_CLEARTID's word goes
 * to 0 and one waiter on it wakes (pthread_join). */
static void thread_exit(int slot)
{
	struct lx_process *t = procs[slot];
	uint32_t zero = 0;
	set_blocked(t, false);
	if (t->clear_tid && !lx_copy_to(t, t->clear_tid, &zero, 4))
		futex_wake(t->group, t->clear_tid, 1);
	lx_thread_end(t);
	used[slot] = false;
}

/* ---- calls that wait ---- */

/* Try @slot's waiting call again (or end it for a signal). Return: ANSWER_DONE if the
 * first process ended; *@done: the call is over. */
static enum answer wake(int slot, bool *done)
{
	struct lx_process *p = procs[slot];
	l4_exc_regs_t r = p->block_regs;
	uint32_t nr = r.r[7];
	bool restart, finished;
	*done = false;
	if (p->stopped) /* until SIGCONT */
		return ANSWER_NONE;
	if (p->vfork_child) { /* until the child execs or ends */
		int c = slot_of_pid(p->vfork_child);
		if (c >= 0 && alive(c) && procs[c]->in_vfork)
			return ANSWER_NONE;
		p->vfork_child = 0;
		*done = true;
		return resume_later(slot, &r);
	}
	/* The call first: what it waited for and a signal may come together, and then
	 * it ends as if the signal came after (a wait finds the child whose SIGCHLD it
	 * is). */
	if (nr == 240 || nr == 422) { /* a futex wait: woken, or its time is up */
		uint64_t now = l4_kip_clock_ns(l4re_kip());
		finished = p->futex_woken || (p->wake_ns && now >= p->wake_ns);
		r.r[0] = p->futex_woken ? 0 : (l4_umword_t)-ETIMEDOUT;
		if (finished)
			p->futex_addr = 0, p->wake_ns = 0;
	} else if (nr == 114 || nr == 280) {
		finished = nr == 114 ? try_wait4(slot, &r) : try_waitid(slot, &r);
	} else {
		p->retrying = true;
		finished = lx_syscall(p, &r) != LX_BLOCK;
		p->retrying = false;
	}
	if (!finished && lx_signal_wanted(p, &restart)) {
		r = p->block_regs;
		p->futex_addr = 0;
		lx_syscall_interrupt(p, &r, restart);
		finished = true;
	}
	if (!finished)
		return ANSWER_NONE;
	*done = true;
	return resume_later(slot, &r);
}

/* After a message: try every waiting call again, until none can go on. */
static enum answer wake_all(void)
{
	bool progress = blocked_count != 0;
	for (int round = 0; progress && round <= MAX_PROCS; round++) {
		progress = false;
		for (int i = 0; i < MAX_PROCS; i++) {
			bool done;
			if (!alive(i) || !procs[i]->blocked)
				continue;
			if (wake(i, &done) == ANSWER_DONE)
				return ANSWER_DONE;
			progress |= done;
		}
	}
	return ANSWER_NONE;
}

/* How long the server may wait for a message: until the first deadline of a waiting
 * call (a sleep, a poll's timeout). */
static l4_timeout_t next_timeout(void)
{
	uint64_t first_ns = 0;
	if (!blocked_count)
		return L4_IPC_NEVER;
	for (int i = 0; i < MAX_PROCS; i++)
		if (alive(i) && procs[i]->blocked && procs[i]->wake_ns &&
		    (!first_ns || procs[i]->wake_ns < first_ns))
			first_ns = procs[i]->wake_ns;
	if (!first_ns)
		return L4_IPC_NEVER;
	uint64_t now = l4_kip_clock_ns(l4re_kip());
	uint64_t us = first_ns > now ? (first_ns - now + 999) / 1000 : 0;
	if (us > 1000000)
		us = 1000000; /* it looks again after a second at most */
	return l4_timeout(L4_IPC_TIMEOUT_NEVER,
			  us ? l4util_micros2l4to((unsigned)us) : L4_IPC_TIMEOUT_0);
}

/* ---- one message ---- */

/* A system call of @slot with registers @regs. */
static enum answer serve_syscall(int slot, l4_exc_regs_t *regs)
{
	struct lx_process *p = procs[slot];
	uint32_t nr = regs->r[7]; /* an execve sets every register */
	switch (lx_syscall(p, regs)) {
	case LX_EXITED:
		if (regs->r[7] == 1 && !is_leader(p)) { /* exit: this thread only */
			thread_exit(slot);
			return ANSWER_NONE;
		}
		p->group->status = p->status;
		return process_exit(slot_of_proc(p->group), p->status);
	case LX_FUTEX:
		return do_futex(slot, regs);
	case LX_FAULT:
		lx_signal_raise(p, 11, 0x80 /* SI_KERNEL */, 0);
		return resume(slot, regs, true);
	case LX_FORK:
		return do_fork(slot, regs);
	case LX_WAIT: {
		bool done = regs->r[7] == 114 ? try_wait4(slot, regs) : try_waitid(slot, regs);
		return done ? resume(slot, regs, false) : block(slot, regs);
	}
	case LX_KILL:
		return do_kill(slot, regs);
	case LX_PROCS:
		regs->r[0] = (l4_umword_t)do_groups(slot, regs);
		return resume(slot, regs, false);
	case LX_BLOCK:
		return block(slot, regs);
	case LX_RETURN_REGS:
		if (nr == 11) { /* an execve: a vfork parent goes on, other threads end */
			p->in_vfork = false;
			for (int i = 0; i < MAX_PROCS; i++)
				if (used[i] && i != slot && procs[i]->group == p->group)
					thread_exit(i);
		}
		return resume(slot, regs, false);
	default:
		return resume(slot, regs, false);
	}
}

/* One message from process @slot: @tag, the registers or fault in the UTCB. */
static enum answer serve(int slot, l4_msgtag_t tag, l4_msgtag_t *reply)
{
	struct lx_process *p = procs[slot];
	l4_umword_t *mr = l4_utcb_mr()->mr;
	*reply = l4_msgtag(0, EXC_WORDS, 0, 0);
	if (l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT && l4_msgtag_words(tag) == 2) {
		/* Outside its memory or against its rights: a negative reply, and the kernel
		 * sends the fault again as an exception, where it becomes a signal. */
		if (!lx_page_fault(p, mr[0], reply_mr, reply))
			*reply = l4_msgtag(-1, 0, 0, 0);
		return ANSWER_REPLY;
	}
	if (l4_msgtag_label(tag) != L4_PROTO_EXCEPTION || l4_msgtag_words(tag) != EXC_WORDS) {
		*reply = l4_msgtag(-1, 0, 0, 0); /* not from the process's thread */
		return ANSWER_REPLY;
	}
	l4_exc_regs_t regs;
	copy_words(&regs, mr);
	if (p->fork_start) { /* a child's first message: it gets the parent's registers */
		p->fork_start = false;
		regs = p->fork_regs;
		return resume(slot, &regs, false);
	}
	if (p->blocked) { /* cannot be: its thread waits for our answer */
		*reply = l4_msgtag(-1, 0, 0, 0);
		return ANSWER_REPLY;
	}
	switch (l4_exc_class(&regs)) {
	case L4_EXC_CLASS_SVC:
		return serve_syscall(slot, &regs);
	case L4_EXC_CLASS_TRIGGERED: /* interrupted to take a signal */
		return resume(slot, &regs, false);
	default: {
		int sig = signal_of(&regs);
		if (p->group->out_of_memory) { /* not its fault: no memory for the page */
			p->group->out_of_memory = false;
			sig = LX_SIGKILL;
		}
		lx_signal_raise(p, sig, fault_code(p, sig, (uint32_t)regs.pfa), (uint32_t)regs.pfa);
		return resume(slot, &regs, true);
	}
	}
}

void lx_proc_refresh(const struct lx_process *caller)
{
	lx_proc_build(procs, used, MAX_PROCS, caller->group);
}

/* Send @sig to every process of group @pgrp: the terminal's ^C, ^\ and ^Z (@self -1),
 * or SIGTTIN from process @self's read. */
static enum answer signal_group(uint32_t pgrp, int sig, int self)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (alive(i) && is_leader(procs[i]) && procs[i]->pgid == pgrp &&
		    send_signal(i, sig, 0, self) == ANSWER_DONE)
			return ANSWER_DONE;
	return ANSWER_NONE;
}

void lx_signal_group(const struct lx_process *from, uint32_t pgrp, int sig)
{
	signal_group(pgrp, sig, slot_of_proc(from->group)); /* a stop signal ends nobody */
}

/* The wall clock from the board's real-time clock, if the spec gives one as the
 * capability "rtc": a PL031's registers, whose first word (RTCDR) counts seconds since
 * 1970 (QEMU's starts at the host's time). Without it the clock counts from boot. */
static void read_rtc(void)
{
	l4_cap_idx_t ds = l4re_env_get_cap("rtc");
	void *at = NULL;
	if (l4_is_invalid_cap(ds) ||
	    l4re_rm_attach(&at, L4_PAGESIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ds, 0,
			   L4_PAGESHIFT) < 0)
		return;
	uint32_t seconds = *(volatile const uint32_t *)at;
	if (seconds)
		lx_set_wall_clock(seconds);
}

/* The first process's program: a file of the root file system (an absolute @name) or
 * a boot module. */
static const uint8_t *open_program(const char *name, size_t *size, l4_addr_t *ds)
{
	const uint8_t *image = NULL;
	*ds = 0;
	if (name[0] != '/')
		return open_module(name, size);
	return lx_load_program(name, &image, size, ds) == 0 ? image : NULL;
}

int main(int argc, char **argv)
{
	const char *why = "";
	size_t size = 0;
	l4_addr_t image_ds;
	static const char *envp[ENV_MAX + 1];
	unsigned envc = 0;
	bool tty = false;
	/* Options: --tty (the console is the terminal), -eNAME=VALUE (the environment). */
	for (; argc > 1 && argv[1][0] == '-'; argc--, argv++) {
		if (strcmp(argv[1], "--tty") == 0)
			tty = true;
		else if (argv[1][1] == 'e' && strchr(argv[1], '=') && envc < ENV_MAX)
			envp[envc++] = argv[1] + 2;
		else
			break;
	}
	if (argc < 3) {
		printf("linux-server: usage: linux_server [--tty] [-eNAME=VALUE]... MODULE|/PATH "
		       "ARGV0 [ARGS...]\n");
		return 2;
	}
	read_rtc();
	if (lx_pages_init(ARENA_BYTES) != 0 || procs_init() != 0) {
		printf("linux-server: cannot get memory\n");
		return 1;
	}
	lx_files_init(); /* the file-system task makes the root file system */
	if (tty && lx_tty_init(l4re_env_get_cap("tty"), l4re_env()->main_thread, TTY_LABEL) != 0)
		printf("linux-server: no terminal task (the capability tty): no terminal\n");
	const uint8_t *image = open_program(argv[1], &size, &image_ds);
	if (!image) {
		printf("linux-server: cannot open %s\n", argv[1]);
		return 1;
	}
	int slot = slot_alloc();
	first = procs[slot];
	if (lx_process_start(first, image, size, (const char *const *)argv + 2, envp, PROCESS_PRIO,
			     label_of(slot), &why) != 0) {
		printf("linux-server: cannot start %s: %s\n", argv[1], why);
		printf("linux: exit 126\n");
		return 1;
	}
	first->image_ds = image_ds;
	snprintf(first->exe, sizeof(first->exe), "%s",
		 argv[1][0] == '/' ? argv[1] : "/bin/linux_exec_prog");
	first->pgid = first->sid = first->pid;
	lx_tty_set_session(first->sid, first->pgid);
	l4_umword_t label;
	l4_msgtag_t reply, tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		int from = (int)((label & ~3ul) >> 4) - 1;
		enum answer a = ANSWER_NONE;
		if (!l4_ipc_error(tag, l4_utcb()) && label == TTY_LABEL) {
			int sig;
			uint32_t pgrp = lx_tty_input(&sig);
			if (pgrp && signal_group(pgrp, sig, -1) == ANSWER_DONE)
				break;
		} else if (!l4_ipc_error(tag, l4_utcb()) && alive(from)) {
			a = serve(from, tag, &reply);
		}
		/* A page fault changes nothing a waiting call waits for (an exit, a pipe, a
		 * signal...): no need to try them all again; it is most of what a fork and
		 * an execve send. */
		bool page_fault = !l4_ipc_error(tag, l4_utcb()) && label != TTY_LABEL &&
				  l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT;
		if (a == ANSWER_DONE || (!page_fault && wake_all() == ANSWER_DONE))
			break;
		if (a == ANSWER_REPLY && alive(from)) {
			copy_words(l4_utcb_mr()->mr, reply_mr);
			tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, next_timeout());
		} else {
			tag = l4_ipc_wait(l4_utcb(), &label, next_timeout());
		}
	}
	/* The first process has ended: the others go with it. */
	for (int i = 0; i < MAX_PROCS; i++)
		if (used[i] && !procs[i]->exited)
			lx_process_end(procs[i]);
	printf("linux: exit %d\n", exit_code(first->status));
	fflush(stdout);
	return 0;
}
