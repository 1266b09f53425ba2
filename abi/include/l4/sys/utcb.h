/* utcb.h - the user thread control block: message, buffer and thread registers. */
#ifndef L4_SYS_UTCB_H
#define L4_SYS_UTCB_H

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/l4int.h>
#include <l4/sys/types.h>

/* Opaque handle: the UTCB's address in the thread's task. */
typedef struct l4_utcb_t l4_utcb_t;

typedef union l4_msg_regs_t {
	l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];
	l4_uint64_t mr64[L4_UTCB_GENERIC_DATA_SIZE / 2];
} l4_msg_regs_t;

typedef struct l4_buf_regs_t {
	l4_umword_t bdr;
	l4_umword_t br[L4_UTCB_GENERIC_BUFFERS_SIZE];
} l4_buf_regs_t;

typedef struct l4_thread_regs_t {
	l4_umword_t error;
	l4_umword_t free_marker;
	l4_umword_t user[3];
} l4_thread_regs_t;

/* The kernel's view of one UTCB; offsets are fixed by the ABI (512 bytes). */
typedef struct l4_utcb_layout_t {
	l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];
	l4_umword_t reserved;
	l4_buf_regs_t buf;
	l4_thread_regs_t tcr;
} l4_utcb_layout_t;

_Static_assert(sizeof(l4_utcb_layout_t) == L4_UTCB_OFFSET, "UTCB is 512 bytes");

/* The architecture's part: l4_exc_regs_t, the exception classes, l4_utcb_direct(). */
#include <l4/sys/utcb-arch.h>

/* The calling thread's UTCB. */
L4_INLINE l4_utcb_t *l4_utcb(void)
{
	return l4_utcb_direct();
}

L4_INLINE l4_msg_regs_t *l4_utcb_mr_u(l4_utcb_t *u)
{
	return (l4_msg_regs_t *)u;
}

L4_INLINE l4_buf_regs_t *l4_utcb_br_u(l4_utcb_t *u)
{
	return (l4_buf_regs_t *)((char *)u + L4_UTCB_BUF_REGS_OFFSET);
}

L4_INLINE l4_thread_regs_t *l4_utcb_tcr_u(l4_utcb_t *u)
{
	return (l4_thread_regs_t *)((char *)u + L4_UTCB_THREAD_REGS_OFFSET);
}

L4_INLINE l4_msg_regs_t *l4_utcb_mr(void)
{
	return l4_utcb_mr_u(l4_utcb());
}

L4_INLINE l4_buf_regs_t *l4_utcb_br(void)
{
	return l4_utcb_br_u(l4_utcb());
}

/* The exception registers in the message registers of @u (an exception message). */
L4_INLINE l4_exc_regs_t *l4_utcb_exc_u(l4_utcb_t *u)
{
	return (l4_exc_regs_t *)((char *)u + L4_UTCB_MSG_REGS_OFFSET);
}

/* The same in the calling thread's UTCB. */
L4_INLINE l4_exc_regs_t *l4_utcb_exc(void)
{
	return l4_utcb_exc_u(l4_utcb());
}

/*
 * Ask for (or no longer) the sender's FPU state with received messages: the buffer
 * descriptor's L4_UTCB_INHERIT_FPU. Keel's kernel transfers no FPU state (it ignores
 * L4_MSGTAG_TRANSFER_FPU and the flag, docs/abi.md): the flag is kept, nothing more.
 */
L4_INLINE void l4_utcb_inherit_fpu_u(l4_utcb_t *u, int switch_on)
{
	if (switch_on)
		l4_utcb_br_u(u)->bdr |= L4_UTCB_INHERIT_FPU;
	else
		l4_utcb_br_u(u)->bdr &= ~(l4_umword_t)L4_UTCB_INHERIT_FPU;
}

L4_INLINE void l4_utcb_inherit_fpu(int switch_on)
{
	l4_utcb_inherit_fpu_u(l4_utcb(), switch_on);
}

L4_INLINE l4_thread_regs_t *l4_utcb_tcr(void)
{
	return l4_utcb_tcr_u(l4_utcb());
}

/* The mr64[] index that holds message word idx (two words per 64-bit value). */
L4_INLINE l4_umword_t l4_utcb_mr64_idx(l4_umword_t idx)
{
	return idx / 2;
}

/* Buffer-register index likewise. */
L4_INLINE l4_umword_t l4_utcb_br64_idx(l4_umword_t idx)
{
	return idx / 2;
}

/*
 * An absolute timeout: the IPC phase ends at @pint, microseconds since boot
 * (l4_kip_clock()), already past = a zero timeout. The time is stored in buffer
 * registers @br and @br + 1 of @utcb (low word first), which must stay unchanged
 * until the IPC starts and must not be one the receive uses for items.
 */
L4_INLINE l4_timeout_s l4_timeout_abs_u(l4_kernel_clock_t pint, int br, l4_utcb_t *utcb)
{
	l4_timeout_s to;
	l4_buf_regs_t *b = l4_utcb_br_u(utcb);
	to.t = (l4_uint16_t)(0x8000 | (br & 0x3f));
	b->br[br] = (l4_umword_t)pint;
	b->br[br + 1] = (l4_umword_t)(pint >> 32);
	return to;
}

L4_INLINE l4_timeout_s l4_timeout_abs(l4_kernel_clock_t pint, int br)
{
	return l4_timeout_abs_u(pint, br, l4_utcb());
}

#endif
