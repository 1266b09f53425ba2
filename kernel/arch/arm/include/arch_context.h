/* arch_context.h - the ARM types and inline register accessors that arch.h declares. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include "types.h"
#include "arch_regs.h"
#include <l4/sys/l4int.h>

/*
 * User registers of a thread, in the order entry.S stores them. sp_svc points at
 * .pc while the thread runs in user mode. TPIDRURO/TPIDRURW are switched in C.
 * Only ARM code touches the fields; the portable kernel uses the arch_ctx_*()
 * accessors below, which arch.h declares by role.
 */
struct arch_context {
	uint32_t r[13];
	uint32_t sp;
	uint32_t lr;
	uint32_t pc;
	uint32_t cpsr;
	uint32_t tpidruro; /* the TLS pointer (user read-only) */
	uint32_t tpidrurw; /* the UTCB pointer (l4_utcb_direct()) */
};

_Static_assert(__builtin_offsetof(struct arch_context, pc) == CTX_PC_OFFSET, "entry.S");
_Static_assert(__builtin_offsetof(struct arch_context, tpidruro) == CTX_TPIDRURO_OFFSET, "entry.S");
_Static_assert(__builtin_offsetof(struct arch_context, tpidrurw) == CTX_TPIDRURW_OFFSET, "entry.S");

/* FPU registers of a thread (VFPv4/NEON: 32 double registers), switched lazily. */
struct arch_fpu_state {
	uint64_t d[32];
	uint32_t fpscr;
	uint32_t pad;
};

/* User address spaces end where the kernel's mappings start. */
#define ARCH_USER_SPACE_END 0xc0000000u
/* The superpage: one first-level section of the short-descriptor format (1 MiB). */
#define ARCH_SUPERPAGE_SIZE (1u << 20)

/* User space in 32 MiB regions (32 first-level entries each), for the used bits below. */
#define ARCH_VSPACE_REGION_SHIFT 25
#define ARCH_VSPACE_REGIONS	 (ARCH_USER_SPACE_END >> ARCH_VSPACE_REGION_SHIFT)

/* A task's page tables: a 16 KiB first-level table and its ASID, a bit for each
 * 32 MiB region that ever had a first-level entry (the regions that may hold tables),
 * and how many 4 KiB pages each region maps now, with a bit for each region that maps
 * any: walks for mapped pages skip the others, so that a process with pages at both
 * ends of its 3 GiB costs what it maps, not 768 looks. */
struct arch_vspace {
	uint32_t *l1; /* NULL: no page table (never created, or destroyed) */
	uintptr_t l1_pa;
	unsigned asid;		  /* 0: none yet */
	uint32_t asid_generation; /* the ASID is valid in this generation only */
	uint32_t used[ARCH_VSPACE_REGIONS / 32];
	uint32_t mapped[ARCH_VSPACE_REGIONS / 32];
	uint16_t pages[ARCH_VSPACE_REGIONS]; /* at most 8,192 each */
};

/* The layout entry.S reads (on the target; host tests build this with 64-bit pointers). */
_Static_assert(sizeof(void *) != 4 ||
		   (__builtin_offsetof(struct arch_vspace, l1_pa) == VSPACE_L1_PA_OFFSET &&
		    __builtin_offsetof(struct arch_vspace, asid) == VSPACE_ASID_OFFSET &&
		    __builtin_offsetof(struct arch_vspace, asid_generation) == VSPACE_GEN_OFFSET),
	       "entry.S VSPACE_*_OFFSET");

static inline bool arch_vspace_valid(const struct arch_vspace *vs)
{
	return vs->l1 != 0;
}

/*
 * The system call registers (Fiasco's ARM ABI): r0 message tag, r2 capability |
 * flags, r3 timeouts, r5 system call number; results in r0 (tag) and r4 (label).
 * Static inline: they are read and written on every IPC, fast paths included.
 */
static inline l4_umword_t arch_ctx_syscall_nr(const struct arch_context *c)
{
	return c->r[5];
}

static inline l4_umword_t arch_ctx_msg_info(const struct arch_context *c)
{
	return c->r[0];
}

static inline void arch_ctx_set_msg_info(struct arch_context *c, l4_umword_t tag)
{
	c->r[0] = tag;
}

static inline l4_umword_t arch_ctx_syscall_cap(const struct arch_context *c)
{
	return c->r[2];
}

static inline void arch_ctx_set_syscall_cap(struct arch_context *c, l4_umword_t capword)
{
	c->r[2] = capword;
}

static inline l4_umword_t arch_ctx_syscall_timeout(const struct arch_context *c)
{
	return c->r[3];
}

static inline l4_umword_t arch_ctx_label(const struct arch_context *c)
{
	return c->r[4];
}

static inline void arch_ctx_set_syscall_result(struct arch_context *c, l4_umword_t tag,
					       l4_umword_t label)
{
	c->r[0] = tag;
	c->r[4] = label;
}

/* The root task finds its boot information through r0, like a C function's argument. */
static inline void arch_ctx_set_boot_arg(struct arch_context *c, l4_umword_t arg)
{
	c->r[0] = arg;
}

/* The svc is 4 bytes in ARM state, 2 in Thumb state: back to it, to run it again. */
static inline void arch_ctx_restart_syscall(struct arch_context *c)
{
	c->pc -= (c->cpsr & PSR_T) ? 2 : 4;
}

static inline vaddr_t arch_ctx_ip(const struct arch_context *c)
{
	return c->pc;
}

/* Bit 0 of the user's view of the ip is the Thumb bit of the CPSR, as for a BX. */
static inline vaddr_t arch_ctx_user_ip(const struct arch_context *c)
{
	return c->pc | ((c->cpsr & PSR_T) ? 1 : 0);
}

static inline vaddr_t arch_ctx_sp(const struct arch_context *c)
{
	return c->sp;
}

static inline void arch_ctx_set_sp(struct arch_context *c, vaddr_t sp)
{
	c->sp = sp;
}

static inline l4_umword_t arch_ctx_user_flags(const struct arch_context *c)
{
	return c->cpsr;
}

static inline void arch_ctx_set_utcb_pointer(struct arch_context *c, vaddr_t utcb)
{
	c->tpidrurw = utcb;
}

#endif
