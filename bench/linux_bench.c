/* linux_bench.c - a static Linux program timing the Linux server's system calls (scripts/bench). */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Built with Debian's arm-linux-gnueabihf-gcc and run by the Linux server under QEMU's
 * -icount shift=0 with the kernel's pmu_user: the cycle counter then counts guest
 * instructions and user code may read it. Not for a real Linux (it would trap).
 */
#define ROUNDS 200

static unsigned cycles(void)
{
	unsigned v;
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));
	return v;
}

int main(void)
{
	unsigned empty = cycles();
	empty = cycles() - empty;
	/* Warm up: the first calls fault in the pages they touch. */
	for (int i = 0; i < 10; i++)
		syscall(SYS_getpid);
	unsigned t0 = cycles();
	for (int i = 0; i < ROUNDS; i++)
		syscall(SYS_getpid);
	unsigned t1 = cycles();
	/* Per call: the loop's own few instructions are counted in, as in bench_ipc. */
	printf("bench: linux getpid (Linux server)             %u instructions\n",
	       (t1 - t0 - empty) / ROUNDS);
	return 0;
}
