/* ipc_gate.h - IPC gates: a labelled way in to one thread. */
#ifndef KEEL_IPC_GATE_H
#define KEEL_IPC_GATE_H

#include "object/rcv_ep.h"

struct thread;
struct factory;

struct ipc_gate {
	struct rcv_ep ep;	/* bound thread and label */
	struct thread *waiting; /* senders queued while the gate is unbound */
};

/**
 * ipc_gate_label() - the label a receiver sees for IPC through @g by a capability
 * with @rights: the gate's label with its low two bits replaced by the W and S bits
 * of @rights (CAP_RIGHTS_LABEL). Gate labels are not checked for those bits when
 * bound: they are masked here.
 */
static inline uint32_t ipc_gate_label(const struct ipc_gate *g, uint32_t rights)
{
	return (g->ep.label & ~(uint32_t)CAP_RIGHTS_LABEL) | (rights & CAP_RIGHTS_LABEL);
}

struct ipc_gate *ipc_gate_create(struct factory *payer, uint32_t label);
bool ipc_gate_bind(struct ipc_gate *g, struct thread *t, uint32_t label);
bool ipc_gate_destroy(struct ipc_gate *g);
void ipc_gate_invoke(struct thread *caller, struct cap *cap);

#endif
