/* main.c - the Linux server: runs a static Linux ARM program as an alien task and serves its system
 * calls. */
#include "cpio.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/utcb.h>
#include <stdio.h>
#include <string.h>

/*
 * The first slice of issue 14 (docs/linux.md): one process, its program a boot module
 * (argv[1] of the server), its argv the server's argv[2...]. Its thread is alien:
 * every svc, and every fault, comes here as IPC through the gate the process's task
 * holds; the server answers with the registers (system calls) or a page (faults).
 * The process ends the server: it prints "linux: exit N" and returns.
 */

#define ARENA_BYTES  (32u << 20) /* pages for the process */
#define PROCESS_PRIO 50		 /* below the server's, so it is always served at once */
#define EXC_WORDS    (sizeof(l4_exc_regs_t) / sizeof(l4_umword_t))

#define MAX_PROCS 16 /* processes at once: fork fails with EAGAIN beyond */
#define ECHILD	  10
#define EAGAIN	  11
#define ESRCH	  3

/* The processes, by slot; the label of slot i's gate is (i + 1) << 4. Their memory is a
 * dataspace of the server's (each holds its page table). */
static struct lx_process *procs[MAX_PROCS];
static bool used[MAX_PROCS];
static struct lx_process *first; /* the program the server was started with */
/* A parent blocked in wait4: its registers, answered when a child ends. */
static bool waiting[MAX_PROCS];
static l4_exc_regs_t wait_regs[MAX_PROCS];

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
		if (used[i] && procs[i]->pid == pid)
			return i;
	return -1;
}

/* The root file system: the boot module linux_root (a cpio archive), if the image has
 * one, unpacked into the file system before the program starts. */
static int unpack_root(void)
{
	size_t size = 0;
	const char *why = "";
	lx_files_init();
	const uint8_t *cpio = open_module("linux_root", &size);
	if (!cpio)
		return 0;
	int err = lx_cpio_unpack(cpio, size, l4_kip_clock_ns(l4re_kip()), &why);
	if (err)
		printf("linux-server: the root file system: %s (%d)\n", why, err);
	return err;
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

/* What serving a message leaves to do. */
enum answer {
	ANSWER_REPLY, /* reply with *reply */
	ANSWER_NONE,  /* the sender waits (wait4) or is gone: no reply */
	ANSWER_DONE,  /* the first process ended: the server ends */
};

static enum answer process_exit(int slot, int status);

/* Send @r to process @slot's thread, which waits for its reply (a deferred one:
 * the server took other messages meanwhile; a send to the thread answers it). */
static void answer_later(int slot, l4_exc_regs_t *r)
{
	memcpy(l4_utcb_mr()->mr, r, sizeof(*r));
	l4_ipc_send(procs[slot]->thread, l4_utcb(), l4_msgtag(0, EXC_WORDS, 0, 0),
		    L4_IPC_SEND_TIMEOUT_0);
}

/* Resume @slot with registers @regs after delivering what is pending (@sync: a signal
 * from a fault). */
static enum answer resume(int slot, l4_exc_regs_t *regs, bool sync, l4_msgtag_t *reply)
{
	int status;
	if (lx_signal_deliver(procs[slot], regs, sync, &status) == LX_DELIVER_TERMINATE)
		return process_exit(slot, status);
	memcpy(l4_utcb_mr()->mr, regs, sizeof(*regs));
	*reply = l4_msgtag(0, EXC_WORDS, 0, 0);
	return ANSWER_REPLY;
}

/* wait4 of @slot for a child that has ended: fill in @r's result. Return: whether
 * one was found (or there is none to wait for: -ECHILD in r0). */
static bool reap(int slot, l4_exc_regs_t *r)
{
	struct lx_process *p = procs[slot];
	int32_t want = (int32_t)r->r[0];
	bool children = false;
	for (int i = 0; i < MAX_PROCS; i++) {
		struct lx_process *c = procs[i];
		if (!used[i] || c->ppid != p->pid || (want > 0 && c->pid != (uint32_t)want))
			continue;
		children = true;
		if (!c->exited)
			continue;
		int32_t st = c->status;
		if (r->r[1] && lx_copy_to(p, r->r[1], &st, 4)) {
			r->r[0] = (l4_umword_t)-14; /* EFAULT */
			return true;
		}
		r->r[0] = c->pid;
		used[i] = false;
		return true;
	}
	if (!children) {
		r->r[0] = (l4_umword_t)-ECHILD;
		return true;
	}
	return false;
}

static enum answer do_wait(int slot, l4_exc_regs_t *r, l4_msgtag_t *reply)
{
	if (reap(slot, r))
		return resume(slot, r, false, reply);
	if (r->r[2] & 1) { /* WNOHANG */
		r->r[0] = 0;
		return resume(slot, r, false, reply);
	}
	waiting[slot] = true;
	wait_regs[slot] = *r;
	return ANSWER_NONE;
}

static enum answer do_fork(int slot, l4_exc_regs_t *r, l4_msgtag_t *reply)
{
	int c = slot_alloc();
	if (c < 0) {
		r->r[0] = (l4_umword_t)-EAGAIN;
		return resume(slot, r, false, reply);
	}
	if (lx_process_fork(procs[slot], procs[c], r, label_of(c), PROCESS_PRIO) != 0) {
		lx_process_end(procs[c]);
		used[c] = false;
		r->r[0] = (l4_umword_t)-EAGAIN;
		return resume(slot, r, false, reply);
	}
	r->r[0] = procs[c]->pid;
	return resume(slot, r, false, reply);
}

/* kill(pid, sig) to another process: a handler runs when it next enters the server;
 * otherwise the default action, at once. */
static enum answer do_kill(int slot, l4_exc_regs_t *r, l4_msgtag_t *reply)
{
	int t = slot_of_pid(r->r[0]);
	uint32_t sig = r->r[1];
	if (t < 0 || procs[t]->exited || sig > LX_NSIG) {
		r->r[0] = (l4_umword_t)(t < 0 || procs[t]->exited ? -ESRCH : -22);
		return resume(slot, r, false, reply);
	}
	r->r[0] = 0;
	if (sig) {
		struct lx_sigaction *a = &procs[t]->sig.action[sig];
		bool caught = a->handler > 1 && sig != LX_SIGKILL;
		bool ignored = a->handler == 1 || sig == LX_SIGCHLD || sig == 23 || sig == 28;
		if (caught)
			lx_signal_raise(procs[t], (int)sig, 0, 0);
		else if (!ignored && process_exit(t, (int)sig) == ANSWER_DONE)
			return ANSWER_DONE;
	}
	return resume(slot, r, false, reply);
}

/*
 * Process @slot ended with wait status @status: its task goes; it stays as a zombie
 * for its parent's wait4 (answered now if the parent waits), or goes at once if no
 * process is its parent. The first process ending ends the server.
 */
static enum answer process_exit(int slot, int status)
{
	struct lx_process *p = procs[slot];
	if (p->exited)
		return ANSWER_NONE;
	lx_process_end(p);
	p->status = status;
	if (p == first)
		return ANSWER_DONE;
	for (int i = 0; i < MAX_PROCS; i++) /* its children: nobody waits for them now */
		if (used[i] && i != slot && procs[i]->ppid == p->pid) {
			procs[i]->ppid = 1;
			if (procs[i]->exited)
				used[i] = false;
		}
	int parent = slot_of_pid(p->ppid);
	if (parent < 0 || procs[parent]->exited) {
		used[slot] = false;
		return ANSWER_NONE;
	}
	lx_signal_raise(procs[parent], LX_SIGCHLD, 0, 0);
	if (waiting[parent] && reap(parent, &wait_regs[parent])) {
		waiting[parent] = false;
		answer_later(parent, &wait_regs[parent]);
	}
	return ANSWER_NONE;
}

/* One message from process @slot: @tag, the registers or fault in the UTCB. */
static enum answer serve(int slot, l4_msgtag_t tag, l4_msgtag_t *reply)
{
	struct lx_process *p = procs[slot];
	l4_umword_t *mr = l4_utcb_mr()->mr;
	if (l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT && l4_msgtag_words(tag) == 2) {
		/* Outside its memory or against its rights: a negative reply, and the kernel
		 * sends the fault again as an exception, where it becomes a signal. */
		if (!lx_page_fault(p, mr[0], mr, reply))
			*reply = l4_msgtag(-1, 0, 0, 0);
		return ANSWER_REPLY;
	}
	if (l4_msgtag_label(tag) != L4_PROTO_EXCEPTION || l4_msgtag_words(tag) != EXC_WORDS) {
		*reply = l4_msgtag(-1, 0, 0, 0); /* not from the process's thread */
		return ANSWER_REPLY;
	}
	l4_exc_regs_t regs;
	memcpy(&regs, mr, sizeof(regs));
	if (p->fork_start) { /* a child's first message: it gets the parent's registers */
		p->fork_start = false;
		regs = p->fork_regs;
		return resume(slot, &regs, false, reply);
	}
	if (l4_exc_class(&regs) != L4_EXC_CLASS_SVC) {
		int sig = signal_of(&regs);
		lx_signal_raise(p, sig, fault_code(p, sig, (uint32_t)regs.pfa), (uint32_t)regs.pfa);
		return resume(slot, &regs, true, reply);
	}
	switch (lx_syscall(p, &regs)) {
	case LX_EXITED:
		return process_exit(slot, p->status);
	case LX_FAULT:
		lx_signal_raise(p, 11, 0 /* SI_KERNEL-like */, 0);
		return resume(slot, &regs, true, reply);
	case LX_FORK:
		return do_fork(slot, &regs, reply);
	case LX_WAIT:
		return do_wait(slot, &regs, reply);
	case LX_KILL:
		return do_kill(slot, &regs, reply);
	default:
		return resume(slot, &regs, false, reply);
	}
}

int main(int argc, char **argv)
{
	const char *why = "";
	size_t size = 0;
	if (argc < 3) {
		printf("linux-server: usage: linux_server MODULE ARGV0 [ARGS...]\n");
		return 2;
	}
	const uint8_t *image = open_module(argv[1], &size);
	if (!image || lx_pages_init(ARENA_BYTES) != 0 || procs_init() != 0 || unpack_root() != 0) {
		printf("linux-server: cannot open %s, get memory or unpack the root\n", argv[1]);
		return 1;
	}
	int slot = slot_alloc();
	first = procs[slot];
	if (lx_process_start(first, image, size, (const char *const *)argv + 2, PROCESS_PRIO,
			     label_of(slot), &why) != 0) {
		printf("linux-server: cannot start %s: %s\n", argv[1], why);
		printf("linux: exit 126\n");
		return 1;
	}
	l4_umword_t label;
	l4_msgtag_t reply, tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		int from = (int)((label & ~3ul) >> 4) - 1;
		enum answer a = ANSWER_NONE;
		if (!l4_ipc_error(tag, l4_utcb()) && from >= 0 && from < MAX_PROCS && used[from] &&
		    !procs[from]->exited)
			a = serve(from, tag, &reply);
		if (a == ANSWER_DONE)
			break;
		if (a == ANSWER_REPLY)
			tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
		else
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	}
	/* The first process has ended: the others go with it. */
	for (int i = 0; i < MAX_PROCS; i++)
		if (used[i] && !procs[i]->exited)
			lx_process_end(procs[i]);
	printf("linux: exit %d\n", exit_code(first->status));
	fflush(stdout);
	return 0;
}
