/* threads.c - pthreads: several threads and join with return values, a mutex-protected counter,
 * a condition variable hand-off, pthread_once, thread-specific data, an error-checking mutex. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS	20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn, done_count;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_key_t key;
static __thread int tls_value;

static void init_once(void)
{
	once_runs++;
}

static void *adder(void *arg)
{
	intptr_t id = (intptr_t)arg;
	pthread_once(&once, init_once);
	tls_value = (int)id * 10;
	pthread_setspecific(key, (void *)(id + 100));
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	sched_yield();
	intptr_t ok = tls_value == id * 10 && (intptr_t)pthread_getspecific(key) == id + 100;
	return (void *)(id * 2 + ok * 1000);
}

/* Threads take turns in the order 0, 1, 2, 3, 0, 1, ... through one condition variable. */
static void *taker(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int round = 0; round < 3; round++) {
		pthread_mutex_lock(&lock);
		while (turn % THREADS != id)
			pthread_cond_wait(&cond, &lock);
		char s[32];
		int n = snprintf(s, sizeof(s), "turn %d: thread %d\n", turn, id);
		write(1, s, n);
		turn++;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	done_count++;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pthread_t t[THREADS];
	pthread_key_create(&key, NULL);
	pthread_setspecific(key, (void *)7);
	for (intptr_t i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, adder, (void *)i) != 0)
			printf("pthread_create failed\n");
	for (int i = 0; i < THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		printf("thread %d returned %ld\n", i, (long)(intptr_t)r);
	}
	printf("counter %ld (expected %d)\n", counter, THREADS * ROUNDS);
	printf("pthread_once ran %d time(s)\n", once_runs);
	printf("main's key value %ld, tls %d\n", (long)(intptr_t)pthread_getspecific(key),
	       tls_value);
	printf("distinct thread ids: %d\n",
	       !pthread_equal(t[0], t[1]) && !pthread_equal(t[0], pthread_self()));

	for (intptr_t i = THREADS - 1; i >= 0; i--)
		pthread_create(&t[i], NULL, taker, (void *)i);
	pthread_mutex_lock(&lock);
	while (done_count < THREADS)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("all %d takers done\n", done_count);

	pthread_mutex_t m;
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &ma);
	pthread_mutex_lock(&m);
	printf("errorcheck relock: %s\n", pthread_mutex_lock(&m) == 35 ? "EDEADLK" : "other");
	pthread_mutex_lock(&lock);
	printf("trylock of a held mutex: %s\n",
	       pthread_mutex_trylock(&lock) == 0 ? "got it" : "busy");
	pthread_mutex_unlock(&lock);
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	int ds;
	pthread_attr_getdetachstate(&a, &ds);
	printf("detached attribute: %d\n", ds == PTHREAD_CREATE_DETACHED);
	return 0;
}
