/* segv.c - a write through a null pointer without a handler: the process dies of SIGSEGV (status
 * 139). */
#include <stdio.h>

int main(void)
{
	printf("about to fault\n");
	fflush(stdout);
	*(volatile int *)0 = 1;
	printf("not reached\n");
	return 0;
}
