/* semaphore.h - L4Re's kernel semaphore: up (the IRQ trigger) and down with a timeout. */
#ifndef L4_SYS_SEMAPHORE_H
#define L4_SYS_SEMAPHORE_H

#include <l4/sys/irq.h>
#include <l4/sys/abi/semaphore.h>

/*
 * A semaphore is made by a factory: l4_factory_create(factory, L4_PROTO_SEMAPHORE,
 * cap). Down waits, highest priority first, FIFO among equals, for as long as the
 * receive timeout of @timeout allows (L4_IPC_RETIMEOUT when it runs out, as
 * l4_ipc_error() tells); it needs the S right. Up needs no right (docs/abi.md).
 */

L4_INLINE l4_msgtag_t l4_semaphore_up_u(l4_cap_idx_t sem, l4_utcb_t *utcb)
{
	return l4_irq_trigger_u(sem, utcb);
}

/* Count one up, or let the first waiter go. Check with l4_ipc_error(), not l4_error(). */
L4_INLINE l4_msgtag_t l4_semaphore_up(l4_cap_idx_t sem)
{
	return l4_irq_trigger(sem);
}

L4_INLINE l4_msgtag_t l4_semaphore_down_u(l4_cap_idx_t sem, l4_timeout_t timeout, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_SEMAPHORE_OP_DOWN;
	return l4_ipc_call(sem, utcb, l4_msgtag(L4_PROTO_SEMAPHORE, 1, 0, 0), timeout);
}

/* Take one count, waiting for an up if there is none. Check with l4_error(). */
L4_INLINE l4_msgtag_t l4_semaphore_down(l4_cap_idx_t sem, l4_timeout_t timeout)
{
	return l4_semaphore_down_u(sem, timeout, l4_utcb());
}

#endif
