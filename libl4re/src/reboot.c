/* reboot.c - l4util_reboot() over the platform-control capability "pfc". */
#include <l4/re/env.h>
#include <l4/sys/platform_control.h>
#include <l4/util/reboot.h>
#include <l4/util/util.h>
#include <stdio.h>

void l4util_reboot(void)
{
	l4_cap_idx_t pfc = l4re_env_get_cap("pfc");
	long err = -L4_ENOENT;
	if (l4_is_valid_cap(pfc))
		err = l4_error(l4_platform_ctl_system_shutdown(pfc, 1));
	printf("l4util_reboot: no reboot (error %ld)\n", err);
	l4_sleep_forever();
}
