/* rcv_ep.c - binding receive endpoints (IPC gates, IRQs) to the thread they deliver to. */
#include "object/rcv_ep.h"
#include "ipc/syscall.h"
#include "object/thread.h"
#include <l4/sys/err.h>

/**
 * rcv_ep_bind() - deliver what arrives at @ep to @t, with @label, from now on.
 */
void rcv_ep_bind(struct rcv_ep *ep, struct thread *t, uint32_t label)
{
	rcv_ep_unbind(ep);
	ep->thread = t;
	ep->label = label;
	ep->orphaned = false;
	ep->bound_next = t->endpoints;
	if (t->endpoints)
		t->endpoints->bound_pprev = &ep->bound_next;
	t->endpoints = ep;
	ep->bound_pprev = &t->endpoints;
}

/**
 * rcv_ep_unbind() - the endpoint no longer delivers to its thread. Constant time,
 * however many endpoints the thread has (deleting each of many gates bound to one
 * thread must not cost their number).
 */
void rcv_ep_unbind(struct rcv_ep *ep)
{
	if (!ep->thread)
		return;
	*ep->bound_pprev = ep->bound_next;
	if (ep->bound_next)
		ep->bound_next->bound_pprev = ep->bound_pprev;
	ep->bound_next = NULL;
	ep->bound_pprev = NULL;
	ep->thread = NULL;
}

/**
 * rcv_ep_bind_args() - decode a receive-endpoint bind (mr1 label, item = thread).
 * The thread needs S, as on Fiasco: it is made the receiver of everything that
 * arrives, under a label the caller chooses.
 * Return: 0, or a negative error for the caller.
 */
long rcv_ep_bind_args(struct thread *caller, struct thread **thread, uint32_t *label)
{
	if (syscall_words(caller) < 2)
		return -L4_EMSGTOOSHORT;
	struct kobj *o;
	long err = syscall_arg(caller, 0, KOBJ_THREAD, CAP_ARG_THREAD, &o);
	if (err)
		return err;
	*thread = (struct thread *)o;
	*label = caller->utcb->mr[1];
	return 0;
}
