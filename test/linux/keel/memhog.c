/* memhog.c - Keel only: a process that takes memory until there is none is stopped, and the others
 * go on. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Not a differential test (on the oracle's host the hog would take the host's memory).
 * A child maps and writes 1 MiB after 1 MiB; the Linux server ends it with SIGKILL when
 * its memory or the server's is used up (as Linux's OOM killer would), or mmap fails
 * with ENOMEM first. Then the parent, which was never disturbed, takes 4 MiB itself.
 */
int main(void)
{
	pid_t c = fork();
	if (c == 0) {
		for (int i = 0; i < 4096; i++) {
			char *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (m == MAP_FAILED)
				_exit(errno == ENOMEM ? 12 : 1);
			memset(m, i, 1 << 20);
		}
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	if (WIFSIGNALED(st))
		printf("the hog: killed by signal %d\n", WTERMSIG(st));
	else
		printf("the hog: exit %d%s\n", WEXITSTATUS(st),
		       WEXITSTATUS(st) == 12 ? " (ENOMEM)" : "");
	char *m = malloc(4 << 20);
	if (m)
		memset(m, 1, 4 << 20);
	printf("the parent still has memory: %s\n", m && m[(4 << 20) - 1] == 1 ? "yes" : "no");
	return 0;
}
