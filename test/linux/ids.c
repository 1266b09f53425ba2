/* ids.c - getpid/getppid, the user and group ids, uname; exit status 17. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	/* The values differ between systems; only their properties are printed. */
	pid_t pid = getpid();
	printf("pid positive: %s\n", pid > 0 ? "yes" : "no");
	printf("pid stable: %s\n", getpid() == pid ? "yes" : "no");
	printf("ppid not negative: %s\n", getppid() >= 0 ? "yes" : "no");
	printf("ppid is not pid: %s\n", getppid() != pid ? "yes" : "no");
	printf("uid == euid: %s\n", getuid() == geteuid() ? "yes" : "no");
	printf("gid == egid: %s\n", getgid() == getegid() ? "yes" : "no");

	struct utsname u;
	if (uname(&u) != 0) {
		perror("uname");
		return 1;
	}
	/* Only the system's name: the release, host name and machine differ. */
	printf("sysname %s\n", u.sysname);
	printf("machine starts with arm: %s\n", strncmp(u.machine, "arm", 3) == 0 ? "yes" : "no");
	return 17;
}
