/* bench_mem.c - root task of the memory benchmark: starts bench_fault with an allocator. */
#include "loader.h"
#include <l4/sys/ipc.h>
#include <stdio.h>

int main(void)
{
	const char *why = NULL;
	struct loader_opts o = {.prio = 90, .kmem_limit = 1UL << 20, .mem_limit = 64UL << 20};
	if (loader_init() != 0) {
		printf("bench_mem: no loader\n");
		return 1;
	}
	struct loader_program *p = loader_start_opts("bench_fault", &o, &why);
	if (!p) {
		printf("bench_mem: %s\n", why);
		return 1;
	}
	int status = -1;
	loader_wait(p, &status, L4_IPC_NEVER);
	loader_kill(p);
	return status;
}
