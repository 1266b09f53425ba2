/* fdhog.c - Keel only: processes opening files until refused meet the documented limits, and what
 * they held comes back when they end. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 6

/*
 * Each process may have 1024 descriptors (EMFILE); the file-system task has 4096
 * handles in all (ENFILE: docs/linux.md, "Files"). Six children open /tmp/hog until
 * refused and report how through a pipe (EMFILE or ENFILE: which first depends on how
 * they take turns, but 6 x 1024 is more than 4096); once they are gone their handles
 * are free again, and the parent opens 1000 files. Not a differential test: the oracle's host
 * has other limits.
 */
int main(void)
{
	int report[2];
	pid_t kids[CHILDREN];
	if (pipe(report) != 0 || close(open("/tmp/hog", O_CREAT | O_WRONLY, 0644)) != 0)
		return 1;
	for (int c = 0; c < CHILDREN; c++) {
		kids[c] = fork();
		if (kids[c] == 0) {
			while (open("/tmp/hog", O_RDONLY) >= 0)
				;
			char why = errno == EMFILE ? 'M' : errno == ENFILE ? 'N' : '?';
			write(report[1], &why, 1);
			pause(); /* holding them, until the parent has heard from everyone */
			_exit(0);
		}
	}
	int enfile = 0, other = 0;
	for (int c = 0; c < CHILDREN; c++) {
		char why = '?';
		if (read(report[0], &why, 1) != 1)
			return 1;
		enfile += why == 'N';
		other += why == '?';
	}
	printf("refused with ENFILE: %s\n", enfile ? "some" : "none");
	printf("refused otherwise: %d\n", other);
	for (int c = 0; c < CHILDREN; c++) {
		kill(kids[c], SIGKILL);
		waitpid(kids[c], NULL, 0);
	}
	int n = 0;
	while (n < 1000 && open("/tmp/hog", O_RDONLY) >= 0)
		n++;
	printf("the parent afterwards: %d opened\n", n);
	return 0;
}
