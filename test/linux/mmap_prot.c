/* mmap_prot.c - memory protections: PROT_NONE faults, mprotect to read and write, MAP_SHARED
 * anonymous memory seen by parent and child, MAP_PRIVATE copied on fork, munmap'd pages fault. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf back;

static void on_segv(int sig)
{
	siglongjmp(back, sig);
}

static const char *try_read(volatile char *p)
{
	static char r[16];
	int s = sigsetjmp(back, 1);
	if (s)
		return "SIGSEGV";
	snprintf(r, sizeof(r), "read %d", p[0]);
	return r;
}

static const char *try_write(volatile char *p, char v)
{
	if (sigsetjmp(back, 1))
		return "SIGSEGV";
	p[0] = v;
	return "written";
}

int main(void)
{
	signal(SIGSEGV, on_segv);
	long page = sysconf(_SC_PAGESIZE);
	printf("page size %ld\n", page);
	char *p = mmap(NULL, 2 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("PROT_NONE: %s, %s\n", try_read(p), try_write(p, 1));
	printf("mprotect read: %d\n", mprotect(p, page, PROT_READ));
	printf("PROT_READ: %s, %s\n", try_read(p), try_write(p, 1));
	printf("second page still: %s\n", try_read(p + page));
	mprotect(p, 2 * page, PROT_READ | PROT_WRITE);
	printf("PROT_READ|PROT_WRITE: %s, %s\n", try_write(p, 7), try_read(p));
	printf("%s, %s\n", try_write(p + page, 9), try_read(p + page));
	mprotect(p, page, PROT_NONE);
	printf("back to PROT_NONE: %s; the value comes back: ", try_read(p));
	mprotect(p, page, PROT_READ);
	printf("%s\n", try_read(p));
	errno = 0;
	printf("mprotect unaligned: %d %s\n", mprotect(p + 1, page, PROT_READ),
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	munmap(p, 2 * page);
	printf("after munmap: %s\n", try_read(p));

	/* Shared and private anonymous memory across fork. */
	volatile int *shared =
	    mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	volatile int *priv =
	    mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	static volatile int global = 1;
	shared[0] = 1;
	priv[0] = 1;
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		shared[0] = 2;
		priv[0] = 2;
		global = 2;
		shared[1] = priv[0] + global; /* the child sees its own writes */
		_exit(0);
	}
	waitpid(c, NULL, 0);
	printf("after the child: shared %d, private %d, global %d, child saw %d\n", shared[0],
	       priv[0], global, shared[1]);
	/* The parent writes after the fork: the child keeps the old value of a private page. */
	int pp[2];
	pipe(pp);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		char b;
		read(pp[0], &b, 1);
		shared[2] = priv[0] * 100 + global;
		_exit(0);
	}
	priv[0] = 50;
	global = 60;
	write(pp[1], "x", 1);
	waitpid(c, NULL, 0);
	printf("child's copy after the parent's writes: %d\n", shared[2]);
	/* Read-only shared mapping in the child: writing faults there only. */
	mprotect((void *)shared, page, PROT_READ);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		signal(SIGSEGV, SIG_DFL);
		shared[0] = 3;
		_exit(0);
	}
	int status;
	waitpid(c, &status, 0);
	printf("child writing read-only shared memory: %s %d\n",
	       WIFSIGNALED(status) ? "signal" : "exit",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	errno = 0;
	void *bad = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap of 0 bytes: %s %s\n", bad == MAP_FAILED ? "MAP_FAILED" : "mapped",
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	return 0;
}
