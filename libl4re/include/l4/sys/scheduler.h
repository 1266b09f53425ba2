/* scheduler.h - the scheduler object: start threads with a priority and time quantum. */
#ifndef L4_SYS_SCHEDULER_H
#define L4_SYS_SCHEDULER_H

#include <l4/sys/ipc.h>
#include <l4/sys/abi/scheduler.h>

typedef struct l4_sched_cpu_set_t {
	l4_umword_t gran_offset; /* offset | granularity << 24 */
	l4_umword_t map;
} l4_sched_cpu_set_t;

typedef struct l4_sched_param_t {
	l4_sched_cpu_set_t affinity;
	l4_umword_t prio;
	l4_umword_t quantum; /* microseconds; 0 = the default */
} l4_sched_param_t;

L4_INLINE l4_sched_cpu_set_t l4_sched_cpu_set(l4_umword_t offset, unsigned granularity,
					      l4_umword_t map)
{
	l4_sched_cpu_set_t cs;
	cs.gran_offset = ((l4_umword_t)granularity << 24) | offset;
	cs.map = map;
	return cs;
}

L4_INLINE l4_sched_param_t l4_sched_param(unsigned prio, l4_umword_t quantum)
{
	l4_sched_param_t sp;
	sp.prio = prio;
	sp.quantum = quantum;
	sp.affinity = l4_sched_cpu_set(0, 0, 1);
	return sp;
}

L4_INLINE l4_msgtag_t l4_scheduler_run_thread_u(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
						l4_sched_param_t const *sp, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_SCHEDULER_RUN_THREAD_OP;
	m->mr[1] = sp->affinity.gran_offset;
	m->mr[2] = sp->affinity.map;
	m->mr[3] = sp->prio;
	m->mr[4] = sp->quantum;
	m->mr[5] = l4_map_obj_control(0, 0);
	m->mr[6] = l4_obj_fpage(thread, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 5, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_scheduler_run_thread(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
					      l4_sched_param_t const *sp)
{
	return l4_scheduler_run_thread_u(scheduler, thread, sp, l4_utcb());
}

/* cpu_max: number of CPUs; cpus->map: the online CPUs (bit 0 = CPU 0). */
L4_INLINE l4_msgtag_t l4_scheduler_info_u(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
					  l4_sched_cpu_set_t *cpus, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_SCHEDULER_INFO_OP;
	m->mr[1] = cpus ? cpus->gran_offset : 0;
	l4_msgtag_t tag =
	    l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 2, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(tag, utcb) < 0)
		return tag;
	if (cpus)
		cpus->map = m->mr[0];
	if (cpu_max)
		*cpu_max = m->mr[1];
	return tag;
}

L4_INLINE l4_msgtag_t l4_scheduler_info(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
					l4_sched_cpu_set_t *cpus)
{
	return l4_scheduler_info_u(scheduler, cpu_max, cpus, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_scheduler_idle_time_u(l4_cap_idx_t scheduler,
					       l4_sched_cpu_set_t const *cpus,
					       l4_kernel_clock_t *us, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_SCHEDULER_IDLE_TIME_OP;
	m->mr[1] = cpus->gran_offset;
	m->mr[2] = cpus->map;
	l4_msgtag_t tag =
	    l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 3, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(tag, utcb) >= 0 && us)
		*us = m->mr64[l4_utcb_mr64_idx(0)];
	return tag;
}

L4_INLINE l4_msgtag_t l4_scheduler_idle_time(l4_cap_idx_t scheduler, l4_sched_cpu_set_t const *cpus,
					     l4_kernel_clock_t *us)
{
	return l4_scheduler_idle_time_u(scheduler, cpus, us, l4_utcb());
}

#endif
