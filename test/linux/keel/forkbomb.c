/* forkbomb.c - Keel only: a fork bomb meets the Linux server's process limit (EAGAIN) and the
 * system goes on. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Not a differential test: on the oracle's host a fork bomb would meet the host's
 * limits. Each child waits on a pipe that never gets data; the parent forks until
 * fork fails, checks that it failed with EAGAIN, kills and reaps every child, and
 * forks once more.
 */
#define MAX_CHILDREN 1000

int main(void)
{
	static pid_t kids[MAX_CHILDREN];
	int n = 0, p[2];
	if (pipe(p))
		return 1;
	for (;;) {
		pid_t c = fork();
		if (c == 0) {
			char b;
			close(p[1]);
			while (read(p[0], &b, 1) != 0)
				;
			_exit(0);
		}
		if (c < 0)
			break;
		kids[n++] = c;
		if (n == MAX_CHILDREN) {
			printf("no limit after %d children\n", n);
			return 1;
		}
	}
	int err = errno;
	printf("fork failed with %s after %s children\n",
	       err == EAGAIN ? "EAGAIN" : "another error", n >= 8 ? "8 or more" : "fewer than 8");
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	int killed = 0;
	for (int i = 0; i < n; i++) {
		int st;
		if (waitpid(kids[i], &st, 0) == kids[i] && WIFSIGNALED(st) &&
		    WTERMSIG(st) == SIGKILL)
			killed++;
	}
	printf("all killed: %s\n", killed == n ? "yes" : "no");
	pid_t c = fork();
	if (c == 0)
		_exit(7);
	int st;
	waitpid(c, &st, 0);
	printf("fork works again: %s\n",
	       c > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7 ? "yes" : "no");
	return 0;
}
