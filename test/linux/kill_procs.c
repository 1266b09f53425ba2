/* kill_procs.c - kill between processes: parent to child and back, kill(pid, 0), ESRCH for a
 * reaped child, EINVAL for a bad signal, a handler in the child that reports through a pipe. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int report_fd;
static volatile sig_atomic_t got;

static void on_term(int sig)
{
	char m[] = "child: handler for signal NN\n";
	m[26] = '0' + sig / 10;
	m[27] = '0' + sig % 10;
	write(report_fd, m, sizeof(m) - 1);
	_exit(sig);
}

static void on_usr1(int sig)
{
	got = sig;
}

int main(void)
{
	int p[2], status;
	char buf[128];
	pipe(p);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		report_fd = p[1];
		signal(SIGTERM, on_term);
		write(p[1], "ready\n", 6);
		for (;;)
			pause();
	}
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof(buf));
	printf("from the child: %.*s", (int)n, buf);
	printf("kill(child, 0): %d\n", kill(c, 0));
	kill(c, SIGTERM);
	n = read(p[0], buf, sizeof(buf));
	printf("from the child: %.*s", (int)n, buf);
	waitpid(c, &status, 0);
	printf("child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	errno = 0;
	printf("kill of the reaped child: %d %s\n", kill(c, SIGTERM),
	       errno == ESRCH ? "ESRCH" : strerror(errno));
	errno = 0;
	printf("kill with signal 65: %d %s\n", kill(getpid(), 65),
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	close(p[0]);

	/* The child signals the parent, which waits in pause(). */
	signal(SIGUSR1, on_usr1);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid_t parent = getpid();
	fflush(stdout);
	c = fork();
	if (c == 0) {
		kill(parent, SIGUSR1);
		_exit(0);
	}
	while (!got)
		sigsuspend(&old);
	printf("parent got signal %d from the child\n", (int)got);
	waitpid(c, &status, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* A zombie still exists for kill(pid, 0). */
	fflush(stdout);
	c = fork();
	if (c == 0)
		_exit(5);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	printf("zombie: kill(pid, 0) %d, waitid code %s status %d\n", kill(c, 0),
	       si.si_code == CLD_EXITED ? "CLD_EXITED" : "?", si.si_status);
	waitpid(c, &status, 0);
	printf("reaped: exit %d\n", WEXITSTATUS(status));

	/* SIGCHLD with a handler: it arrives when the child ends. */
	fflush(stdout);
	got = 0;
	signal(SIGCHLD, on_usr1);
	c = fork();
	if (c == 0)
		_exit(0);
	while (!got)
		sigsuspend(&old);
	printf("SIGCHLD handler: signal %d\n", (int)got);
	waitpid(c, &status, 0);

	/* Kill with SIGKILL a child that ignores and blocks everything it can. */
	fflush(stdout);
	pipe(p);
	c = fork();
	if (c == 0) {
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		for (int s = 1; s < 32; s++)
			signal(s, SIG_IGN);
		write(p[1], "x", 1);
		for (;;)
			pause();
	}
	read(p[0], buf, 1);
	kill(c, SIGTERM);
	kill(c, SIGKILL);
	waitpid(c, &status, 0);
	printf("stubborn child: %s %d\n", WIFSIGNALED(status) ? "signal" : "exit",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	return 0;
}
