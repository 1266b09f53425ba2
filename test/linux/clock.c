/* clock.c - clock_gettime(CLOCK_MONOTONIC), time(), a 1 ms nanosleep; exit status 19. */
#include <stdio.h>
#include <time.h>

static long long ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(void)
{
	struct timespec a, b;
	if (clock_gettime(CLOCK_MONOTONIC, &a) != 0)
		return 1;
	int monotonic = 1;
	for (int i = 0; i < 1000; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &b) != 0)
			return 1;
		if (ns(&b) < ns(&a))
			monotonic = 0;
		a = b;
	}
	printf("monotonic over 1000 reads: %s\n", monotonic ? "yes" : "no");
	printf("tv_nsec in range: %s\n", b.tv_nsec >= 0 && b.tv_nsec < 1000000000L ? "yes" : "no");

	/* time() and CLOCK_REALTIME tell the same time (to a second). */
	struct timespec r;
	time_t t = time(NULL);
	if (clock_gettime(CLOCK_REALTIME, &r) != 0)
		return 1;
	printf("time() agrees with CLOCK_REALTIME: %s\n",
	       r.tv_sec - t >= 0 && r.tv_sec - t <= 1 ? "yes" : "no");

	/* nanosleep sleeps at least as long as asked, and not absurdly longer. */
	struct timespec before, after, one_ms = {.tv_sec = 0, .tv_nsec = 1000000};
	clock_gettime(CLOCK_MONOTONIC, &before);
	if (nanosleep(&one_ms, NULL) != 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &after);
	long long slept = ns(&after) - ns(&before);
	printf("nanosleep 1 ms slept at least 1 ms: %s\n", slept >= 1000000 ? "yes" : "no");
	printf("nanosleep 1 ms slept under 1 s: %s\n", slept < 1000000000LL ? "yes" : "no");

	/* A bad timespec is refused. */
	struct timespec bad = {.tv_sec = 0, .tv_nsec = 1000000000L};
	printf("nanosleep with tv_nsec 1e9 fails: %s\n", nanosleep(&bad, NULL) != 0 ? "yes" : "no");
	return 19;
}
