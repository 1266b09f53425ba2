/* errno.c - the errno values of bad system calls; exit status 13. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Print what a call returned and its errno by name, so a wrong value reads clearly. */
static void report(const char *what, long r)
{
	int e = errno;
	printf("%s = %ld", what, r);
	if (r < 0)
		printf(" errno %d (%s)", e, strerror(e));
	printf("\n");
	errno = 0;
}

int main(void)
{
	errno = 0;
	report("write(99)", write(99, "x", 1));
	report("write(-1)", write(-1, "x", 1));
	report("close(99)", close(99));
	report("syscall(9999)", syscall(9999));
	/* A bad length: munmap of length 0 is EINVAL. */
	report("munmap(len 0)", munmap((void *)0x10000, 0));
	/* A good call after bad ones. stdout's buffer goes first: whether stdio buffers
	 * fully (a pipe) or by line (a terminal) must not change the order. */
	fflush(stdout);
	errno = 0;
	report("write(1)", write(1, "ok\n", 3));
	fflush(stdout);
	return 13;
}
