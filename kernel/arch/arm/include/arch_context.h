/* arch_context.h - ARM thread register state and address-space handle, seen by the core. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <stdint.h>

/*
 * User registers of a thread, in the order entry.S stores them. sp_svc points at
 * .pc while the thread runs in user mode. TPIDRURO/TPIDRURW are switched in C.
 */
struct arch_context {
	uint32_t r[13];
	uint32_t sp;
	uint32_t lr;
	uint32_t pc;
	uint32_t cpsr;
	uint32_t tpidruro;
	uint32_t tpidrurw;
};

_Static_assert(__builtin_offsetof(struct arch_context, pc) == 60, "entry.S CTX_PC_OFFSET");

/* FPU registers of a thread (VFPv4/NEON: 32 double registers), switched lazily. */
struct arch_vfp_state {
	uint64_t d[32];
	uint32_t fpscr;
	uint32_t pad;
};

/* User address spaces end where the kernel's mappings start. */
#define ARCH_USER_SPACE_END 0xc0000000u

/* A task's page tables: a 16 KiB first-level table and its ASID. */
struct arch_vspace {
	uint32_t *l1;
	uintptr_t l1_pa;
	unsigned asid;		  /* 0: none yet */
	uint32_t asid_generation; /* the ASID is valid in this generation only */
};

/* The system call registers: r0 tag, r2 cap | flags, r3 timeouts, r4 label, r5 number. */
static inline uint32_t ctx_syscall_nr(const struct arch_context *c)
{
	return c->r[5];
}

static inline uint32_t ctx_syscall_tag(const struct arch_context *c)
{
	return c->r[0];
}

static inline uint32_t ctx_syscall_cap(const struct arch_context *c)
{
	return c->r[2];
}

static inline uint32_t ctx_syscall_timeout(const struct arch_context *c)
{
	return c->r[3];
}

static inline uint32_t ctx_syscall_label(const struct arch_context *c)
{
	return c->r[4];
}

static inline void ctx_set_syscall_result(struct arch_context *c, uint32_t tag, uint32_t label)
{
	c->r[0] = tag;
	c->r[4] = label;
}

static inline uint32_t ctx_pc(const struct arch_context *c)
{
	return c->pc;
}

static inline uint32_t ctx_sp(const struct arch_context *c)
{
	return c->sp;
}

#endif
