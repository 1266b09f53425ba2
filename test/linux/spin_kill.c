/* spin_kill.c - signals to processes that compute in a loop without system calls: a handler runs, a
 * default action ends it. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_usr1(int sig)
{
	(void)sig;
	stop = 1;
}

/* A child that says it runs, then spins without a system call until @stop. */
static pid_t spinner(int ready)
{
	pid_t c = fork();
	if (c == 0) {
		volatile unsigned long n = 0;
		if (write(ready, "x", 1) != 1)
			_exit(2);
		while (!stop)
			n++;
		_exit(3);
	}
	return c;
}

int main(void)
{
	int p[2];
	char b;
	int st;
	if (pipe(p))
		return 1;
	signal(SIGUSR1, on_usr1);
	fflush(stdout);
	pid_t c = spinner(p[1]);
	if (read(p[0], &b, 1) != 1)
		return 1;
	kill(c, SIGUSR1);
	waitpid(c, &st, 0);
	printf("spinning child with a handler: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	signal(SIGUSR1, SIG_DFL);
	c = spinner(p[1]);
	if (read(p[0], &b, 1) != 1)
		return 1;
	kill(c, SIGTERM);
	waitpid(c, &st, 0);
	printf("spinning child, SIGTERM: %s %d\n", WIFSIGNALED(st) ? "signal" : "exit",
	       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	return 0;
}
