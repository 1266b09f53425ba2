/* debugger.h - the debugger object: names of kernel objects and their identities. */
#ifndef KEEL_OBJECT_DEBUGGER_H
#define KEEL_OBJECT_DEBUGGER_H

#include "object/thread.h"

extern struct kobj kernel_debugger;

void debugger_invoke(struct thread *caller, struct cap *cap);
void debugger_forget(struct kobj *o);

#endif
