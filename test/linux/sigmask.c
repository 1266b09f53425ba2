/* sigmask.c - signal masks: sigprocmask and pending signals, unblocking runs the handler,
 * sigsuspend woken by a child's kill, the mask inherited by a child, SIGKILL not blockable. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, usr2;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2++;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);

	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	printf("USR1 blocked before: %d\n", sigismember(&old, SIGUSR1));
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	sigpending(&pend);
	printf("pending USR1 %d, handler ran %d times\n", sigismember(&pend, SIGUSR1), (int)usr1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("after unblocking: handler ran %d time(s) (standard signals do not queue)\n",
	       (int)usr1);
	sigpending(&pend);
	printf("pending USR1 now %d\n", sigismember(&pend, SIGUSR1));

	sigprocmask(SIG_SETMASK, NULL, &old);
	printf("mask has USR1 %d\n", sigismember(&old, SIGUSR1));
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &old);
	printf("KILL and STOP stay unblocked: %d %d\n", sigismember(&old, SIGKILL),
	       sigismember(&old, SIGSTOP));
	errno = 0;
	printf("bad how: %d %s\n", sigprocmask(12345, &set, NULL),
	       errno == EINVAL ? "EINVAL" : strerror(errno));

	/* USR1 is blocked: a child inherits the mask, and the parent waits with sigsuspend. */
	fflush(stdout);
	pid_t parent = getpid();
	pid_t c = fork();
	if (c == 0) {
		sigset_t m;
		sigprocmask(SIG_SETMASK, NULL, &m);
		char line[64];
		int len = snprintf(line, sizeof(line), "child inherits USR1 blocked: %d\n",
				   sigismember(&m, SIGUSR1));
		write(1, line, len);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	sigset_t wait_mask;
	sigemptyset(&wait_mask);
	usr1 = 0;
	while (!usr1)
		sigsuspend(&wait_mask);
	printf("sigsuspend returned after the child's USR1, errno %s\n",
	       errno == EINTR ? "EINTR" : "?");
	sigprocmask(SIG_SETMASK, NULL, &old);
	printf("mask restored: USR1 blocked %d\n", sigismember(&old, SIGUSR1));
	waitpid(c, NULL, 0);

	/* Several pending signals: both handlers run on unblocking. */
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	usr1 = usr2 = 0;
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigpending(&pend);
	printf("pending USR1 %d USR2 %d\n", sigismember(&pend, SIGUSR1),
	       sigismember(&pend, SIGUSR2));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("handlers: USR1 %d USR2 %d\n", (int)usr1, (int)usr2);

	/* A blocked SIGTERM with the default action stays pending until ignored. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGTERM);
	sigpending(&pend);
	printf("pending TERM %d\n", sigismember(&pend, SIGTERM));
	signal(SIGTERM, SIG_IGN);
	sigpending(&pend);
	printf("pending TERM after SIG_IGN %d\n", sigismember(&pend, SIGTERM));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("still alive\n");
	return 0;
}
