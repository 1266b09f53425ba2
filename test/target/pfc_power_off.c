/* pfc_power_off.c - the root task powers the machine off through the platform-control object. */
#include <l4/re/env.h>
#include <l4/sys/platform_control.h>
#include <stdio.h>

int main(void)
{
	l4_cap_idx_t pfc = l4re_env_get_cap("pfc");
	puts("pfc_power_off: powering off");
	long err = l4_error(l4_platform_ctl_system_shutdown(pfc, 0));
	printf("pfc_power_off: still running, error %ld\n", err);
	return 1;
}
