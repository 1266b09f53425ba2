/*
 * sched_child.c - a loaded program that tries to take the CPU (issue 12 finding 6,
 * h12-quota). argv[1] "spin": run its own main thread at priority 255 with the
 * scheduler it was given, then spin for ever.
 */
#include <l4/re/env.h>
#include <l4/sys/scheduler.h>
#include <stdio.h>
#include <string.h>

static volatile unsigned long spins;

static int spin(void)
{
	l4_sched_param_t sp = l4_sched_param(255, 0);
	long err =
	    l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, L4_BASE_THREAD_CAP, &sp));
	printf("sched_child: run_thread at 255: %ld, spinning\n", err);
	for (;;)
		spins++;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "spin") == 0)
		return spin();
	printf("sched_child: unknown mode\n");
	return 99;
}
