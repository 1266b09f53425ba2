/* debugger.c - the debugger object: L4Re's kernel-debugger calls that name objects. */
#include "object/debugger.h"
#include "ipc/syscall.h"
#include "string.h"
#include <l4/sys/err.h>
#include <l4/sys/abi/debugger.h>

struct kobj kernel_debugger = {
    .type = KOBJ_DEBUGGER, .id = L4_KEEL_OBJ_ID_DEBUGGER, .permanent = true};

/* The objects with a name, so that NAME_GET finds one by its identity; at most
 * L4_KEEL_OBJ_NAMED_MAX of them, which bounds that walk. */
static struct kobj *named;
static unsigned named_count;

static void named_add(struct kobj *o)
{
	o->named_next = named;
	if (named)
		named->named_pprev = &o->named_next;
	named = o;
	o->named_pprev = &named;
	named_count++;
}

/**
 * debugger_forget() - @o is being deleted: it leaves the list of named objects (its
 * identity names nothing any more). Called for every object the reaper destroys.
 */
void debugger_forget(struct kobj *o)
{
	if (!o->named_pprev)
		return;
	*o->named_pprev = o->named_next;
	if (o->named_next)
		o->named_next->named_pprev = o->named_pprev;
	o->named_next = NULL;
	o->named_pprev = NULL;
	named_count--;
}

/* NAME_SET: mr1 on is the name, NUL-terminated within the message's words; a longer
 * one is cut to L4_KEEL_OBJ_NAME_LEN - 1 bytes, an empty one takes the name away.
 * Bytes outside printable ASCII become '?': a name goes into the kernel's reports,
 * where a newline or an escape sequence could forge or hide lines. */
static long name_set(struct thread *caller, struct kobj *o)
{
	unsigned words = syscall_words(caller);
	size_t room = (size_t)(words - 1) * sizeof(l4_umword_t);
	const char *s = (const char *)&caller->utcb->mr[1];
	size_t n = 0;
	while (n < room && n < L4_KEEL_OBJ_NAME_LEN - 1 && s[n])
		n++;
	if (n == 0) {
		debugger_forget(o);
		o->name[0] = 0;
		return 0;
	}
	if (!o->named_pprev) {
		if (named_count >= L4_KEEL_OBJ_NAMED_MAX)
			return -L4_ENOMEM;
		named_add(o);
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		o->name[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	o->name[n] = 0;
	return 0;
}

/* NAME_GET: the name of the named object with identity mr1, in mr0 on. */
static long name_get(struct thread *caller, unsigned *words)
{
	if (syscall_words(caller) < 2)
		return -L4_EMSGTOOSHORT;
	l4_umword_t id = caller->utcb->mr[1];
	struct kobj *o = named;
	while (o && o->id != id)
		o = o->named_next;
	if (!o)
		return -L4_ENOENT;
	memcpy(&caller->utcb->mr[0], o->name, L4_KEEL_OBJ_NAME_LEN);
	*words = L4_KEEL_OBJ_NAME_LEN / sizeof(l4_umword_t);
	return 0;
}

static long operate(struct thread *caller, struct cap *cap, unsigned *words)
{
	struct kobj *o;
	long err = syscall_arg(caller, 0, KOBJ_NONE, 0, &o);
	if (err)
		return err;
	switch (caller->utcb->mr[0] - L4_KEEL_DEBUGGER_OP_BASE) {
	case L4_DEBUGGER_NAME_SET_OP:
		if (!(cap->rights & CAP_RIGHT_W))
			return -L4_EPERM;
		return name_set(caller, o);
	case L4_DEBUGGER_GLOBAL_ID_OP:
		caller->utcb->mr[0] = o->id;
		*words = 1;
		return 0;
	case L4_DEBUGGER_NAME_GET_OP:
		return name_get(caller, words);
	default:
		return -L4_ENOSYS; /* no kernel addresses given out, no trace buffer */
	}
}

/**
 * debugger_invoke() - protocol DEBUGGER: mr0 = L4_KEEL_DEBUGGER_OP_BASE + operation,
 * item 0 the object it is about (any capability of the caller). Setting a name needs
 * W on the debugger capability; the others need no right.
 */
void debugger_invoke(struct thread *caller, struct cap *cap)
{
	unsigned words = 0;
	long result;
	if (syscall_label(caller) != L4_PROTO_DEBUGGER)
		result = -L4_EBADPROTO;
	else if (syscall_words(caller) < 1)
		result = -L4_EMSGTOOSHORT;
	else
		result = operate(caller, cap, &words);
	if (result == 0 && words)
		syscall_reply_words(caller, 0, words);
	else
		syscall_reply(caller, result);
}
