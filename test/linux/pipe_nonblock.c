/* pipe_nonblock.c - O_NONBLOCK pipes: EAGAIN on empty and full, the capacity (F_GETPIPE_SZ and
 * what fits), F_SETPIPE_SZ, a partial write of what fits, an atomic small write that does not fit,
 * end of file without writers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *err(int e)
{
	return e == EAGAIN ? "EAGAIN" : e == EINVAL ? "EINVAL" : e == EBADF ? "EBADF" : strerror(e);
}

static char big[1 << 20];

int main(void)
{
	int p[2];
	char buf[100];
	pipe(p);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
	errno = 0;
	ssize_t n = read(p[0], buf, sizeof(buf));
	printf("empty: read %zd %s\n", n, err(errno));
	int size = fcntl(p[0], F_GETPIPE_SZ);
	printf("F_GETPIPE_SZ %d\n", size);
	long total = 0;
	for (;;) {
		n = write(p[1], big, 4096);
		if (n < 0)
			break;
		total += n;
	}
	printf("filled with 4096-byte writes: %ld bytes, then %s\n", total, err(errno));
	n = read(p[0], buf, 50);
	printf("read %zd\n", n);
	errno = 0;
	n = write(p[1], buf, 100);
	printf("write of 100 into 50 free: %zd %s\n", n, err(errno));
	long drained = 0;
	while ((n = read(p[0], big, sizeof(big))) > 0)
		drained += n;
	printf("drained %ld, then %s\n", drained, err(errno));
	n = write(p[1], big, sizeof(big));
	printf("write of 1 MiB into an empty pipe: %zd\n", n);
	drained = 0;
	while ((n = read(p[0], big, 4096)) > 0)
		drained += n;
	printf("drained %ld\n", drained);

	int r = fcntl(p[1], F_SETPIPE_SZ, 4096);
	printf("F_SETPIPE_SZ 4096: %d, now %d\n", r, fcntl(p[1], F_GETPIPE_SZ));
	total = 0;
	while ((n = write(p[1], buf, 1)) > 0)
		total++;
	printf("a 4096-byte pipe holds %ld bytes\n", total);
	errno = 0;
	r = fcntl(p[1], F_SETPIPE_SZ, 0);
	printf("F_SETPIPE_SZ 0: %d -> %d\n", r, fcntl(p[1], F_GETPIPE_SZ));
	while (read(p[0], buf, sizeof(buf)) > 0)
		;
	close(p[1]);
	errno = 0;
	n = read(p[0], buf, sizeof(buf));
	printf("no writer, nonblocking: read %zd %s\n", n, errno ? err(errno) : "no error");
	return 0;
}
