/* syscall.h - decoding the invoke system call and replying to it. */
#ifndef KEEL_SYSCALL_H
#define KEEL_SYSCALL_H

#include "thread.h"

void syscall_entry(struct thread *t);
long syscall_label(const struct thread *t);
unsigned syscall_words(const struct thread *t);
void syscall_reply(struct thread *t, long result);
void syscall_ipc_error(struct thread *t, unsigned error);

#endif
