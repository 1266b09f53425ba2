/* sysfuzz.c - Keel only: children make thousands of system calls with random numbers and arguments;
 * the server and the others go on. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Not a differential test: the calls are random. Each child seeds a generator with its
 * round number (the same calls on every run) and makes CALLS system calls with numbers
 * in 0..459 and in the ARM private range, and arguments that are small numbers, -1,
 * pointers into its own stack, heap and code, pointers near the top of the address
 * space, or anything. It leaves out what would end the test rather than the call:
 * exit, kill of other processes, fork. A child may die of what it does to itself (a
 * signal); one that still runs after a while is killed. Then the parent checks that
 * the server still does its work: a pipe, a fork, an exec.
 */
#define ROUNDS 12
#define CALLS  4000

static uint32_t rng;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static uint32_t argument(char *stack)
{
	static char heap_area[8192];
	switch (next() % 8) {
	case 0:
		return next() % 16;
	case 1:
		return (uint32_t)-1;
	case 2:
		return (uint32_t)(uintptr_t)(stack + next() % 4096);
	case 3:
		return (uint32_t)(uintptr_t)(heap_area + next() % sizeof(heap_area));
	case 4:
		return (uint32_t)(uintptr_t)&argument + next() % 65536;
	case 5:
		return 0xbf000000u - next() % 0x10000u;
	case 6:
		return 0xc0000000u + next() % 0x40000000u;
	default:
		return next();
	}
}

static int allowed(uint32_t nr)
{
	switch (nr) {
	case 1:	  /* exit */
	case 248: /* exit_group */
	case 2:	  /* fork */
	case 190: /* vfork */
	case 120: /* clone */
	case 435: /* clone3 */
	case 37:  /* kill */
	case 238: /* tkill */
	case 268: /* tgkill */
	case 29:  /* pause */
	case 179: /* rt_sigsuspend */
	case 11:  /* execve */
	case 387: /* execveat */
		return 0;
	default:
		return 1;
	}
}

static void fuzz(unsigned round)
{
	char stack[4096];
	memset(stack, 'x', sizeof(stack));
	rng = 0x9e3779b9u * (round + 1);
	for (int i = 0; i < CALLS; i++) {
		uint32_t nr = next() % 16 ? next() % 460 : 0xf0000u + next() % 8;
		if (!allowed(nr))
			continue;
		uint32_t a[6];
		for (int k = 0; k < 6; k++)
			a[k] = argument(stack);
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
}

int main(void)
{
	int died = 0, ended = 0;
	for (unsigned round = 0; round < ROUNDS; round++) {
		fflush(stdout);
		pid_t c = fork();
		if (c == 0) {
			fuzz(round);
			_exit(0);
		}
		/* At most about two seconds: a child waiting in a call is killed. */
		int st = 0;
		for (int t = 0; t < 200 && waitpid(c, &st, WNOHANG) == 0; t++) {
			struct timespec ts = {0, 10000000};
			nanosleep(&ts, NULL);
		}
		if (waitpid(c, &st, WNOHANG) == 0) {
			kill(c, SIGKILL);
			waitpid(c, &st, 0);
		}
		if (WIFSIGNALED(st))
			died++;
		else
			ended++;
	}
	printf("fuzzed %d children\n", died + ended);
	int p[2];
	char b = 0;
	pid_t c;
	if (pipe(p) || (c = fork()) < 0)
		return 1;
	if (c == 0) {
		b = 'k';
		write(p[1], &b, 1);
		execl("/bin/true", "true", (char *)NULL);
		_exit(9);
	}
	int st;
	read(p[0], &b, 1);
	waitpid(c, &st, 0);
	printf("afterwards: pipe %c, fork and exec status %d\n", b,
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}
