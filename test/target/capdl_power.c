/* capdl_power.c - waits until the others are done (two ups of "done"), then powers the machine
 * off through the platform-control capability its capDL spec gives it ("pfc"). */
#include <l4/re/env.h>
#include <l4/sys/platform_control.h>
#include <l4/sys/semaphore.h>
#include <stdio.h>

#define OTHERS 2 /* specs/kobjects.cdl: the downer and the namer up "done" */

int main(void)
{
	l4_cap_idx_t done = l4re_env_get_cap("done"), pfc = l4re_env_get_cap("pfc");
	for (int i = 0; i < OTHERS; i++)
		if (l4_error(l4_semaphore_down(done, L4_IPC_NEVER))) {
			printf("capdl_power: down failed\n");
			return 1;
		}
	puts("capdl_power: powering off");
	long err = l4_error(l4_platform_ctl_system_shutdown(pfc, 0));
	printf("capdl_power: still running, error %ld\n", err);
	return 1;
}
