/* fs_trunc.c - truncate and ftruncate: shrink, grow with zeros, errors; exit status 61. */
#include "fstest.h"

static void show(const char *name)
{
	unsigned char buf[32];
	int fd = open(name, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf));
	close(fd);
	printf("%s (%zd):", name, n);
	for (ssize_t i = 0; i < n; i++)
		printf(" %02x", buf[i]);
	printf("\n");
}

int main(void)
{
	fst_enter();
	fst_put("f", "abcdefghijklmnop");
	fst_report("truncate f 5", truncate("f", 5));
	show("f");
	fst_report("truncate f 12 (zeros)", truncate("f", 12));
	show("f");
	fst_stat("f");
	fst_report("truncate f -1", truncate("f", -1));
	fst_report("truncate missing", truncate("missing", 0));
	mkdir("d", 0755);
	fst_report("truncate d", truncate("d", 0));
	int fd = open("f", O_RDWR);
	fst_report("ftruncate 3", ftruncate(fd, 3));
	fst_report("lseek 0 SEEK_CUR", lseek(fd, 0, SEEK_CUR));
	fst_report("ftruncate 8192", ftruncate(fd, 8192));
	fst_stat("f");
	fst_report("pwrite at 8190", pwrite(fd, "!!!!", 4, 8190));
	fst_stat("f");
	fst_report("ftruncate 0", ftruncate(fd, 0));
	fst_report("write", write(fd, "x", 1));
	fst_report("lseek 0 SEEK_END", lseek(fd, 0, SEEK_END));
	close(fd);
	show("f");
	fd = open("f", O_RDONLY);
	fst_report("ftruncate on O_RDONLY", ftruncate(fd, 0));
	close(fd);
	fst_report("ftruncate on stdout", ftruncate(1, 0));
	fst_report("ftruncate 99", ftruncate(99, 0));
	/* A file of 1 MiB written in pieces, then cut to an odd length and grown again. */
	fd = open("big", O_RDWR | O_CREAT, 0644);
	static char chunk[4000];
	for (int i = 0; i < (int)sizeof(chunk); i++)
		chunk[i] = (char)('a' + i % 26);
	long total = 0;
	while (total < (1 << 20))
		total += write(fd, chunk, sizeof(chunk));
	fst_stat("big");
	fst_report("ftruncate big 4097", ftruncate(fd, 4097));
	fst_report("ftruncate big 10000", ftruncate(fd, 10000));
	unsigned char buf[8];
	fst_report("pread 4 at 4095", pread(fd, buf, 4, 4095));
	printf("bytes %02x %02x %02x %02x\n", buf[0], buf[1], buf[2], buf[3]);
	close(fd);
	fst_stat("big");
	fst_leave();
	return 61;
}
