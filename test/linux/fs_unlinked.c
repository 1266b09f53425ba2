/* fs_unlinked.c - an open file outlives its names: read, write, fstat after unlink; exit status 71.
 */
#include "fstest.h"

int main(void)
{
	char buf[64];
	struct stat st;
	fst_enter();
	fst_put("f", "still here");
	int fd = open("f", O_RDWR);
	link("f", "g");
	fst_report("unlink f", unlink("f"));
	fst_report("fstat", fstat(fd, &st));
	printf("nlink %u size %lld\n", (unsigned)st.st_nlink, (long long)st.st_size);
	fst_report("unlink g", unlink("g"));
	fst_report("fstat", fstat(fd, &st));
	printf("nlink %u size %lld\n", (unsigned)st.st_nlink, (long long)st.st_size);
	memset(buf, 0, sizeof(buf));
	fst_report("read", read(fd, buf, sizeof(buf)));
	printf("got \"%s\"\n", buf);
	fst_report("write", write(fd, " and more", 9));
	memset(buf, 0, sizeof(buf));
	fst_report("pread", pread(fd, buf, sizeof(buf), 0));
	printf("got \"%s\"\n", buf);
	fst_report("open f", open("f", O_RDONLY));
	fst_report("close", close(fd));
	/* A directory that is removed while open. */
	mkdir("d", 0755);
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	fst_report("rmdir d", rmdir("d"));
	fst_report("fstat d", fstat(dfd, &st));
	printf("nlink %u\n", (unsigned)st.st_nlink);
	fst_report("openat in removed d", openat(dfd, "x", O_RDWR | O_CREAT, 0644));
	fst_report("mkdirat in removed d", mkdirat(dfd, "x", 0755));
	close(dfd);
	fst_ls(".");
	fst_leave();
	return 71;
}
