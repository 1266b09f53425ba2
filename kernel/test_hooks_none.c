/* test_hooks_none.c - production kernels: no test hooks. */
#include "test_hooks.h"

void test_hooks_run(const char *cmdline)
{
	(void)cmdline;
}
