/* nanosleep.c - sleeping: nanosleep and clock_nanosleep (relative and TIMER_ABSTIME) last at
 * least as long as asked, EINVAL for bad times, EINTR with the time left when a child signals. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	long long t0 = now_ns(CLOCK_MONOTONIC);
	struct timespec ts = {0, 50 * 1000000}, rem;
	int r = nanosleep(&ts, NULL);
	long long dt = now_ns(CLOCK_MONOTONIC) - t0;
	printf("nanosleep 50 ms: %d, at least 50 ms: %d\n", r, dt >= 50000000);
	ts.tv_nsec = 0;
	printf("nanosleep 0: %d\n", nanosleep(&ts, NULL));
	ts.tv_nsec = 1000000000;
	errno = 0;
	printf("tv_nsec 1e9: %d %s\n", nanosleep(&ts, NULL),
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	errno = 0;
	printf("negative seconds: %d %s\n", nanosleep(&ts, NULL),
	       errno == EINVAL ? "EINVAL" : strerror(errno));

	t0 = now_ns(CLOCK_MONOTONIC);
	ts.tv_sec = 0;
	ts.tv_nsec = 20000000;
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	printf("clock_nanosleep relative 20 ms: %d, long enough: %d\n", r,
	       now_ns(CLOCK_MONOTONIC) - t0 >= 20000000);
	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 30000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
	long long end = abs.tv_sec * 1000000000LL + abs.tv_nsec;
	printf("clock_nanosleep absolute: %d, woke after the deadline: %d\n", r,
	       now_ns(CLOCK_MONOTONIC) >= end);
	abs.tv_sec = 0; /* the clock's start: in the past, however long ago the system started */
	abs.tv_nsec = 1;
	printf("absolute time in the past: %d\n",
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
	ts.tv_nsec = 1000;
	printf("clock_nanosleep of a bad clock: %s\n",
	       clock_nanosleep(12345, 0, &ts, NULL) == EINVAL ? "EINVAL" : "other");
	t0 = now_ns(CLOCK_REALTIME);
	ts.tv_nsec = 10000000;
	r = clock_nanosleep(CLOCK_REALTIME, 0, &ts, NULL);
	printf("CLOCK_REALTIME 10 ms: %d, long enough: %d\n", r,
	       now_ns(CLOCK_REALTIME) - t0 >= 10000000);

	/* A child interrupts a 10 s sleep with SIGUSR1: EINTR, and most of the time is left. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pid_t parent = getpid();
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		struct timespec w = {0, 100000000};
		nanosleep(&w, NULL);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	ts.tv_sec = 10;
	ts.tv_nsec = 0;
	errno = 0;
	t0 = now_ns(CLOCK_MONOTONIC);
	r = nanosleep(&ts, &rem);
	dt = now_ns(CLOCK_MONOTONIC) - t0;
	printf("interrupted: %d %s, slept less than 9 s: %d, remaining between 1 s and 10 s: %d\n",
	       r, errno == EINTR ? "EINTR" : strerror(errno), dt < 9000000000LL,
	       rem.tv_sec >= 1 && rem.tv_sec < 10);
	waitpid(c, NULL, 0);
	/* SA_RESTART does not restart nanosleep. */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		struct timespec w = {0, 100000000};
		nanosleep(&w, NULL);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	errno = 0;
	r = nanosleep(&ts, &rem);
	printf("with SA_RESTART: %d %s\n", r, errno == EINTR ? "EINTR" : strerror(errno));
	waitpid(c, NULL, 0);
	return 0;
}
