/* dup_fork.c - descriptors across fork: dup2 of stdout into a file, a shared file offset between
 * parent and child, O_APPEND, close-on-exec kept by fork, a closed descriptor stays closed. */
#include "fstest.h"
#include <sys/wait.h>

static void out(int fd, const char *s)
{
	write(fd, s, strlen(s));
}

int main(void)
{
	fst_enter();
	setvbuf(stdout, NULL, _IONBF, 0);
	int saved = dup(1);
	int f = open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	dup2(f, 1);
	out(1, "parent before fork\n");
	pid_t c = fork();
	if (c == 0) {
		out(1, "child writes through its stdout\n");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	out(1, "parent after the child\n");
	dup2(saved, 1);
	printf("offset shared with the child: %ld\n", (long)lseek(f, 0, SEEK_CUR));
	char buf[256];
	ssize_t n = pread(f, buf, sizeof(buf), 0);
	printf("file:\n%.*s", (int)n, buf);

	/* The child moves the offset; the parent sees it. */
	lseek(f, 0, SEEK_SET);
	c = fork();
	if (c == 0) {
		lseek(f, 7, SEEK_SET);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	n = read(f, buf, 6);
	printf("after the child's lseek: '%.*s'\n", (int)n, buf);
	close(f);

	/* O_APPEND from both. */
	int a = open("append", O_WRONLY | O_CREAT | O_APPEND, 0644);
	out(a, "1");
	c = fork();
	if (c == 0) {
		out(a, "2");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	out(a, "3\n");
	close(a);
	a = open("append", O_RDONLY);
	n = read(a, buf, sizeof(buf));
	printf("append: %.*s", (int)n, buf);
	close(a);

	/* Flags of descriptors in the child. */
	int ce = open("file", O_RDONLY | O_CLOEXEC);
	int nce = dup(ce);
	int closed = dup2(ce, 200);
	close(closed);
	int p[2];
	pipe(p);
	c = fork();
	if (c == 0) {
		char line[128];
		int len = snprintf(
		    line, sizeof(line), "child: cloexec %d, dup cloexec %d, closed fd %s\n",
		    !!(fcntl(ce, F_GETFD) & FD_CLOEXEC), !!(fcntl(nce, F_GETFD) & FD_CLOEXEC),
		    fcntl(closed, F_GETFD) < 0 && errno == EBADF ? "EBADF" : "open");
		write(p[1], line, len);
		close(ce); /* the parent's stays open */
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], buf, sizeof(buf));
	printf("%.*s", (int)n, buf);
	waitpid(c, NULL, 0);
	printf("parent's descriptor after the child closed its copy: %s\n",
	       fcntl(ce, F_GETFD) >= 0 ? "open" : "closed");
	/* dup2 onto itself, dup2 of a bad descriptor, F_DUPFD above a bound. */
	printf("dup2(ce, ce): %d\n", dup2(ce, ce) == ce);
	errno = 0;
	printf("dup2(bad): %d %s\n", dup2(999, 5), fst_errname(errno));
	int high = fcntl(ce, F_DUPFD, 100);
	printf("F_DUPFD 100: %d\n", high);
	printf("F_DUPFD_CLOEXEC keeps the flag: %d\n",
	       !!(fcntl(fcntl(nce, F_DUPFD_CLOEXEC, 0), F_GETFD) & FD_CLOEXEC));
	close(ce);
	close(nce);
	close(high);
	unlink("file");
	unlink("append");
	fst_leave();
	return 0;
}
