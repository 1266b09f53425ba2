/* pgroups.c - process groups and sessions: getppid in a child, setpgid/getpgid, a new group
 * signalled as a whole, setsid and getsid, EPERM and ESRCH cases. No pid is printed. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *en(int e)
{
	return e == EPERM    ? "EPERM"
	       : e == ESRCH  ? "ESRCH"
	       : e == EINVAL ? "EINVAL"
	       : e == EACCES ? "EACCES"
			     : strerror(e);
}

static void line(int fd, const char *fmt, int a, int b)
{
	char s[160];
	int n = snprintf(s, sizeof(s), fmt, a, b);
	write(fd, s, n);
}

int main(void)
{
	pid_t me = getpid();
	printf("getpgrp() == getpgid(0): %d\n", getpgrp() == getpgid(0));
	printf("getsid(0) == getsid(me): %d\n", getsid(0) == getsid(me));
	int p[2], status;
	pipe(p);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		line(1, "child: getppid is the parent %d, same group %d\n", getppid() == me,
		     getpgrp() == getpgid(me));
		setpgid(0, 0);
		line(1, "child: own group %d, still the parent's session %d\n",
		     getpgrp() == getpid(), getsid(0) == getsid(me));
		errno = 0;
		int r = setsid();
		line(1, "child: setsid as a group leader %d, EPERM %d\n", r, errno == EPERM);
		write(p[1], "x", 1);
		pause();
		_exit(0);
	}
	char b;
	read(p[0], &b, 1);
	printf("parent: the child leads its group %d\n", getpgid(c) == c);
	kill(-c, SIGTERM);
	waitpid(c, &status, 0);
	printf("group killed: signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	errno = 0;
	printf("getpgid of a reaped child: %d %s\n", getpgid(c), en(errno));
	errno = 0;
	printf("setpgid of a reaped child: %d %s\n", setpgid(c, c), en(errno));
	errno = 0;
	printf("setpgid(0, -1): %d %s\n", setpgid(0, -1), en(errno));

	/* A child that is not a group leader makes a session. */
	fflush(stdout);
	c = fork();
	if (c == 0) {
		pid_t s = setsid();
		line(1, "child: setsid gives its pid %d, getsid %d\n", s == getpid(),
		     getsid(0) == getpid());
		line(1, "child: leads its group %d, parent still %d\n", getpgrp() == getpid(),
		     getppid() == me);
		errno = 0;
		int r = setpgid(0, getpgid(me));
		line(1, "child: join the parent's group across sessions %d, EPERM %d\n", r,
		     errno == EPERM);
		_exit(0);
	}
	waitpid(c, &status, 0);

	/* The parent moves its child into another child's group. */
	pid_t kids[2];
	int go[2];
	pipe(go);
	fflush(stdout);
	for (int i = 0; i < 2; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			read(go[0], &b, 1);
			_exit(20 + i);
		}
	}
	int r1 = setpgid(kids[0], kids[0]);
	int r2 = setpgid(kids[1], kids[0]);
	printf("setpgid of two children: %d %d, same group %d\n", r1, r2,
	       getpgid(kids[1]) == kids[0]);
	kill(-kids[0], SIGUSR1);
	for (int i = 0; i < 2; i++) {
		waitpid(kids[i], &status, 0);
		printf("child %d: signal %d\n", i, WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	}
	errno = 0;
	printf("kill of an empty group: %d %s\n", kill(-kids[0], SIGUSR1), en(errno));
	printf("the parent survives\n");
	return 0;
}
