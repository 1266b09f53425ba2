/* reboot.c - reboot the machine; L4Re's misc/reboot (its current form, over "pfc"). */
/*
 * Keel's own program, written the way L4Re's example uses the calls: the platform
 * control capability its configuration names "pfc", and a shutdown with reboot set.
 * The call does not return when it works; the program says so if it does.
 */
#include <l4/re/env.h>
#include <l4/sys/platform_control.h>

#include <stdio.h>

int main(void)
{
	l4_cap_idx_t pfc = l4re_env_get_cap("pfc");

	printf("Rebooting\n");
	if (l4_is_valid_cap(pfc))
		l4_platform_ctl_system_shutdown(pfc, 1);

	printf("Reboot did not work\n");
	return 1;
}
