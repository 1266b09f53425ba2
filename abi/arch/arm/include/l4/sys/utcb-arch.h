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

/* Exception classes in l4_exc_regs_t.err >> 26 (the ARM HSR numbering, on ARMv7 too). */
enum l4_exc_class {
	L4_EXC_CLASS_UNKNOWN = 0x00, /* undefined instruction */
	L4_EXC_CLASS_SVC = 0x11,     /* a system call the kernel does not know */
	L4_EXC_CLASS_PREFETCH_ABORT = 0x20,
	L4_EXC_CLASS_DATA_ABORT = 0x24,
	/* Keel: ex_regs with L4_THREAD_EX_REGS_TRIGGER_EXCEPTION asked for it (a class
	 * ARM leaves unused). */
	L4_EXC_CLASS_TRIGGERED = 0x3f,
};

/* The exception class of @r. */
L4_INLINE unsigned l4_exc_class(const l4_exc_regs_t *r)
{
	return (unsigned)(r->err >> 26);
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
