/* signal.h - Linux signals of one process: actions, mask, pending set, delivery to handlers,
 * sigreturn. */
#ifndef LINUX_SIGNAL_H
#define LINUX_SIGNAL_H

#include <l4/sys/utcb.h>
#include <stdbool.h>
#include <stdint.h>

#define LX_NSIG 64 /* signals 1..64 */

enum {
	LX_SIGILL = 4,
	LX_SIGTRAP = 5,
	LX_SIGABRT = 6,
	LX_SIGBUS = 7,
	LX_SIGFPE = 8,
	LX_SIGKILL = 9,
	LX_SIGSEGV = 11,
	LX_SIGCHLD = 17,
	LX_SIGCONT = 18,
	LX_SIGSTOP = 19,
};

struct lx_sigaction {
	uint32_t handler; /* 0 SIG_DFL, 1 SIG_IGN, else the handler's address */
	uint32_t flags;	  /* SA_* */
	uint32_t restorer;
	uint64_t mask;
};

struct lx_signals {
	struct lx_sigaction action[LX_NSIG + 1];
	uint64_t blocked, pending;
	/* What the kernel puts in siginfo for the pending synchronous signal. */
	int32_t code[LX_NSIG + 1];
	uint32_t addr[LX_NSIG + 1];
	/* rt_sigsuspend's caller's mask: the handler's frame holds it, not the one the
	 * call set, so that sigreturn brings it back. */
	uint64_t saved_mask;
	bool mask_saved;
};

struct lx_process;

/* What delivering did. */
enum lx_deliver {
	LX_DELIVER_NONE,      /* nothing to deliver: resume as the registers say */
	LX_DELIVER_HANDLER,   /* the registers now run a handler */
	LX_DELIVER_TERMINATE, /* the process dies: *status is its wait status */
	LX_DELIVER_STOP,      /* the process stops (*status: the signal) until SIGCONT */
};

/* Mark @sig pending with siginfo @code and @addr (0 for signals sent by kill). */
void lx_signal_raise(struct lx_process *p, int sig, int32_t code, uint32_t addr);

/**
 * lx_signal_deliver() - deliver the first pending, unblocked signal of @p to the
 * thread whose registers are @r (about to return to it): run its handler (a frame as
 * Linux's on the stack, the registers set to enter the handler), ignore it, or end
 * the process (*@status). A synchronous signal (@sync: from a fault) that is blocked
 * or ignored ends it, as on Linux.
 */
enum lx_deliver lx_signal_deliver(struct lx_process *p, l4_exc_regs_t *r, bool sync, int *status);

/* Is a signal pending and unblocked whose delivery would do something (run a handler
 * or end the process)? It interrupts a blocked call. *@restart: its handler has
 * SA_RESTART. */
bool lx_signal_wanted(struct lx_process *p, bool *restart);

/* Is @sig a stop signal (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU)? */
bool lx_signal_stops(int sig);

/* execve: caught signals go back to their default action (ignored ones stay). */
void lx_signal_exec(struct lx_signals *s);

/* rt_sigaction(sig, act, oldact, sigsetsize). Return: 0 or -errno. */
long lx_sys_rt_sigaction(struct lx_process *p, uint32_t sig, uint32_t act, uint32_t old,
			 uint32_t size);
/* rt_sigprocmask(how, set, oldset, sigsetsize). */
long lx_sys_rt_sigprocmask(struct lx_process *p, uint32_t how, uint32_t set, uint32_t old,
			   uint32_t size);
/* rt_sigpending(set, sigsetsize). */
long lx_sys_rt_sigpending(struct lx_process *p, uint32_t set, uint32_t size);
/* rt_sigreturn: restore the registers and mask saved in the frame at r->sp. Return:
 * false if the frame is unreadable (the process then gets SIGSEGV). */
bool lx_sys_rt_sigreturn(struct lx_process *p, l4_exc_regs_t *r);

#endif
