/* deepproc.c - Keel only: a directory tree thousands of levels deep under /proc, which the server
 * empties, does not take the file system down. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * /proc is brought up to date whenever a path under it is used, and whatever a program
 * put there goes (docs/linux.md, "/proc"): the file-system task empties it. Built one
 * level at a time through chdir, the tree is far deeper than a path can say; emptying
 * it recursively would overflow the task's stack. Not a differential test: Linux's
 * /proc takes no directories.
 */
int main(void)
{
	int levels = 0;
	/* Relative paths from here on: an absolute one under /proc would prune junk. */
	int proc = open("/proc", O_RDONLY | O_DIRECTORY);
	if (proc < 0 || mkdirat(proc, "junk", 0755) != 0 || fchdir(proc) != 0 ||
	    chdir("junk") != 0) {
		printf("cannot make /proc/junk\n");
		return 1;
	}
	while (levels < 3000 && mkdir("d", 0755) == 0 && chdir("d") == 0)
		levels++;
	printf("levels: %s\n", levels >= 2000 ? "2000 or more" : "fewer");
	if (chdir("/") != 0)
		return 1;
	struct stat st;
	printf("/proc/junk after /proc was used: %s\n",
	       stat("/proc/self", &st) == 0 && stat("/proc/junk", &st) != 0 ? "gone" : "there");
	int fd = open("/tmp/after", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char buf[8] = {0};
	int ok = fd >= 0 && write(fd, "alive", 5) == 5 && pread(fd, buf, 5, 0) == 5 &&
		 strcmp(buf, "alive") == 0;
	printf("the file system afterwards: %s\n", ok ? "works" : "broken");
	return 0;
}
