/* syscall.h - decoding the invoke system call and replying to it. */
#ifndef KEEL_SYSCALL_H
#define KEEL_SYSCALL_H

#include "object/thread.h"

void syscall_entry(struct thread *t);
void syscall_invoke(struct thread *t, struct cap *cap);

/* The invoking thread's message tag, and its parts, as the objects read their
 * operations (inline: every operation asks several of them). */
static inline l4_msgtag_t syscall_tag(const struct thread *t)
{
	l4_msgtag_t tag = {(l4_mword_t)arch_ctx_msg_info(&t->ctx)};
	return tag;
}

static inline long syscall_label(const struct thread *t)
{
	return l4_msgtag_label(syscall_tag(t));
}

static inline unsigned syscall_words(const struct thread *t)
{
	return l4_msgtag_words(syscall_tag(t));
}

static inline unsigned syscall_items(const struct thread *t)
{
	return l4_msgtag_items(syscall_tag(t));
}

/* The invocation's flags (L4_SYSF_*: send, receive, reply, ...). */
static inline uint32_t syscall_flags(const struct thread *t)
{
	return arch_ctx_syscall_cap(&t->ctx) & L4_SYSF_FLAGS_MASK;
}

long syscall_arg(struct thread *t, unsigned index, enum kobj_type type, uint32_t rights,
		 struct kobj **obj);
void syscall_reply(struct thread *t, long result);
void syscall_reply_words(struct thread *t, long label, unsigned words);

#endif
