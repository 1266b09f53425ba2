/* syscall.h - decoding the invoke system call and replying to it. */
#ifndef KEEL_SYSCALL_H
#define KEEL_SYSCALL_H

#include "object/thread.h"

void syscall_entry(struct thread *t);
void syscall_invoke(struct thread *t, struct cap *cap);
long syscall_label(const struct thread *t);
unsigned syscall_words(const struct thread *t);
unsigned syscall_items(const struct thread *t);
uint32_t syscall_flags(const struct thread *t);
long syscall_arg(struct thread *t, unsigned index, enum kobj_type type, uint32_t rights,
		 struct kobj **obj);
void syscall_reply(struct thread *t, long result);
void syscall_reply_words(struct thread *t, long label, unsigned words);

#endif
