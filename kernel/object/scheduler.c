/* scheduler.c - the scheduler object: start threads at a priority with a time quantum. */
#include "object/scheduler.h"
#include "sched/sched.h"
#include "ipc/syscall.h"
#include "object/thread.h"
#include <l4/sys/err.h>
#include <l4/sys/abi/scheduler.h>

struct kobj kernel_scheduler = {.type = KOBJ_SCHEDULER, .permanent = true};

/* mr1 affinity, mr2 CPU map, mr3 priority, mr4 quantum (us), item: the thread, with
 * S (as a thread argument everywhere: it decides when and how often the thread runs). */
static long run_thread(struct thread *caller, struct cap *cap)
{
	l4_umword_t *mr = caller->utcb->mr;
	if (!(cap->rights & CAP_RIGHT_W))
		return -L4_EPERM;
	if (syscall_words(caller) < 5)
		return -L4_EMSGTOOSHORT;
	struct kobj *o;
	long err = syscall_arg(caller, 0, KOBJ_THREAD, CAP_ARG_THREAD, &o);
	if (err)
		return err;
	if (mr[3] < 1 || mr[3] > SCHED_PRIO_MAX || !(mr[2] & 1))
		return -L4_EINVAL;
	struct thread *t = (struct thread *)o;
	t->prio = mr[3];
	t->quantum_us = mr[4] ? mr[4] : SCHED_QUANTUM_US;
	t->remaining_us = (int32_t)t->quantum_us;
	t->scheduled = true;
	sched_requeue(t);
	thread_try_start(t);
	return 0;
}

/**
 * scheduler_invoke() - protocol SCHEDULER: INFO (one CPU), RUN_THREAD, IDLE_TIME.
 */
void scheduler_invoke(struct thread *caller, struct cap *cap)
{
	l4_umword_t *mr = caller->utcb->mr;
	long result;
	if (syscall_label(caller) != L4_PROTO_SCHEDULER) {
		result = -L4_EBADPROTO;
	} else if (syscall_words(caller) < 1) {
		result = -L4_EMSGTOOSHORT;
	} else if (mr[0] == L4_SCHEDULER_RUN_THREAD_OP) {
		result = run_thread(caller, cap);
	} else if (mr[0] == L4_SCHEDULER_INFO_OP) {
		mr[0] = 1; /* CPU map: CPU 0 */
		mr[1] = 1; /* number of CPUs */
		syscall_reply_words(caller, 0, 2);
		return;
	} else if (mr[0] == L4_SCHEDULER_IDLE_TIME_OP) {
		uint64_t idle = sched_idle_time();
		mr[0] = (l4_umword_t)idle;
		mr[1] = (l4_umword_t)(idle >> 32);
		syscall_reply_words(caller, 0, 2);
		return;
	} else {
		result = -L4_ENOSYS;
	}
	syscall_reply(caller, result);
}
