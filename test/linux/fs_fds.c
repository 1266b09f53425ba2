/* fs_fds.c - dup, dup2, dup3, fcntl: lowest free descriptors, shared offsets, flags, stdout
 * redirected; exit status 59. */
#include "fstest.h"

int main(void)
{
	char buf[32];
	fst_enter();
	int a = open("f", O_RDWR | O_CREAT, 0644);
	printf("first fd %d\n", a);
	int b = dup(a);
	printf("dup fd %d\n", b);
	fst_report("write via a", write(a, "0123456789", 10));
	fst_report("lseek 0 SEEK_CUR via b (shared)", lseek(b, 0, SEEK_CUR));
	fst_report("lseek 2 SEEK_SET via b", lseek(b, 2, SEEK_SET));
	memset(buf, 0, sizeof(buf));
	fst_report("read 3 via a", read(a, buf, 3));
	printf("got \"%s\"\n", buf);
	fst_report("dup2 a 10", dup2(a, 10));
	fst_report("dup2 a a", dup2(a, a));
	fst_report("dup2 99 10", dup2(99, 10));
	fst_report("dup2 a -1", dup2(a, -1));
	fst_report("dup3 a a", dup3(a, a, 0));
	fst_report("dup3 a 11 O_CLOEXEC", dup3(a, 11, O_CLOEXEC));
	fst_report("dup3 a 12 bad flags", dup3(a, 12, 1));
	fst_report("F_GETFD 11", fcntl(11, F_GETFD));
	fst_report("F_GETFD 10", fcntl(10, F_GETFD));
	fst_report("F_SETFD 10 FD_CLOEXEC", fcntl(10, F_SETFD, FD_CLOEXEC));
	fst_report("F_GETFD 10", fcntl(10, F_GETFD));
	fst_report("F_DUPFD a 20", fcntl(a, F_DUPFD, 20));
	fst_report("F_DUPFD a 20 again", fcntl(a, F_DUPFD, 20));
	fst_report("F_DUPFD_CLOEXEC a 0", fcntl(a, F_DUPFD_CLOEXEC, 0));
	fst_report("F_GETFD of it", fcntl(5, F_GETFD));
	fst_report("F_DUPFD a 100000", fcntl(a, F_DUPFD, 100000));
	int fl = fcntl(a, F_GETFL);
	printf("F_GETFL a: accmode %d append %d\n", fl & O_ACCMODE, !!(fl & O_APPEND));
	fst_report("F_SETFL b O_APPEND", fcntl(b, F_SETFL, O_APPEND));
	fl = fcntl(a, F_GETFL);
	printf("F_GETFL a: accmode %d append %d (shared)\n", fl & O_ACCMODE, !!(fl & O_APPEND));
	fst_report("lseek 0 SEEK_SET", lseek(a, 0, SEEK_SET));
	fst_report("write via a (appends)", write(a, "AB", 2));
	fst_report("lseek 0 SEEK_CUR", lseek(a, 0, SEEK_CUR));
	fst_report("fcntl 99 F_GETFD", fcntl(99, F_GETFD));
	fst_report("fcntl a cmd 9999", fcntl(a, 9999));
	fst_report("close a", close(a));
	fst_report("read via b after close a", pread(b, buf, 4, 0));
	fst_report("close 10", close(10));
	fst_report("close 11", close(11));
	fst_report("close 20", close(20));
	fst_report("close 5", close(5));
	int c = open("f", O_RDONLY);
	printf("reopen fd %d (lowest free)\n", c);
	close(c);
	/* stdout into a file and back */
	fflush(stdout);
	int saved = dup(1);
	int out = open("out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(out, 1);
	close(out);
	printf("this line goes to the file\n");
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	fst_cat("out");
	fst_report("F_GETFL 1 accmode", fcntl(1, F_GETFL) & O_ACCMODE);
	fst_report("write to a dup of stderr", 0);
	fflush(stdout);
	int e = dup(2);
	write(e, "to stderr via dup\n", 18);
	close(e);
	close(b);
	unlink("f");
	unlink("out");
	fst_leave();
	return 59;
}
