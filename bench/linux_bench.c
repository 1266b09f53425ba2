/* linux_bench.c - a static Linux program timing the Linux server's system calls (scripts/bench). */
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

/* One byte to a child and back through two pipes, @rounds times: instructions each. */
static unsigned pipe_round_trip(int rounds)
{
	int there[2], back[2];
	char c = 'x';
	if (pipe(there) || pipe(back))
		return 0;
	pid_t pid = fork();
	if (pid == 0) {
		close(there[1]); /* or its read would never see the end */
		close(back[0]);
		while (read(there[0], &c, 1) == 1)
			if (write(back[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(there[0]);
	close(back[1]);
	for (int i = 0; i < 3; i++) /* warm up */
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			return 0;
	unsigned t0 = cycles();
	for (int i = 0; i < rounds; i++)
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			return 0;
	unsigned t1 = cycles();
	close(there[1]);
	close(back[0]);
	waitpid(pid, NULL, 0);
	return (t1 - t0) / rounds;
}

/* fork, and the child exits (or executes @path first), and the parent waits. */
static unsigned fork_wait(int rounds, const char *path)
{
	char *const argv[] = {(char *)"true", NULL}, *const envp[] = {NULL};
	unsigned total = 0;
	for (int i = 0; i < rounds + 1; i++) {
		unsigned t0 = cycles();
		pid_t pid = fork();
		if (pid == 0) {
			if (path)
				execve(path, argv, envp);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
		if (i) /* the first round warms up */
			total += cycles() - t0;
	}
	return total / rounds;
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
	fflush(stdout);
	printf("bench: linux pipe round trip (Linux server)    %u instructions\n",
	       pipe_round_trip(50));
	fflush(stdout);
	printf("bench: linux fork+exit+wait (Linux server)     %u instructions\n",
	       fork_wait(10, NULL));
	fflush(stdout);
	printf("bench: linux fork+execve+wait (Linux server)   %u instructions\n",
	       fork_wait(5, "/bin/true"));
	return 0;
}
