/* ipc_gate.c - IPC gates: creation, binding to a thread, get_info, deletion. */
#include "object/ipc_gate.h"
#include "sched/preempt.h"
#include "ipc/ipc.h"
#include "mem/kmem.h"
#include "ipc/syscall.h"
#include "object/task.h"
#include "object/thread.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/abi/kobject.h>

/**
 * ipc_gate_create() - an unbound gate with @label, charged to @payer.
 */
struct ipc_gate *ipc_gate_create(struct factory *payer, uint32_t label)
{
	struct ipc_gate *g = kmem_alloc(payer, sizeof(*g));
	if (!g)
		return NULL;
	kobj_init(&g->ep.obj, KOBJ_GATE, payer, sizeof(*g));
	g->ep.label = label;
	return g;
}

/**
 * ipc_gate_bind() - deliver the gate's messages to @t with @label from now on.
 * Return: true if a message it delivers now stopped at a preemption point (the
 * caller's system call must run again: binding again goes on with it).
 */
bool ipc_gate_bind(struct ipc_gate *g, struct thread *t, uint32_t label)
{
	rcv_ep_bind(&g->ep, t, label);
	return ipc_gate_bound(g);
}

/**
 * ipc_gate_destroy() - a deleted gate delivers to nobody; its waiting senders fail.
 * Return: true when done; false if it stopped at a preemption point (call again).
 */
bool ipc_gate_destroy(struct ipc_gate *g)
{
	rcv_ep_unbind(&g->ep);
	return ipc_gate_dying(g);
}

/**
 * ipc_gate_invoke() - the gate's own operations (protocol KOBJECT): bind and
 * get_info, both only through a capability with the server right.
 */
void ipc_gate_invoke(struct thread *caller, struct cap *cap)
{
	struct ipc_gate *g = (struct ipc_gate *)cap->obj;
	long result;
	if (syscall_words(caller) < 1) {
		result = -L4_EMSGTOOSHORT;
	} else if (!(cap->rights & CAP_RIGHT_CS)) {
		result = -L4_EPERM;
	} else if (caller->utcb->mr[0] == L4_RCV_EP_BIND_OP) {
		struct thread *t;
		uint32_t label;
		result = rcv_ep_bind_args(caller, &t, &label);
		if (result == 0 && ipc_gate_bind(g, t, label)) {
			syscall_restart(caller);
			return;
		}
	} else if (caller->utcb->mr[0] == L4_IPC_GATE_GET_INFO_OP) {
		caller->utcb->mr[0] = g->ep.label;
		syscall_reply_words(caller, 0, 1);
		return;
	} else {
		result = -L4_ENOSYS;
	}
	syscall_reply(caller, result);
}
