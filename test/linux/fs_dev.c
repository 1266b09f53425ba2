/* fs_dev.c - /dev/null, /dev/zero, /dev/urandom: reads, writes, types; exit status 73. */
#include "fstest.h"

int main(void)
{
	unsigned char buf[64];
	struct stat st;
	int fd = open("/dev/null", O_RDWR);
	fst_report("open /dev/null", fd >= 0 ? 0 : -1);
	fst_report("read /dev/null", read(fd, buf, sizeof(buf)));
	fst_report("write /dev/null", write(fd, "gone", 4));
	fst_report("lseek /dev/null", lseek(fd, 10, SEEK_SET));
	fstat(fd, &st);
	fst_mode("/dev/null", st.st_mode);
	close(fd);
	fd = open("/dev/zero", O_RDWR);
	memset(buf, 0xaa, sizeof(buf));
	fst_report("read /dev/zero", read(fd, buf, sizeof(buf)));
	int zero = 1;
	for (size_t i = 0; i < sizeof(buf); i++)
		zero &= buf[i] == 0;
	printf("all zero: %s\n", zero ? "yes" : "no");
	fst_report("write /dev/zero", write(fd, "x", 1));
	stat("/dev/zero", &st);
	fst_mode("/dev/zero", st.st_mode);
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	fst_report("read /dev/urandom", read(fd, buf, 32));
	close(fd);
	stat("/dev/urandom", &st);
	fst_mode("/dev/urandom", st.st_mode);
	FILE *f = fopen("/dev/null", "w");
	fprintf(f, "nothing %d\n", 42);
	fst_report("fclose /dev/null", fclose(f));
	fst_report("open /dev/nonexistent", open("/dev/nonexistent", O_RDONLY));
	fst_report("stat /tmp", stat("/tmp", &st));
	fst_mode("/tmp", st.st_mode);
	fst_report("stat /", stat("/", &st));
	fst_mode("/", st.st_mode);
	fst_report("stat /..", stat("/..", &st));
	return 73;
}
