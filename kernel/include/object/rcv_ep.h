/* rcv_ep.h - receive endpoints: the part IPC gates and IRQs share, bound to a thread. */
#ifndef KEEL_RCV_EP_H
#define KEEL_RCV_EP_H

#include "space/cap.h"

struct thread;

/* First member of struct ipc_gate and struct irq_object. */
struct rcv_ep {
	struct kobj obj;
	struct thread *thread;	     /* bound receiver, or NULL */
	struct rcv_ep *bound_next;   /* the receiver's list of endpoints */
	struct rcv_ep **bound_pprev; /* what points at it there: unbinding is O(1) */
	uint32_t label;
	/* Its thread was deleted: IPC through the gate fails with ENOT_EXISTENT (instead
	 * of waiting for a thread) until it is bound again, so that the clients of a
	 * server that died get an error rather than hang. */
	bool orphaned;
};

void rcv_ep_bind(struct rcv_ep *ep, struct thread *t, uint32_t label);
void rcv_ep_unbind(struct rcv_ep *ep);
long rcv_ep_bind_args(struct thread *caller, struct thread **thread, uint32_t *label);

#endif
