/* log.h - the kernel log object: a console for tasks, before a console server exists. */
#ifndef KEEL_LOG_H
#define KEEL_LOG_H

#include "object/thread.h"

extern struct kobj kernel_log;

void log_invoke(struct thread *caller, struct cap *cap);

#endif
