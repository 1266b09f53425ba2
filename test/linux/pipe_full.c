/* pipe_full.c - blocking writes into a pipe that is full: each waits for room and writes all
 * (never 0, which made busybox's write loop spin), whatever order the processes run in. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char big[200000];

int main(void)
{
	int p[2];
	if (pipe(p) != 0) {
		printf("pipe: %s\n", strerror(errno));
		return 1;
	}
	/* Fill it: non-blocking writes until EAGAIN. */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	long fill = 0;
	char page[4096];
	memset(page, 'f', sizeof(page));
	for (;;) {
		ssize_t n = write(p[1], page, sizeof(page));
		if (n > 0) {
			fill += n;
			continue;
		}
		if (write(p[1], page, 1) == 1) { /* room for less than a page */
			fill++;
			continue;
		}
		break;
	}
	printf("full: errno EAGAIN %d\n", errno == EAGAIN);
	fcntl(p[1], F_SETFL, 0);
	long expect = fill + 1 + 100 + (long)sizeof(big) + 4096;
	pid_t child = fork();
	if (child == 0) {
		close(p[1]);
		char buf[8192];
		long total = 0;
		ssize_t n;
		while ((n = read(p[0], buf, sizeof(buf))) > 0)
			total += n;
		printf("child read all: %d\n", total == expect);
		fflush(stdout);
		_exit(0);
	}
	close(p[0]);
	/* Each of these finds the pipe full or nearly so: it waits for the reader. */
	printf("write 1: %zd\n", write(p[1], "x", 1));
	printf("write 100: %zd\n", write(p[1], big, 100));
	printf("write 200000: %zd\n", write(p[1], big, sizeof(big)));
	printf("write 4096: %zd\n", write(p[1], page, sizeof(page)));
	fflush(stdout);
	close(p[1]);
	int status = 0;
	waitpid(child, &status, 0);
	printf("child exit: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
