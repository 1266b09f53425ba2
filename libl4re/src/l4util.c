/* l4util.c - L4Re's l4util thread creation and KIP helpers. */
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include <l4/util/kip.h>
#include <l4/util/thread.h>
#include <stdlib.h>
#include <string.h>

long l4util_create_thread(l4_cap_idx_t id, l4_utcb_t *thread_utcb, l4_cap_idx_t factory,
			  l4_umword_t pc, l4_umword_t sp, l4_cap_idx_t pager, l4_cap_idx_t task,
			  l4_cap_idx_t scheduler, l4_sched_param_t scp)
{
	long err = l4_error(l4_factory_create_thread(factory, id));
	if (err < 0)
		return err;
	l4_thread_control_start();
	l4_thread_control_pager(pager);
	l4_thread_control_bind(thread_utcb, task);
	err = l4_error(l4_thread_control_commit(id));
	if (err < 0)
		return err;
	err = l4_error(l4_thread_ex_regs(id, pc, sp, 0));
	if (err < 0)
		return err;
	if (l4_is_valid_cap(scheduler)) {
		err = l4_error(l4_scheduler_run_thread(scheduler, id, &scp));
		if (err < 0)
			return err;
	}
	return 0;
}

int l4util_kip_kernel_has_feature(l4_kernel_info_t const *k, char const *str)
{
	return l4_kip_kernel_has_feature(k, str);
}

unsigned long l4util_kip_kernel_abi_version(l4_kernel_info_t const *k)
{
	const char *s = l4_kip_version_string(k);
	l4util_kip_for_each_feature(s)
	{
		if (strncmp(s, "abiver:", 7) == 0)
			return strtoul(s + 7, NULL, 0);
	}
	return 0;
}
