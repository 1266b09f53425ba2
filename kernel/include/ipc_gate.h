/* ipc_gate.h - IPC gates: a labelled way in to one thread. */
#ifndef KEEL_IPC_GATE_H
#define KEEL_IPC_GATE_H

#include "cap.h"

struct thread;
struct factory;

struct ipc_gate {
	struct kobj obj;
	struct thread *thread;	     /* bound receiver, or NULL */
	struct ipc_gate *bound_next; /* the receiver's list of gates */
	uint32_t label;
	struct thread *waiting; /* senders queued while the gate is unbound */
};

struct ipc_gate *ipc_gate_create(struct factory *payer, uint32_t label);
void ipc_gate_bind(struct ipc_gate *g, struct thread *t, uint32_t label);
void ipc_gate_unbind(struct ipc_gate *g);
void ipc_gate_destroy(struct ipc_gate *g);
void ipc_gate_invoke(struct thread *caller, struct cap *cap);
long rcv_ep_bind_args(struct thread *caller, struct thread **thread, uint32_t *label);

#endif
