/* capdl_sem.c - one end of the semaphore "ready" its capDL spec shares: "up" ups it three
 * times, "down" takes the three ups and then ups "done" (test of capDL's semaphores). */
#include <l4/re/env.h>
#include <l4/sys/semaphore.h>
#include <stdio.h>
#include <string.h>

#define UPS 3

/* The upper: up needs no right, so a capability with only R will do (specs/kobjects.cdl). */
static int up(l4_cap_idx_t ready)
{
	for (int i = 0; i < UPS; i++)
		if (l4_ipc_error(l4_semaphore_up(ready), l4_utcb())) {
			printf("capdl_sem: up %d failed\n", i);
			return 1;
		}
	printf("capdl_sem: up %d times\n", UPS);
	return 0;
}

/* The downer: each down needs S; it waits for as long as it takes. */
static int down(l4_cap_idx_t ready)
{
	l4_cap_idx_t done = l4re_env_get_cap("done");
	for (int i = 0; i < UPS; i++) {
		long err = l4_error(l4_semaphore_down(ready, L4_IPC_NEVER));
		if (err) {
			printf("capdl_sem: down %d failed (%ld)\n", i, err);
			return 1;
		}
	}
	printf("capdl_sem: down %d times\n", UPS);
	l4_semaphore_up(done);
	return 0;
}

int main(int argc, char **argv)
{
	l4_cap_idx_t ready = l4re_env_get_cap("ready");
	if (l4_is_invalid_cap(ready) || argc < 2) {
		printf("capdl_sem: no capability named ready, or no role\n");
		return 1;
	}
	return strcmp(argv[1], "up") == 0 ? up(ready) : down(ready);
}
