/* stop_cont.c - job control signals: SIGSTOP stops a child, wait reports it (WUNTRACED,
 * waitid WSTOPPED), SIGCONT goes on (WCONTINUED), SIGKILL ends a stopped one. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t chld;

static void on_chld(int sig)
{
	(void)sig;
	chld++;
}

/* A child that reads from pipe @p until end of file, then exits 4. */
static pid_t reader(const int *p)
{
	pid_t c = fork();
	if (c == 0) {
		char b;
		close(p[1]);
		while (read(p[0], &b, 1) > 0)
			;
		_exit(4);
	}
	return c;
}

int main(void)
{
	int p[2], st;
	if (pipe(p))
		return 1;
	fflush(stdout);
	pid_t c = reader(p);
	kill(c, SIGSTOP);
	pid_t w = waitpid(c, &st, WUNTRACED);
	printf("SIGSTOP: reported %d, stopped %d by %d\n", w == c, WIFSTOPPED(st), WSTOPSIG(st));
	printf("again with WNOHANG: %d\n", waitpid(c, &st, WUNTRACED | WNOHANG));
	kill(c, SIGCONT);
	w = waitpid(c, &st, WCONTINUED);
	printf("SIGCONT: reported %d, continued %d\n", w == c, WIFCONTINUED(st));
	kill(c, SIGSTOP);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WSTOPPED);
	printf("SIGSTOP: waitid code %s, status %d\n",
	       si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "?", si.si_status);
	kill(c, SIGCONT);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WCONTINUED);
	printf("SIGCONT: waitid code %s\n", si.si_code == CLD_CONTINUED ? "CLD_CONTINUED" : "?");
	close(p[1]);
	waitpid(c, &st, 0);
	printf("end of input: exit %d\n", WEXITSTATUS(st));

	/* A stopped child that is killed; SIGCHLD comes for the stop and the end. (SIGSTOP
	 * only: the oracle, qemu-user, emulates the catchable stop signals itself.) */
	if (pipe(p))
		return 1;
	signal(SIGCHLD, on_chld);
	c = reader(p);
	kill(c, SIGSTOP);
	waitpid(c, &st, WUNTRACED);
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	printf("stopped, then SIGKILL: signal %d, SIGCHLD at least twice %d\n", WTERMSIG(st),
	       chld >= 2);
	return 0;
}
