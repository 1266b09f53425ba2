/* hello.c - write(2), writev(2) and stdio to stdout and stderr, then exit status 7. */
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static void put(int fd, const char *s)
{
	/* The write is checked: a short or failed write would be a server bug. */
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		_exit(1);
}

int main(void)
{
	put(1, "hello from a Linux program\n");
	put(2, "hello on stderr\n");

	/* writev: three pieces, the server sees one call. */
	struct iovec iov[3] = {
	    {.iov_base = "writev ", .iov_len = 7},
	    {.iov_base = "in ", .iov_len = 3},
	    {.iov_base = "pieces\n", .iov_len = 7},
	};
	if (writev(1, iov, 3) != 17)
		return 1;

	/* More than 128 bytes in one write: the server splits it over several lines. */
	char big[300];
	for (int i = 0; i < (int)sizeof(big) - 1; i++)
		big[i] = (char)('a' + i % 26);
	big[sizeof(big) - 1] = '\n';
	if (write(1, big, sizeof(big)) != (ssize_t)sizeof(big))
		return 1;

	/* Bytes that are not text go through unchanged. */
	static const char raw[] = {0, 1, 2, '\r', '\t', (char)0x7f, (char)0x80, (char)0xff, '\n'};
	if (write(1, raw, sizeof(raw)) != (ssize_t)sizeof(raw))
		return 1;

	/* An empty write writes nothing and returns 0. */
	if (write(1, "", 0) != 0)
		return 1;

	/* stdio: stdout is fully buffered (not a terminal), stderr unbuffered. */
	printf("printf %d %s\n", 42, "done");
	fprintf(stderr, "fprintf to stderr\n");
	return 7;
}
