/* scheduler.h - the scheduler object: run_thread, info, idle time. */
#ifndef KEEL_SCHEDULER_H
#define KEEL_SCHEDULER_H

#include "space/cap.h"

struct thread;

extern struct kobj kernel_scheduler;

void scheduler_invoke(struct thread *caller, struct cap *cap);

#endif
