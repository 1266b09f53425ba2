/* fs_iov.c - readv and writev on files, partial reads, empty vectors; exit status 67. */
#include "fstest.h"
#include <sys/uio.h>

int main(void)
{
	char a[4], b[8], c[16];
	fst_enter();
	int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct iovec w[3] = {{"one ", 4}, {"", 0}, {"two three", 9}};
	fst_report("writev 3", writev(fd, w, 3));
	fst_report("writev 0", writev(fd, w, 0));
	volatile int bad = 2000;
	fst_report("writev 2000 vectors", writev(fd, w, bad));
	fst_report("lseek 0", lseek(fd, 0, SEEK_SET));
	memset(a, 0, sizeof(a)), memset(b, 0, sizeof(b)), memset(c, 0, sizeof(c));
	struct iovec r[3] = {{a, 3}, {b, 7}, {c, 15}};
	fst_report("readv (short)", readv(fd, r, 3));
	printf("a \"%s\" b \"%s\" c \"%s\"\n", a, b, c);
	fst_report("readv at end", readv(fd, r, 3));
	fst_report("preadv at 4", preadv(fd, r, 2, 4));
	printf("a \"%.3s\" b \"%.7s\"\n", a, b);
	fst_report("pwritev at 0", pwritev(fd, w, 1, 0));
	close(fd);
	fst_cat("f");
	fst_report("readv 99", readv(99, r, 1));
	fflush(stdout);
	struct iovec o[2] = {{"writev ", 7}, {"to stdout\n", 10}};
	fst_report("writev 1", writev(1, o, 2));
	unlink("f");
	fst_leave();
	return 67;
}
