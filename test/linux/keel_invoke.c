/* keel_invoke.c - a Linux process tries Keel's invoke (svc #0 with a message tag and capability
 * index): it stays a Linux system call. */
#include <stdio.h>

/*
 * Keel's one system call is svc #0 with r0 = message tag, r2 = capability index |
 * flags, r3 = timeouts and r5 = 0. In a Linux process every svc is a Linux system call
 * (the number in r7): here r7 holds a number no Linux has, so Linux says ENOSYS, and
 * so must Keel: the process holds no capability it could name.
 */
static long raw_invoke(unsigned long tag, unsigned long cap)
{
	register unsigned long r0 __asm__("r0") = tag;
	register unsigned long r2 __asm__("r2") = cap;
	register unsigned long r3 __asm__("r3") = 0;
	register unsigned long r5 __asm__("r5") = 0;
	register unsigned long r7 __asm__("r7") = 0xffff;
	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r2), "r"(r3), "r"(r5), "r"(r7) : "memory");
	return (long)r0;
}

int main(void)
{
	/* The log (slot 5), the task (slot 1), the gate the server gave (slot 4). */
	static const unsigned long caps[] = {5ul << 12, 1ul << 12, 4ul << 12};
	for (unsigned i = 0; i < 3; i++)
		printf("invoke of slot %lu: %ld\n", caps[i] >> 12,
		       raw_invoke(0x7ffe0000ul, caps[i]));
	printf("still running\n");
	return 41;
}
