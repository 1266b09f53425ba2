/* fastpath.h - the IPC fast paths, where every system call enters the kernel's C code. */
#ifndef KEEL_FASTPATH_H
#define KEEL_FASTPATH_H

#include "types.h"

struct thread;

NORETURN void syscall_fastpath(void);
void fastpath_call_switch(struct thread *self, struct thread *dest);

#endif
