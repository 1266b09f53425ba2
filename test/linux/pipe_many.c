/* pipe_many.c - as many pipes as descriptors allow (EMFILE at RLIMIT_NOFILE), all usable, and pipes
 * again once they are closed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define MAX_PIPES 600

static int fds[MAX_PIPES][2];

int main(void)
{
	/* The oracle's host may allow more: both run with Keel's documented limit. */
	struct rlimit lim = {1024, 1024};
	setrlimit(RLIMIT_NOFILE, &lim);
	int n = 0;
	while (n < MAX_PIPES && pipe(fds[n]) == 0)
		n++;
	printf("pipes: %d, then %s\n", n, n < MAX_PIPES ? strerror(errno) : "none");
	/* Every one of them carries a byte: none is only a pair of numbers. */
	int ok = 0;
	for (int i = 0; i < n; i++) {
		char c = (char)i, back = 0;
		ok += write(fds[i][1], &c, 1) == 1 && read(fds[i][0], &back, 1) == 1 && back == c;
	}
	printf("carrying a byte: %d\n", ok);
	for (int i = 0; i < n; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	int again[2];
	printf("a pipe after closing them: %s\n", pipe(again) == 0 ? "yes" : strerror(errno));
	return 0;
}
