/* signal.c - Linux signals of one process: actions, mask, pending set, delivery to handlers,
 * sigreturn. */
#include "signal.h"
#include "process.h"
#include <string.h>

/*
 * A handler runs as on Linux ARM (arch/arm/kernel/signal.c): the server writes an
 * rt_sigframe (siginfo, then a ucontext holding the interrupted registers and mask) on
 * the process's stack and answers the exception with registers that enter the
 * handler: r0 the signal, r1 the siginfo, r2 the ucontext, sp the frame, lr the
 * restorer glibc gives (SA_RESTORER), which calls rt_sigreturn; that call reads the
 * registers back from the frame. The VFP registers are not saved in the frame (the
 * kernel keeps them; the server cannot see them): a handler that uses floating point
 * changes the interrupted code's.
 */

enum {
	EINVAL = 22,
	EFAULT = 14,
	SA_SIGINFO = 0x4,
	SA_ONSTACK = 0x08000000,
	SA_RESTART = 0x10000000,
	SA_NODEFER = 0x40000000,
	SA_RESETHAND = 0x80000000u,
	SA_RESTORER = 0x04000000,
};

#define SIGINFO_SIZE 128
#define UC_MCONTEXT  20 /* offsets in the ucontext */
#define UC_SIGMASK   104
#define UC_SIZE	     744 /* with uc_regspace */
#define FRAME_SIZE   (SIGINFO_SIZE + UC_SIZE + 16)
#define PSR_T	     0x20u
#define PSR_IT	     0x0600fc00u
/* The bits of the CPSR user code may set: flags, Q, GE, IT, T, E. */
#define PSR_USER_BITS 0xfe0ffe20u

static uint64_t bit(int sig)
{
	return 1ull << (sig - 1);
}

/* Signals nobody may block, catch or ignore. */
static const uint64_t unblockable = (1ull << (LX_SIGKILL - 1)) | (1ull << (LX_SIGSTOP - 1));

void lx_signal_raise(struct lx_process *p, int sig, int32_t code, uint32_t addr)
{
	if (sig < 1 || sig > LX_NSIG)
		return;
	p->sig.pending |= bit(sig);
	p->sig.code[sig] = code;
	p->sig.addr[sig] = addr;
}

/* Signals whose default action is to do nothing (SIGCHLD, SIGCONT, SIGURG, SIGWINCH). */
static bool ignored_by_default(int sig)
{
	return sig == LX_SIGCHLD || sig == LX_SIGCONT || sig == 23 || sig == 28;
}

bool lx_signal_stops(int sig)
{
	return sig >= LX_SIGSTOP && sig <= 22; /* SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU */
}

/* Signals whose default action dumps core: the wait status has 0x80. */
static bool dumps_core(int sig)
{
	return sig == 3 || sig == LX_SIGILL || sig == LX_SIGTRAP || sig == LX_SIGABRT ||
	       sig == LX_SIGBUS || sig == LX_SIGFPE || sig == LX_SIGSEGV || sig == 24 ||
	       sig == 25 || sig == 31;
}

static int lowest(uint64_t set)
{
	return set ? __builtin_ctzll(set) + 1 : 0;
}

/* Write the frame for @sig under @r's sp; set @r to enter handler @a. */
static bool enter_handler(struct lx_process *p, l4_exc_regs_t *r, int sig,
			  const struct lx_sigaction *a)
{
	uint8_t frame[FRAME_SIZE];
	uint32_t sp = ((uint32_t)r->sp - FRAME_SIZE) & ~7u;
	uint32_t *info = (uint32_t *)frame, *uc = (uint32_t *)(frame + SIGINFO_SIZE);
	uint32_t *mc = uc + UC_MCONTEXT / 4;
	memset(frame, 0, sizeof(frame));
	info[0] = (uint32_t)sig;
	info[2] = (uint32_t)p->sig.code[sig];
	info[3] = p->sig.addr[sig]; /* si_addr (faults), or si_pid 0 with si_uid 0 */
	uc[1] = 0;		    /* uc_link */
	uc[3] = 2;		    /* uc_stack.ss_flags: SS_DISABLE */
	mc[0] = sig == LX_SIGSEGV || sig == LX_SIGBUS ? 14 : 0; /* trap_no */
	uint64_t mask = p->sig.mask_saved ? p->sig.saved_mask : p->sig.blocked;
	p->sig.mask_saved = false;
	mc[2] = (uint32_t)mask; /* oldmask */
	for (int i = 0; i < 13; i++)
		mc[3 + i] = (uint32_t)r->r[i];
	mc[16] = (uint32_t)r->sp;
	mc[17] = (uint32_t)r->ulr;
	mc[18] = (uint32_t)r->pc;
	mc[19] = (uint32_t)r->cpsr;
	mc[20] = p->sig.addr[sig]; /* fault_address */
	memcpy((uint8_t *)uc + UC_SIGMASK, &mask, 8);
	if (lx_copy_to(p, sp, frame, sizeof(frame)))
		return false;
	r->r[0] = (l4_umword_t)sig;
	r->r[1] = sp;
	r->r[2] = sp + SIGINFO_SIZE;
	r->sp = sp;
	r->ulr = (a->flags & SA_RESTORER) ? a->restorer : 0;
	r->pc = a->handler & ~1u;
	r->cpsr = (r->cpsr & ~(PSR_T | PSR_IT)) | ((a->handler & 1) ? PSR_T : 0);
	return true;
}

enum lx_deliver lx_signal_deliver(struct lx_process *p, l4_exc_regs_t *r, bool sync, int *status)
{
	for (;;) {
		uint64_t ready = p->sig.pending & (sync ? ~0ull : ~p->sig.blocked);
		int sig = lowest(ready);
		if (!sig)
			return LX_DELIVER_NONE;
		p->sig.pending &= ~bit(sig);
		struct lx_sigaction a = p->group->sig.action[sig];
		bool forced = sync && ((p->sig.blocked & bit(sig)) || a.handler == 1);
		if (a.handler == 1 && !forced)
			continue;
		if (a.handler == 0 || forced) {
			if (!forced && ignored_by_default(sig))
				continue;
			if (!forced && lx_signal_stops(sig)) {
				*status = sig;
				return LX_DELIVER_STOP;
			}
			*status = sig | (dumps_core(sig) ? 0x80 : 0);
			return LX_DELIVER_TERMINATE;
		}
		if (!enter_handler(p, r, sig, &a)) {
			*status = LX_SIGSEGV | 0x80; /* no room for the frame: as Linux */
			return LX_DELIVER_TERMINATE;
		}
		p->sig.blocked |= a.mask | ((a.flags & SA_NODEFER) ? 0 : bit(sig));
		p->sig.blocked &= ~unblockable;
		if (a.flags & SA_RESETHAND)
			p->group->sig.action[sig] = (struct lx_sigaction){0, 0, 0, 0};
		return LX_DELIVER_HANDLER;
	}
}

bool lx_signal_wanted(struct lx_process *p, bool *restart)
{
	uint64_t ready = p->sig.pending & ~p->sig.blocked;
	for (int sig = 1; ready && sig <= LX_NSIG; sig++) {
		if (!(ready & bit(sig)))
			continue;
		const struct lx_sigaction *a = &p->group->sig.action[sig];
		if (a->handler == 1 || (a->handler == 0 && ignored_by_default(sig)))
			continue;
		/* A stop runs no handler: the call runs again when the process goes on. */
		*restart = lx_signal_stops(sig) || (a->handler > 1 && (a->flags & SA_RESTART));
		return true;
	}
	return false;
}

long lx_sys_rt_sigaction(struct lx_process *p, uint32_t sig, uint32_t act, uint32_t old,
			 uint32_t size)
{
	uint32_t k[5];
	if (size != 8 || sig < 1 || sig > LX_NSIG)
		return -EINVAL;
	if (act && (sig == LX_SIGKILL || sig == LX_SIGSTOP))
		return -EINVAL;
	struct lx_sigaction *a = &p->group->sig.action[sig];
	if (old) {
		k[0] = a->handler;
		k[1] = a->flags;
		k[2] = a->restorer;
		memcpy(&k[3], &a->mask, 8);
		if (lx_copy_to(p, old, k, sizeof(k)))
			return -EFAULT;
	}
	if (act) {
		if (lx_copy_from(p, k, act, sizeof(k)))
			return -EFAULT;
		a->handler = k[0];
		a->flags = k[1];
		a->restorer = k[2];
		memcpy(&a->mask, &k[3], 8);
		a->mask &= ~unblockable;
		/* Setting SIG_IGN drops what is pending of it, as on Linux. */
		if (a->handler == 1 || (a->handler == 0 && ignored_by_default((int)sig)))
			p->sig.pending &= ~bit((int)sig);
	}
	return 0;
}

long lx_sys_rt_sigprocmask(struct lx_process *p, uint32_t how, uint32_t set, uint32_t old,
			   uint32_t size)
{
	uint64_t s;
	if (size != 8)
		return -EINVAL;
	if (set && how > 2)
		return -EINVAL;
	if (old && lx_copy_to(p, old, &p->sig.blocked, 8))
		return -EFAULT;
	if (!set)
		return 0;
	if (lx_copy_from(p, &s, set, 8))
		return -EFAULT;
	if (how == 0)
		p->sig.blocked |= s;
	else if (how == 1)
		p->sig.blocked &= ~s;
	else
		p->sig.blocked = s;
	p->sig.blocked &= ~unblockable;
	return 0;
}

long lx_sys_rt_sigpending(struct lx_process *p, uint32_t set, uint32_t size)
{
	uint64_t pending = p->sig.pending & p->sig.blocked;
	if (size > 8)
		return -EINVAL;
	return lx_copy_to(p, set, &pending, size) ? -EFAULT : 0;
}

bool lx_sys_rt_sigreturn(struct lx_process *p, l4_exc_regs_t *r)
{
	uint32_t mc[21];
	uint64_t mask;
	uint32_t uc = (uint32_t)r->sp + SIGINFO_SIZE;
	if (lx_copy_from(p, mc, uc + UC_MCONTEXT, sizeof(mc)) ||
	    lx_copy_from(p, &mask, uc + UC_SIGMASK, sizeof(mask)))
		return false;
	for (int i = 0; i < 13; i++)
		r->r[i] = mc[3 + i];
	r->sp = mc[16];
	r->ulr = mc[17];
	r->pc = mc[18];
	/* Only the bits user code may change: never a mode, never the interrupt masks. */
	r->cpsr = (r->cpsr & ~PSR_USER_BITS) | (mc[19] & PSR_USER_BITS);
	p->sig.blocked = mask & ~unblockable;
	return true;
}

void lx_signal_exec(struct lx_signals *s)
{
	for (int sig = 1; sig <= LX_NSIG; sig++)
		if (s->action[sig].handler > 1)
			s->action[sig] = (struct lx_sigaction){0, 0, 0, 0};
}
