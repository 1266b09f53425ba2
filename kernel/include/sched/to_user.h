/* to_user.h - leaving the kernel: into the thread the scheduler picks, in its address space. */
#ifndef KEEL_SCHED_TO_USER_H
#define KEEL_SCHED_TO_USER_H

#include "types.h"

struct task;

NORETURN void schedule_and_return(void);
void to_user_forget_space(struct task *t);

#endif
