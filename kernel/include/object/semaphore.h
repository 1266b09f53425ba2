/* semaphore.h - semaphore objects: a counter that threads wait on, in the kernel. */
#ifndef KEEL_OBJECT_SEMAPHORE_H
#define KEEL_OBJECT_SEMAPHORE_H

#include "object/thread.h"

struct semaphore {
	struct kobj obj;
	unsigned long count;	/* ups not yet taken by a down */
	struct thread *waiting; /* threads in down, by priority (ipc.c's queues) */
};

struct semaphore *semaphore_create(struct factory *payer);
bool semaphore_destroy(struct semaphore *s);
void semaphore_invoke(struct thread *caller, struct cap *cap);

#endif
