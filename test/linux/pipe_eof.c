/* pipe_eof.c - pipes: data in order, partial reads, end of file once every writer is closed
 * (also a forked child's copy), fstat of both ends, pipe2 flags, EBADF on the wrong end. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *s)
{
	write(1, s, strlen(s));
}

int main(void)
{
	char buf[64], line[128];
	int p[2];
	if (pipe(p) != 0) {
		printf("pipe: %s\n", strerror(errno));
		return 1;
	}
	struct stat st;
	fstat(p[0], &st);
	printf("read end is a fifo: %d\n", S_ISFIFO(st.st_mode));
	fstat(p[1], &st);
	printf("write end is a fifo: %d\n", S_ISFIFO(st.st_mode));
	printf("read end O_RDONLY: %d, write end O_WRONLY: %d\n",
	       (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY,
	       (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
	write(p[1], "hello ", 6);
	write(p[1], "world", 5);
	ssize_t n = read(p[0], buf, 3);
	printf("partial read: %zd '%.*s'\n", n, (int)n, buf);
	n = read(p[0], buf, sizeof(buf));
	printf("rest in one read: %zd '%.*s'\n", n, (int)n, buf);
	errno = 0;
	n = write(p[0], "x", 1);
	printf("write to the read end: %zd %s\n", n, errno == EBADF ? "EBADF" : strerror(errno));
	errno = 0;
	n = read(p[1], buf, 1);
	printf("read from the write end: %zd %s\n", n, errno == EBADF ? "EBADF" : strerror(errno));
	errno = 0;
	printf("lseek: %ld %s\n", (long)lseek(p[0], 0, SEEK_SET), errno == ESPIPE ? "ESPIPE" : "?");
	close(p[1]);
	n = read(p[0], buf, sizeof(buf));
	printf("after the writer closed: %zd\n", n);
	n = read(p[0], buf, sizeof(buf));
	printf("and again: %zd\n", n);
	close(p[0]);

	/* The end of file waits for the child's copy of the write end too. */
	pipe(p);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		for (int i = 0; i < 3; i++) {
			snprintf(line, sizeof(line), "child line %d\n", i);
			write(p[1], line, strlen(line));
			usleep(10000);
		}
		_exit(0);
	}
	close(p[1]);
	size_t total = 0;
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		memcpy(line + total, buf, n);
		total += n;
	}
	line[total] = 0;
	say(line);
	printf("end of file after %zu bytes: %zd\n", total, n);
	int status;
	waitpid(c, &status, 0);
	printf("child exited %d\n", WEXITSTATUS(status));
	close(p[0]);

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
		printf("pipe2: %s\n", strerror(errno));
		return 1;
	}
	printf("pipe2: cloexec %d %d, nonblock %d %d\n", !!(fcntl(p[0], F_GETFD) & FD_CLOEXEC),
	       !!(fcntl(p[1], F_GETFD) & FD_CLOEXEC), !!(fcntl(p[0], F_GETFL) & O_NONBLOCK),
	       !!(fcntl(p[1], F_GETFL) & O_NONBLOCK));
	errno = 0;
	printf("pipe2 bad flags: %d %s\n", pipe2(p, 0x7fff0000),
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	return 0;
}
