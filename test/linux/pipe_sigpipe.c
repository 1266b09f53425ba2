/* pipe_sigpipe.c - writing to a pipe without readers: SIGPIPE kills by default, EPIPE with
 * SIG_IGN, a handler runs first; a reader that leaves in the middle of a stream. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_pipe(int sig)
{
	got = sig;
}

static void report(const char *what, int status)
{
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d%s\n", what, WTERMSIG(status),
		       WTERMSIG(status) == SIGPIPE ? " (SIGPIPE)" : "");
	else
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
}

int main(void)
{
	int p[2], status;
	char buf[4096];

	pipe(p);
	close(p[0]);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		write(p[1], "x", 1);
		_exit(0); /* not reached */
	}
	waitpid(c, &status, 0);
	report("default action", status);

	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	ssize_t n = write(p[1], "x", 1);
	printf("ignored: write %zd, %s\n", n, errno == EPIPE ? "EPIPE" : strerror(errno));

	signal(SIGPIPE, on_pipe);
	errno = 0;
	n = write(p[1], "x", 1);
	printf("handler: write %zd, %s, handler saw %d\n", n,
	       errno == EPIPE ? "EPIPE" : strerror(errno), (int)got);
	close(p[1]);

	/* A reader takes 10 bytes and leaves; the writer writes until it dies. */
	signal(SIGPIPE, SIG_DFL);
	pipe(p);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		close(p[0]);
		memset(buf, 'a', sizeof(buf));
		for (;;)
			write(p[1], buf, sizeof(buf));
	}
	close(p[1]);
	n = read(p[0], buf, 10);
	printf("reader got %zd bytes\n", n);
	close(p[0]);
	waitpid(c, &status, 0);
	report("endless writer", status);

	/* SIGPIPE blocked: EPIPE, and the signal is left pending. */
	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pipe(p);
	close(p[0]);
	errno = 0;
	n = write(p[1], "x", 1);
	sigpending(&pend);
	printf("blocked: write %zd, %s, pending %d\n", n,
	       errno == EPIPE ? "EPIPE" : strerror(errno), sigismember(&pend, SIGPIPE));
	signal(SIGPIPE, SIG_IGN);
	sigpending(&pend);
	printf("after SIG_IGN pending %d\n", sigismember(&pend, SIGPIPE));
	return 0;
}
