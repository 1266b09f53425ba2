/* fork_wait.c - fork and wait statuses: exit codes, deaths by signals (kill, abort, a fault),
 * waitpid of a given child, WNOHANG, ECHILD, wait4's order, the status word itself. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void describe(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%s: exited %d (status 0x%04x)\n", what, WEXITSTATUS(status), status);
	else if (WIFSIGNALED(status))
		printf("%s: signal %d (status 0x%04x without the core bit)\n", what,
		       WTERMSIG(status), status & 0x7f);
	else
		printf("%s: other 0x%x\n", what, status);
}

static pid_t child(int how)
{
	fflush(stdout);
	pid_t c = fork();
	if (c != 0)
		return c;
	switch (how) {
	case 0:
		_exit(0);
	case 1:
		_exit(1);
	case 2:
		exit(42);
	case 3:
		_exit(255);
	case 4:
		_exit(256 + 7);
	case 5:
		abort();
	case 6:
		*(volatile int *)0 = 1;
		break;
	case 7:
		raise(SIGTERM);
		break;
	case 8:
		pause();
		break;
	case 9:
		return 0; /* returns from main */
	}
	_exit(99);
}

int main(void)
{
	static const char *names[] = {"_exit(0)",   "_exit(1)", "exit(42)",   "_exit(255)",
				      "_exit(263)", "abort",	"null write", "raise(SIGTERM)"};
	int status;
	for (int i = 0; i < 8; i++) {
		pid_t c = child(i);
		pid_t w = waitpid(c, &status, 0);
		if (w != c)
			printf("waitpid returned another pid\n");
		describe(names[i], status);
	}
	pid_t c = child(8);
	pid_t w = waitpid(c, &status, WNOHANG);
	printf("WNOHANG while it runs: %d\n", (int)w);
	kill(c, SIGKILL);
	w = waitpid(c, &status, 0);
	printf("same pid: %d\n", w == c);
	describe("SIGKILL", status);
	c = child(9);
	if (c == 0)
		return 3;
	waitpid(c, &status, 0);
	describe("return 3 from main", status);

	/* Three children that end in the order 2, 0, 1 (pipes order them); wait() sees that order.
	 */
	int go[3][2];
	pid_t kids[3];
	for (int i = 0; i < 3; i++)
		pipe(go[i]);
	fflush(stdout);
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			char b;
			read(go[i][0], &b, 1);
			_exit(10 + i);
		}
	}
	int order[3] = {2, 0, 1};
	for (int k = 0; k < 3; k++) {
		write(go[order[k]][1], "x", 1);
		w = wait(&status);
		int idx = w == kids[0] ? 0 : w == kids[1] ? 1 : w == kids[2] ? 2 : -1;
		printf("wait: child %d, exit %d\n", idx, WEXITSTATUS(status));
	}
	errno = 0;
	w = wait(&status);
	printf("no children: %d %s\n", (int)w, errno == ECHILD ? "ECHILD" : strerror(errno));
	errno = 0;
	w = waitpid(-1, &status, WNOHANG);
	printf("no children, WNOHANG: %d %s\n", (int)w,
	       errno == ECHILD ? "ECHILD" : strerror(errno));
	errno = 0;
	w = waitpid(getpid(), &status, 0);
	printf("waitpid(self): %d %s\n", (int)w, errno == ECHILD ? "ECHILD" : strerror(errno));
	errno = 0;
	w = waitpid(c, &status, 0);
	printf("waitpid of a reaped child: %d %s\n", (int)w,
	       errno == ECHILD ? "ECHILD" : strerror(errno));
	errno = 0;
	w = waitpid(-1, &status, 0x10);
	printf("bad options: %d %s\n", (int)w, errno == EINVAL ? "EINVAL" : strerror(errno));
	return 0;
}
