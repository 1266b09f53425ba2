/* fs_dirs.c - mkdir, rmdir, listing, directory link counts and their errors; exit status 41. */
#include "fstest.h"

int main(void)
{
	fst_enter();
	fst_report("mkdir d", mkdir("d", 0755));
	fst_report("mkdir d again", mkdir("d", 0755));
	fst_report("mkdir d/e", mkdir("d/e", 0700));
	fst_report("mkdir d/f/", mkdir("d/f/", 0755));
	fst_report("mkdir x/y", mkdir("x/y", 0755));
	fst_put("d/file", "data");
	fst_report("mkdir d/file/z", mkdir("d/file/z", 0755));
	fst_report("mkdir .", mkdir(".", 0755));
	fst_stat("d");
	fst_stat("d/e");
	fst_ls("d");
	fst_ls("d/e");
	fst_report("rmdir d", rmdir("d"));
	fst_report("rmdir d/file", rmdir("d/file"));
	fst_report("rmdir d/missing", rmdir("d/missing"));
	fst_report("rmdir d/e/.", rmdir("d/e/."));
	fst_report("unlink d/e", unlink("d/e"));
	fst_report("open d O_WRONLY", open("d", O_WRONLY));
	fst_report("open d/file O_DIRECTORY", open("d/file", O_RDONLY | O_DIRECTORY));
	int fd = open("d", O_RDONLY | O_DIRECTORY);
	char c;
	fst_report("read on a directory", read(fd, &c, 1));
	close(fd);
	fst_report("rmdir d/e", rmdir("d/e"));
	fst_report("rmdir d/f", rmdir("d/f"));
	fst_stat("d");
	for (int i = 0; i < 40; i++) {
		char name[32];
		snprintf(name, sizeof(name), "d/n%02d", i);
		if (i % 3 == 0)
			mkdir(name, 0755);
		else
			fst_put(name, name);
	}
	fst_ls("d");
	fst_stat("d");
	/* Remove entries while a listing goes on: every other one is still seen once. */
	DIR *dir = opendir("d");
	struct dirent *e;
	int seen = 0;
	while ((e = readdir(dir)) != NULL) {
		char name[300];
		if (e->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), "d/%s", e->d_name);
		seen++;
		fst_rm(name);
	}
	closedir(dir);
	printf("seen while removing: %d\n", seen);
	fst_ls("d");
	fst_report("rmdir d", rmdir("d"));
	fst_ls(".");
	fst_leave();
	return 41;
}
