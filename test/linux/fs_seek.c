/* fs_seek.c - lseek, holes, O_APPEND, pread/pwrite, _llseek; exit status 53. */
#include "fstest.h"

static void dump(int fd, off_t off, int n)
{
	unsigned char buf[64];
	ssize_t r = pread(fd, buf, (size_t)n, off);
	printf("pread %d at %ld = %zd:", n, (long)off, r);
	for (ssize_t i = 0; i < r; i++)
		printf(" %02x", buf[i]);
	printf("\n");
}

int main(void)
{
	fst_enter();
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	fst_report("write", write(fd, "abc", 3));
	fst_report("lseek 10 SEEK_SET", lseek(fd, 10, SEEK_SET));
	fst_report("write", write(fd, "XY", 2));
	fst_stat("f");
	dump(fd, 0, 16);
	fst_report("lseek 0 SEEK_CUR", lseek(fd, 0, SEEK_CUR));
	fst_report("lseek -2 SEEK_END", lseek(fd, -2, SEEK_END));
	fst_report("lseek -100 SEEK_CUR", lseek(fd, -100, SEEK_CUR));
	fst_report("lseek 0 whence 7", lseek(fd, 0, 7));
	fst_report("lseek 0 SEEK_CUR (unchanged)", lseek(fd, 0, SEEK_CUR));
	fst_report("lseek 100000 SEEK_SET", lseek(fd, 100000, SEEK_SET));
	fst_report("write", write(fd, "Z", 1));
	fst_stat("f");
	dump(fd, 99990, 11);
	dump(fd, 5000, 4);
	fst_report("pwrite at 1", pwrite(fd, "ZZ", 2, 1));
	fst_report("lseek 0 SEEK_CUR (pwrite keeps it)", lseek(fd, 0, SEEK_CUR));
	dump(fd, 0, 5);
	fst_report("pread at -1", pread(fd, (char[4]){0}, 4, -1));
	fst_report("pread past end", pread(fd, (char[4]){0}, 4, 200000));
	off64_t big = lseek64(fd, 5000000000LL, SEEK_SET);
	printf("lseek64 5000000000 = %lld\n", (long long)big);
	fst_report("lseek 0 SEEK_CUR (too big for off_t)", lseek(fd, 0, SEEK_CUR));
	close(fd);
	fd = open("f", O_WRONLY | O_APPEND);
	fst_report("lseek 0 SEEK_SET", lseek(fd, 0, SEEK_SET));
	fst_report("write O_APPEND", write(fd, "END", 3));
	fst_report("lseek 0 SEEK_CUR", lseek(fd, 0, SEEK_CUR));
	close(fd);
	fd = open("f", O_RDONLY);
	dump(fd, 99998, 8);
	close(fd);
	fst_stat("f");
	fst_report("lseek on stdout", lseek(1, 0, SEEK_CUR));
	fst_report("lseek on fd 77", lseek(77, 0, SEEK_CUR));
	unlink("f");
	fst_leave();
	return 53;
}
