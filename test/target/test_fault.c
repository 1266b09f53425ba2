/* test_fault.c - a root task that faults on purpose; the harness checks the kernel's report. */
#include <l4/sys/ipc.h>
#include <stdio.h>

/* Kept in variables so the compiler cannot see the addresses are bad. */
static volatile unsigned long unmapped_data = 0x00000ff0;
static volatile unsigned long unmapped_code = 0x0badc0de;

int main(void)
{
	printf("fault test: about to fault (%s)\n", FAULT_KIND);
#if defined(FAULT_UNDEF)
	__asm__ volatile("udf #0");
#elif defined(FAULT_DATA)
	*(volatile int *)unmapped_data = 1;
#elif defined(FAULT_PREFETCH)
	((void (*)(void))unmapped_code)();
#elif defined(FAULT_SYSCALL)
	__asm__ volatile("mov r5, #7\n\tsvc #0" ::: "r5", "r0", "memory");
#endif
	printf("fault test: still running after the fault\n");
	return 0;
}
