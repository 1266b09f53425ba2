/* utcb-arch.h - the ARM part of the UTCB ABI: exception registers, classes, finding the UTCB. */
#ifndef L4_SYS_UTCB_ARCH_H
#define L4_SYS_UTCB_ARCH_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

typedef struct l4_utcb_t l4_utcb_t;

/* The registers of a thread in an exception message (L4_PROTO_EXCEPTION), as Fiasco's
 * ARM l4_exc_regs_t: the handler's reply may change them. */
typedef struct l4_exc_regs_t {
	l4_umword_t pfa; /* fault address, for aborts */
	l4_umword_t err; /* exception class << 26 | syndrome (L4_EXC_CLASS_*) */
	l4_umword_t r[13];
	l4_umword_t sp;
	l4_umword_t ulr;
	l4_umword_t _dummy1;
	l4_umword_t pc;
	l4_umword_t cpsr;
	l4_umword_t tpidruro;
	l4_umword_t tpidrurw;
} l4_exc_regs_t;

enum L4_utcb_consts_arm {
	/* The words of an exception message (and of a reply that loads them). */
	L4_UTCB_EXCEPTION_REGS_SIZE = sizeof(l4_exc_regs_t) / sizeof(l4_umword_t),
};

/* Exception classes in l4_exc_regs_t.err >> 26 (the ARM HSR numbering, on ARMv7 too). */
enum l4_exc_class {
	L4_EXC_CLASS_UNKNOWN = 0x00, /* undefined instruction */
	L4_EXC_CLASS_SVC = 0x11,     /* a system call the kernel does not know */
	L4_EXC_CLASS_PREFETCH_ABORT = 0x20,
	L4_EXC_CLASS_DATA_ABORT = 0x24,
	/* ex_regs with L4_THREAD_EX_REGS_TRIGGER_EXCEPTION asked for it: Fiasco's number,
	 * a class ARM leaves unused. */
	L4_EXC_CLASS_TRIGGERED = 0x3e,
};

/* An abort's err holds the DFSR/IFSR (docs/memory.md); for a data abort bit 11 is WnR:
 * the access was a write (on ARMv5 the kernel decodes it from the instruction). */
#define L4_EXC_ARM_FSR_WNR (1UL << 11)

/* An alien thread's svc exception after the system call its handler allowed (the
 * result registers in the message), Fiasco's encoding on 32-bit ARM: err bit 6 with
 * class L4_EXC_CLASS_SVC; the one before the call has it clear (docs/memory.md). */
#define L4_EXC_ALIEN_AFTER_SYSCALL (1UL << 6)

/* Is @r an alien's exception after its system call? */
L4_INLINE int l4_exc_is_alien_after_syscall(const l4_exc_regs_t *r)
{
	return (r->err >> 26) == L4_EXC_CLASS_SVC && (r->err & L4_EXC_ALIEN_AFTER_SYSCALL);
}

/* The exception class of @r. */
L4_INLINE unsigned l4_exc_class(const l4_exc_regs_t *r)
{
	return (unsigned)(r->err >> 26);
}

/* ---- L4Re's accessors of an exception message (l4/sys/utcb.h), for Keel's layout ---- */

/* Where the thread was: the faulting instruction, or for an svc the one after it. */
L4_INLINE l4_umword_t l4_utcb_exc_pc(l4_exc_regs_t const *u)
{
	return u->pc;
}

/*
 * Where the thread goes on when the reply loads the registers (a reply of at least
 * L4_UTCB_EXCEPTION_REGS_SIZE words). The instruction set stays the thread's (cpsr's T
 * bit): Keel's ARMv7 programs are Thumb code, whose function addresses are odd, and the
 * CPU ignores bit 0 in Thumb state; ARMv5's are ARM code.
 */
L4_INLINE void l4_utcb_exc_pc_set(l4_exc_regs_t *u, l4_addr_t pc)
{
	u->pc = pc;
}

/* The kind of exception: the class (L4_EXC_CLASS_*, ARM's HSR numbering). */
L4_INLINE l4_umword_t l4_utcb_exc_typeval(l4_exc_regs_t const *u)
{
	return u->err >> 26;
}

/* Non-zero for an abort: a page fault the pager refused or no pager took, or an
 * alignment or external abort (classes 0x20-0x2f). */
L4_INLINE int l4_utcb_exc_is_pf(l4_exc_regs_t const *u)
{
	return ((u->err >> 26) & 0x30) == 0x20;
}

/* An abort's address as a pager sees it: address & ~7, | 2 for a write. */
L4_INLINE l4_addr_t l4_utcb_exc_pfa(l4_exc_regs_t const *u)
{
	int write = (u->err >> 26) == L4_EXC_CLASS_DATA_ABORT && (u->err & L4_EXC_ARM_FSR_WNR);
	return (u->pfa & ~7UL) | (write ? 2 : 0);
}

/* Non-zero if l4_thread_ex_regs() with L4_THREAD_EX_REGS_TRIGGER_EXCEPTION raised it. */
L4_INLINE int l4_utcb_exc_is_ex_regs_exception(l4_exc_regs_t const *u)
{
	return l4_utcb_exc_typeval(u) == L4_EXC_CLASS_TRIGGERED;
}

/*
 * ARMv5 has no thread registers: the kernel keeps the running thread's UTCB pointer
 * (word 0) and TLS pointer (word 1, what TPIDRURO holds on ARMv7) in a page every task
 * may read at this address, in the kernel's part of the address space, next to the
 * exception vectors (docs/abi.md).
 */
#define L4_ARMV5_THREAD_WORDS 0xffff1000UL

/* The UTCB address is in TPIDRURW, which the kernel sets for each thread (TPIDRURO
 * is the TLS pointer; docs/abi.md); on ARMv5 in the thread words. */
L4_INLINE l4_utcb_t *l4_utcb_direct(void)
{
	l4_utcb_t *u;
#if __ARM_ARCH >= 7
	__asm__("mrc p15, 0, %0, c13, c0, 2" : "=r"(u));
#else
	u = *(l4_utcb_t *volatile *)L4_ARMV5_THREAD_WORDS;
#endif
	return u;
}

#endif
