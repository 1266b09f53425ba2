/* ipc.h - synchronous IPC: send, receive, call, reply, timeouts, cancel, items. */
#ifndef KEEL_IPC_H
#define KEEL_IPC_H

#include "object/thread.h"

struct ipc_gate;

void ipc_invoke(struct thread *self, struct thread *dest, struct ipc_gate *gate, uint32_t label,
		uint32_t flags, uint32_t timeouts);
bool ipc_fastpath_call(struct thread *self);
bool ipc_fastpath_reply_wait(struct thread *self);
void ipc_timeout(struct thread *t);
void ipc_cancel(struct thread *t);
void ipc_thread_dying(struct thread *t);
void ipc_gate_dying(struct ipc_gate *g);
void ipc_gate_bound(struct ipc_gate *g);
void ipc_fail(struct thread *t, unsigned error);
void ipc_wake(struct thread *t);
void ipc_register_thread(struct thread *t);

#endif
