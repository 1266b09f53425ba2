/* mmap_file.c - mmap of files: private and shared mappings, offsets, the end of the file, msync,
 * munmap, errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(void)
{
	return errno == EACCES	 ? "EACCES"
	       : errno == ENODEV ? "ENODEV"
	       : errno == EBADF	 ? "EBADF"
	       : errno == EINVAL ? "EINVAL"
				 : strerror(errno);
}

int main(void)
{
	char dir[] = "/tmp/mmapXXXXXX";
	if (!mkdtemp(dir) || chdir(dir))
		return 1;
	long page = sysconf(_SC_PAGESIZE);
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	char buf[3 * 4096];
	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	if (write(fd, buf, 2 * page + 100) != 2 * page + 100)
		return 1;

	char *m = mmap(NULL, 3 * page, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("private read: %.5s ... %.5s, after the end: %d\n", m, m + 2 * page + 95,
	       m[2 * page + 100]);
	munmap(m, 3 * page);

	m = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, page);
	printf("offset one page: %.3s\n", m);
	munmap(m, page);

	m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	m[0] = 'X';
	char c;
	pread(fd, &c, 1, 0);
	printf("private write stays private: mapping %c, file %c\n", m[0], c);
	munmap(m, page);

	m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	m[1] = 'Y';
	msync(m, page, MS_SYNC);
	pread(fd, &c, 1, 1);
	printf("shared write after msync: file %c\n", c);
	m[2] = 'Z';
	munmap(m, page);
	pread(fd, &c, 1, 2);
	printf("shared write after munmap: file %c\n", c);

	/* A shared mapping made before fork: the child's write reaches the file. */
	m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	fflush(stdout);
	pid_t ch = fork();
	if (ch == 0) {
		m[3] = 'W';
		_exit(0);
	}
	waitpid(ch, NULL, 0);
	printf("the child's write, seen by the parent: %c\n", m[3]);
	munmap(m, page);

	int ro = open("f", O_RDONLY), wo = open("f", O_WRONLY), p[2];
	pipe(p);
	errno = 0;
	printf("shared writable of a read-only file: %s\n",
	       mmap(NULL, page, PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? err() : "mapped");
	printf("private writable of a read-only file: %s\n",
	       mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) == MAP_FAILED
		   ? err()
		   : "mapped");
	printf("a write-only file: %s\n",
	       mmap(NULL, page, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED ? err() : "mapped");
	printf("a pipe: %s\n",
	       mmap(NULL, page, PROT_READ, MAP_PRIVATE, p[0], 0) == MAP_FAILED ? err() : "mapped");
	printf("a closed descriptor: %s\n",
	       mmap(NULL, page, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? err() : "mapped");
	printf("anonymous with fd 0 (ignored): %s\n",
	       mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0, 0) == MAP_FAILED
		   ? err()
		   : "mapped");
	unlink("f");
	chdir("/");
	rmdir(dir);
	return 0;
}
