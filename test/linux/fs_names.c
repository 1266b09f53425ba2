/* fs_names.c - path resolution: long names, trailing slashes, dot and dot-dot, chdir/getcwd, umask,
 * access; exit status 79. */
#include "fstest.h"
#include <sys/syscall.h>

int main(void)
{
	static char name[300], path[5000], cwd[4200];
	struct stat st;
	fst_enter();
	memset(name, 'n', 255);
	fst_put(name, "255");
	fst_report("stat 255-byte name", stat(name, &st));
	name[255] = 'n';
	fst_report("open 256-byte name", open(name, O_RDWR | O_CREAT, 0644));
	fst_report("stat 256-byte name", stat(name, &st));
	fst_report("mkdir 256-byte name", mkdir(name, 0755));
	name[255] = 0;
	unlink(name);
	memset(path, 0, sizeof(path));
	for (int i = 0; i < 4096; i += 2)
		memcpy(path + i, "./", 2);
	fst_report("stat 4096-byte path", stat(path, &st));
	path[4094] = 0;
	fst_report("stat 4094-byte path", stat(path, &st));
	fst_put("file", "x");
	fst_report("open file/", open("file/", O_RDONLY));
	fst_report("stat file/", stat("file/", &st));
	fst_report("open new/ O_CREAT", open("new/", O_RDWR | O_CREAT, 0644));
	fst_report("unlink file/", unlink("file/"));
	fst_report("mkdir a//b// (no a)", mkdir("a//b//", 0755));
	fst_report("mkdir a//", mkdir("a//", 0755));
	fst_report("mkdir a//b//", mkdir("a//b//", 0755));
	fst_report("stat a/./b/../b/.", stat("a/./b/../b/.", &st));
	fst_report("stat file/..", stat("file/..", &st));
	fst_report("stat ''", stat("", &st));
	fst_report("chdir a/b", chdir("a/b"));
	if (getcwd(cwd, sizeof(cwd)))
		printf("getcwd ends in /a/b: %s\n",
		       strlen(cwd) > 4 && !strcmp(cwd + strlen(cwd) - 4, "/a/b") ? "yes" : "no");
	printf("getcwd under scratch: %s\n",
	       !strncmp(cwd, fst_dir, strlen(fst_dir)) ? "yes" : "no");
	fst_report("getcwd 4-byte buffer", syscall(183, cwd, 4));
	fst_report("chdir ../../file", chdir("../../file"));
	fst_report("chdir ../../missing", chdir("../../missing"));
	fst_report("chdir ../..", chdir("../.."));
	int dfd = open("a", O_RDONLY | O_DIRECTORY);
	fst_report("fchdir a", fchdir(dfd));
	fst_stat("b");
	fst_report("fchdir stdout", fchdir(1));
	close(dfd);
	fst_report("chdir ..", chdir(".."));
	fst_report("umask 077 (old)", umask(077));
	fst_put("private", "p");
	mkdir("pdir", 0777);
	fst_stat("private");
	fst_stat("pdir");
	fst_report("umask 0 (old)", umask(0));
	fst_put("open", "o");
	fst_stat("open");
	fst_report("chmod open 4755", chmod("open", 04755));
	fst_stat("open");
	int fd = open("open", O_RDONLY);
	fst_report("fchmod 0600", fchmod(fd, 0600));
	close(fd);
	fst_stat("open");
	fst_report("fchmodat 0444", fchmodat(AT_FDCWD, "open", 0444, 0));
	fst_stat("open");
	fst_report("access open F_OK", access("open", F_OK));
	fst_report("access open R_OK|W_OK", access("open", R_OK | W_OK));
	fst_report("access open X_OK", access("open", X_OK));
	fst_report("access pdir X_OK", access("pdir", X_OK));
	fst_report("access missing", access("missing", F_OK));
	fst_report("access bad mode", access("open", 8));
	fst_report("faccessat open X_OK", faccessat(AT_FDCWD, "open", X_OK, 0));
	chmod("open", 0755);
	fst_report("faccessat open X_OK after chmod", faccessat(AT_FDCWD, "open", X_OK, 0));
	fst_report("openat 99", openat(99, "x", O_RDONLY));
	fst_report("openat file (not a dir)", openat(fd = open("file", O_RDONLY), "x", O_RDONLY));
	close(fd);
	fst_report("openat 99 absolute", openat(99, "/dev/null", O_RDONLY) >= 0 ? 0 : -1);
	umask(022);
	fst_leave();
	return 79;
}
