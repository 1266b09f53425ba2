/* main.c - Keel's root task: starts the default system (system.c) and supervises it. */
#include "loader.h"
#include "supervisor.h"
#include "system.h"
#include <stdio.h>

int main(void)
{
	printf("roottask: hello\n");
	int err = loader_init();
	if (err) {
		printf("roottask: cannot start the loader (%d)\n", err);
		return 1;
	}
	if (supervisor_start(default_system, default_system_count))
		return 1;
	supervisor_run();
}
