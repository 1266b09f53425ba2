/* fs_basic.c - create, write, read, stat and unlink files: O_CREAT, O_EXCL, O_TRUNC; exit
 * status 37. */
#include "fstest.h"

int main(void)
{
	char buf[64];
	fst_enter();
	int fd = open("a.txt", O_RDWR | O_CREAT | O_EXCL, 0640);
	fst_report("open a.txt O_CREAT|O_EXCL", fd >= 0 ? 0 : -1);
	fst_report("write", write(fd, "hello, file\n", 12));
	fst_report("lseek 0", lseek(fd, 0, SEEK_SET));
	memset(buf, 0, sizeof(buf));
	fst_report("read 64", read(fd, buf, sizeof(buf)));
	printf("got \"%s\"\n", buf);
	fst_report("read at end", read(fd, buf, sizeof(buf)));
	fst_report("close", close(fd));
	fst_report("close again", close(fd));
	fst_stat("a.txt");
	fst_report("open O_EXCL again", open("a.txt", O_RDWR | O_CREAT | O_EXCL, 0600));
	fst_report("open missing", open("missing", O_RDONLY));
	fst_report("open missing/x O_CREAT", open("missing/x", O_RDWR | O_CREAT, 0600));
	fd = open("a.txt", O_WRONLY | O_TRUNC);
	fst_report("open O_TRUNC", fd >= 0 ? 0 : -1);
	fst_stat("a.txt");
	fst_report("read on O_WRONLY", read(fd, buf, 4));
	fst_report("write 3", write(fd, "abc", 3));
	close(fd);
	fst_cat("a.txt");
	fd = open("a.txt", O_RDONLY);
	fst_report("write on O_RDONLY", write(fd, "x", 1));
	close(fd);
	fd = creat("b.txt", 0600);
	fst_report("creat b.txt", fd >= 0 ? 0 : -1);
	fst_report("write", write(fd, "0123456789", 10));
	close(fd);
	fst_stat("b.txt");
	FILE *f = fopen("c.txt", "w");
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d\n", i);
	fclose(f);
	fst_stat("c.txt");
	f = fopen("c.txt", "r");
	int lines = 0;
	long sum = 0;
	while (fgets(buf, sizeof(buf), f)) {
		lines++;
		sum += atoi(buf + 5);
	}
	fclose(f);
	printf("c.txt: %d lines, sum %ld\n", lines, sum);
	fst_report("unlink a.txt", unlink("a.txt"));
	fst_report("unlink a.txt again", unlink("a.txt"));
	fst_stat("a.txt");
	fst_ls(".");
	fst_leave();
	return 37;
}
