/* log.c - the log object: vcon write from tasks to the kernel console. */
#include "object/log.h"
#include <l4/sys/abi/task.h>
#include "lib/conbuf.h"
#include "sched/preempt.h"
#include "ipc/syscall.h"
#include <l4/sys/err.h>
#include <l4/sys/abi/vcon.h>

struct kobj kernel_log = {.type = KOBJ_LOG, .id = L4_KEEL_OBJ_ID_LOG, .permanent = true};

static long log_write(struct thread *caller)
{
	unsigned words = syscall_words(caller);
	if (words < 2)
		return -L4_EMSGTOOSHORT;
	unsigned long size = caller->utcb->mr[1];
	if (size > L4_VCON_WRITE_SIZE)
		return -L4_EINVAL;
	if (size > (words - 2) * sizeof(l4_umword_t))
		return -L4_EMSGTOOSHORT;
	/* Room for all of it first (a newline takes two bytes), waiting for the UART a
	 * byte at a time between preemption points: stopped, the call runs again, and
	 * nothing of it was written yet. */
	while (conbuf_space() < 2 * size) {
		conbuf_drain_one();
		if (preempt_point(COST_CHAR))
			return PREEMPTED;
	}
	const char *bytes = (const char *)&caller->utcb->mr[2];
	for (unsigned long i = 0; i < size; i++)
		conbuf_putc(bytes[i]);
	return 0;
}

/**
 * log_invoke() - protocol LOG; WRITE needs the W right. The log cannot be read.
 */
void log_invoke(struct thread *caller, struct cap *cap)
{
	long result;
	if (syscall_label(caller) != L4_PROTO_LOG)
		result = -L4_EBADPROTO;
	else if (syscall_words(caller) < 1)
		result = -L4_EMSGTOOSHORT;
	else if (caller->utcb->mr[0] != L4_VCON_WRITE_OP)
		result = -L4_ENOSYS;
	else if (!(cap->rights & CAP_RIGHT_W))
		result = -L4_EPERM;
	else
		result = log_write(caller);
	if (result == PREEMPTED) {
		syscall_restart(caller);
		return;
	}
	syscall_reply(caller, result);
}
