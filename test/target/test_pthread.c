/* test_pthread.c - target.pthread: pthreads over Keel threads, malloc and stdio from threads. */
#define _POSIX_C_SOURCE 200809L
#include "ktest.h"
#include "ktest_util.h"
#include <errno.h>
#include <pthread-l4.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The root task's static heap is 256 KiB: the tests with many threads use small stacks. */
#define SMALL_STACK 4096

static pthread_attr_t small_attr(void)
{
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, SMALL_STACK);
	return a;
}

static pthread_attr_t prio_attr(int prio)
{
	pthread_attr_t a = small_attr();
	struct sched_param p = {.sched_priority = prio};
	pthread_attr_setschedparam(&a, &p);
	return a;
}

/* *@p += @v under a mutex (ARMv5 has no atomic add). */
static void add(volatile int *p, int v)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	*p += v;
	pthread_mutex_unlock(&lock);
}

/* ---- create, join, detach ---- */

static void *twice(void *arg)
{
	return (void *)((long)arg * 2);
}

static void *exit_early(void *arg)
{
	pthread_exit((void *)((long)arg + 1000));
}

KTEST(create_join_return_values)
{
	pthread_t t[4];
	for (long i = 0; i < 3; i++)
		KT_EQ(pthread_create(&t[i], NULL, twice, (void *)(i + 1)), 0);
	KT_EQ(pthread_create(&t[3], NULL, exit_early, (void *)7), 0);
	for (long i = 0; i < 3; i++) {
		void *ret = NULL;
		KT_EQ(pthread_join(t[i], &ret), 0);
		KT_EQ((long)ret, (i + 1) * 2);
	}
	void *ret = NULL;
	KT_EQ(pthread_join(t[3], &ret), 0);
	KT_EQ((long)ret, 1007);
	KT_ASSERT(pthread_equal(pthread_self(), pthread_self()));
	KT_EQ(pthread_join(pthread_self(), NULL), EDEADLK);
}

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *count_up(void *arg)
{
	for (int i = 0; i < 50; i++) {
		pthread_mutex_lock(&count_lock);
		int c = count;
		if (i % 8 == 0)
			l4_thread_yield(); /* let others find the lock held */
		count = c + 1;
		pthread_mutex_unlock(&count_lock);
	}
	return arg;
}

KTEST(many_threads_rounds)
{
	pthread_attr_t a = small_attr();
	count = 0;
	for (int round = 0; round < 3; round++) {
		pthread_t t[24];
		for (long i = 0; i < 24; i++)
			KT_EQ(pthread_create(&t[i], &a, count_up, (void *)i), 0);
		for (long i = 0; i < 24; i++) {
			void *ret;
			KT_EQ(pthread_join(t[i], &ret), 0);
			KT_EQ((long)ret, i);
		}
	}
	KT_EQ(count, 3 * 24 * 50);
}

static volatile int detached_done;

static void *detached_fn(void *arg)
{
	kt_sleep_us((unsigned)(long)arg);
	add(&detached_done, 1);
	return NULL;
}

KTEST(detach_frees_threads)
{
	pthread_attr_t a = small_attr();
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	int state = -1;
	pthread_attr_getdetachstate(&a, &state);
	KT_EQ(state, PTHREAD_CREATE_DETACHED);
	detached_done = 0;
	/* Several rounds of more threads than there are UTCBs at once: only freeing
	 * the detached ones lets the later rounds start. */
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 10; i++) {
			pthread_t t;
			KT_EQ(pthread_create(&t, &a, detached_fn, (void *)0L), 0);
		}
		pthread_attr_t j = small_attr();
		pthread_t t;
		KT_EQ(pthread_create(&t, &j, detached_fn, (void *)2000L), 0);
		KT_EQ(pthread_detach(t), 0);
		KT_EQ(pthread_join(t, NULL), EINVAL);
		KT_ASSERT(kt_wait_ge(&detached_done, (round + 1) * 11, KT_SAFETY_US));
		kt_sleep_us(2000);
	}
	KT_EQ(detached_done, 44);
}

/* ---- mutexes ---- */

static pthread_mutex_t prio_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int low_holds, low_done, high_done, order_ok;

static void *low_holder(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&prio_lock);
	low_holds = 1;
	kt_spin_us(20000); /* work, while the high-priority thread waits */
	low_done = 1;
	pthread_mutex_unlock(&prio_lock);
	return NULL;
}

static void *high_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&prio_lock); /* must sleep, not spin: the holder is lower */
	order_ok = low_done;
	high_done = 1;
	pthread_mutex_unlock(&prio_lock);
	return NULL;
}

KTEST(mutex_high_waiter_low_holder)
{
	low_holds = low_done = high_done = order_ok = 0;
	pthread_attr_t lo = prio_attr(KT_MAIN_PRIO - 10), hi = prio_attr(KT_MAIN_PRIO + 10);
	pthread_t l, h;
	KT_EQ(pthread_create(&l, &lo, low_holder, NULL), 0);
	KT_ASSERT(kt_wait_ge(&low_holds, 1, KT_SAFETY_US));
	KT_EQ(pthread_create(&h, &hi, high_waiter, NULL), 0);
	KT_ASSERT(kt_wait_ge(&high_done, 1, KT_SAFETY_US));
	KT_EQ(order_ok, 1);
	KT_EQ(pthread_join(l, NULL), 0);
	KT_EQ(pthread_join(h, NULL), 0);
}

static pthread_mutex_t rec_lock;
static pthread_mutex_t plain_lock = PTHREAD_MUTEX_INITIALIZER;

static void *try_rec(void *arg)
{
	(void)arg;
	int r = pthread_mutex_trylock(&rec_lock);
	if (r == 0)
		pthread_mutex_unlock(&rec_lock);
	return (void *)(long)r;
}

static void *try_plain(void *arg)
{
	(void)arg;
	int r = pthread_mutex_trylock(&plain_lock);
	if (r == 0)
		pthread_mutex_unlock(&plain_lock);
	return (void *)(long)r;
}

static long run_and_join(void *(*fn)(void *))
{
	pthread_t t;
	void *ret = (void *)-1L;
	if (pthread_create(&t, NULL, fn, NULL) || pthread_join(t, &ret))
		return -1;
	return (long)ret;
}

KTEST(mutex_recursive)
{
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	KT_EQ(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE), 0);
	int type = -1;
	pthread_mutexattr_gettype(&ma, &type);
	KT_EQ(type, PTHREAD_MUTEX_RECURSIVE);
	KT_EQ(pthread_mutex_init(&rec_lock, &ma), 0);
	for (int i = 0; i < 3; i++)
		KT_EQ(pthread_mutex_lock(&rec_lock), 0);
	KT_EQ(pthread_mutex_trylock(&rec_lock), 0);
	KT_EQ(run_and_join(try_rec), EBUSY);
	for (int i = 0; i < 3; i++)
		KT_EQ(pthread_mutex_unlock(&rec_lock), 0);
	KT_EQ(run_and_join(try_rec), EBUSY);
	KT_EQ(pthread_mutex_unlock(&rec_lock), 0);
	KT_EQ(pthread_mutex_unlock(&rec_lock), EPERM);
	KT_EQ(run_and_join(try_rec), 0);
	KT_EQ(pthread_mutex_destroy(&rec_lock), 0);
}

KTEST(mutex_trylock)
{
	KT_EQ(pthread_mutex_trylock(&plain_lock), 0);
	KT_EQ(run_and_join(try_plain), EBUSY);
	KT_EQ(pthread_mutex_destroy(&plain_lock), EBUSY);
	KT_EQ(pthread_mutex_unlock(&plain_lock), 0);
	KT_EQ(run_and_join(try_plain), 0);
	KT_EQ(pthread_mutex_destroy(&plain_lock), 0);
}

/* ---- condition variables ---- */

#define QUEUE 4
#define ITEMS 200

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER;
static int queue[QUEUE], q_head, q_len;

static void *producer(void *arg)
{
	long base = (long)arg;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_len == QUEUE)
			pthread_cond_wait(&q_not_full, &q_lock);
		queue[(q_head + q_len++) % QUEUE] = (int)base + i;
		pthread_cond_signal(&q_not_empty);
		pthread_mutex_unlock(&q_lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	long sum = 0;
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_len == 0)
			pthread_cond_wait(&q_not_empty, &q_lock);
		sum += queue[q_head];
		q_head = (q_head + 1) % QUEUE;
		q_len--;
		pthread_cond_signal(&q_not_full);
		pthread_mutex_unlock(&q_lock);
	}
	return (void *)sum;
}

KTEST(cond_producer_consumer)
{
	pthread_t p[2], c[2];
	pthread_attr_t hi = prio_attr(KT_MAIN_PRIO + 1);
	KT_EQ(pthread_create(&c[0], NULL, consumer, NULL), 0);
	KT_EQ(pthread_create(&c[1], &hi, consumer, NULL), 0);
	KT_EQ(pthread_create(&p[0], NULL, producer, (void *)0L), 0);
	KT_EQ(pthread_create(&p[1], NULL, producer, (void *)10000L), 0);
	long total = 0;
	for (int i = 0; i < 2; i++) {
		void *ret;
		KT_EQ(pthread_join(p[i], NULL), 0);
		KT_EQ(pthread_join(c[i], &ret), 0);
		total += (long)ret;
	}
	KT_EQ(total, 2L * ITEMS * (ITEMS + 1) / 2 + 10000L * ITEMS);
	KT_EQ(q_len, 0);
}

KTEST(cond_timedwait_times_out)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c;
	KT_EQ(pthread_cond_init(&c, NULL), 0);
	struct timespec now, until;
	KT_EQ(clock_gettime(CLOCK_REALTIME, &now), 0);
	until = now;
	until.tv_nsec += 20 * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	uint64_t t0 = kt_now_us();
	pthread_mutex_lock(&m);
	KT_EQ(pthread_cond_timedwait(&c, &m, &until), ETIMEDOUT);
	uint64_t waited = kt_now_us() - t0;
	KT_EQ(pthread_mutex_unlock(&m), 0);
	KT_ASSERT(waited >= 19000);
	KT_ASSERT(waited < 1000000);
	KT_EQ(pthread_cond_destroy(&c), 0);
}

static pthread_mutex_t b_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t b_cond = PTHREAD_COND_INITIALIZER;
static volatile int b_go, b_waiting, b_woken;

static void *b_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&b_lock);
	b_waiting++;
	while (!b_go)
		pthread_cond_wait(&b_cond, &b_lock);
	b_woken++;
	pthread_mutex_unlock(&b_lock);
	return NULL;
}

KTEST(cond_broadcast_wakes_all)
{
	pthread_attr_t a = small_attr();
	pthread_t t[6];
	b_go = b_waiting = b_woken = 0;
	for (int i = 0; i < 6; i++)
		KT_EQ(pthread_create(&t[i], &a, b_waiter, NULL), 0);
	KT_ASSERT(kt_wait_ge(&b_waiting, 6, KT_SAFETY_US));
	kt_sleep_us(2000);
	KT_EQ(b_woken, 0);
	pthread_mutex_lock(&b_lock);
	b_go = 1;
	pthread_cond_broadcast(&b_cond);
	pthread_mutex_unlock(&b_lock);
	KT_ASSERT(kt_wait_ge(&b_woken, 6, KT_SAFETY_US));
	for (int i = 0; i < 6; i++)
		KT_EQ(pthread_join(t[i], NULL), 0);
}

/* ---- once, keys, errno ---- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int once_runs;

static void once_fn(void)
{
	kt_sleep_us(3000); /* the others come while it runs */
	once_runs++;
}

static void *call_once(void *arg)
{
	(void)arg;
	pthread_once(&once, once_fn);
	return (void *)(long)once_runs;
}

KTEST(once_under_contention)
{
	pthread_attr_t a = small_attr();
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		KT_EQ(pthread_create(&t[i], &a, call_once, NULL), 0);
	for (int i = 0; i < 8; i++) {
		void *ret;
		KT_EQ(pthread_join(t[i], &ret), 0);
		KT_EQ((long)ret, 1);
	}
	pthread_once(&once, once_fn);
	KT_EQ(once_runs, 1);
}

static pthread_key_t key;
static volatile int destroyed, destroyed_sum;

static void destructor(void *v)
{
	add(&destroyed, 1);
	add(&destroyed_sum, *(int *)v);
	free(v);
}

static void *use_key(void *arg)
{
	long n = (long)arg;
	if (pthread_getspecific(key) != NULL)
		return (void *)-1L;
	int *v = malloc(sizeof(*v));
	*v = (int)n;
	pthread_setspecific(key, v);
	kt_sleep_us(1000);
	int *back = pthread_getspecific(key);
	return (void *)(long)(back == v && *back == n ? 0 : -2);
}

KTEST(keys_and_destructors)
{
	destroyed = destroyed_sum = 0;
	KT_EQ(pthread_key_create(&key, destructor), 0);
	pthread_t t[5];
	for (long i = 0; i < 5; i++)
		KT_EQ(pthread_create(&t[i], NULL, use_key, (void *)(i + 1)), 0);
	for (int i = 0; i < 5; i++) {
		void *ret;
		KT_EQ(pthread_join(t[i], &ret), 0);
		KT_EQ((long)ret, 0);
	}
	KT_EQ(destroyed, 5);
	KT_EQ(destroyed_sum, 15);
	KT_ASSERT(pthread_getspecific(key) == NULL);
	KT_EQ(pthread_key_delete(key), 0);
	KT_EQ(pthread_setspecific(key, &key), EINVAL);
}

static void *errno_fn(void *arg)
{
	errno = (int)(long)arg;
	kt_sleep_us(2000);
	return (void *)(long)errno;
}

KTEST(errno_per_thread)
{
	errno = 0;
	pthread_t a, b;
	KT_EQ(pthread_create(&a, NULL, errno_fn, (void *)(long)EINVAL), 0);
	KT_EQ(pthread_create(&b, NULL, errno_fn, (void *)(long)ERANGE), 0);
	void *ra, *rb;
	KT_EQ(pthread_join(a, &ra), 0);
	KT_EQ(pthread_join(b, &rb), 0);
	KT_EQ((long)ra, EINVAL);
	KT_EQ((long)rb, ERANGE);
	KT_EQ(errno, 0);
}

/* ---- malloc and stdio from threads ---- */

static void *malloc_fn(void *arg)
{
	unsigned seed = (unsigned)(long)arg * 2654435761u;
	unsigned char *held[4] = {0};
	size_t size[4] = {0};
	unsigned char fill[4] = {0};
	for (int i = 0; i < 300; i++) {
		int s = i % 4;
		if (held[s]) {
			for (size_t k = 0; k < size[s]; k++)
				if (held[s][k] != fill[s])
					return (void *)-1L;
			free(held[s]);
		}
		seed = seed * 1103515245u + 12345u;
		size[s] = 16 + (seed >> 16) % 1000;
		held[s] = malloc(size[s]);
		if (!held[s])
			return (void *)-2L;
		fill[s] = (unsigned char)(seed >> 8);
		memset(held[s], fill[s], size[s]);
		if (i % 16 == 0)
			l4_thread_yield();
	}
	for (int s = 0; s < 4; s++)
		free(held[s]);
	return NULL;
}

KTEST(malloc_from_many_threads)
{
	pthread_attr_t a = small_attr();
	pthread_t t[8];
	for (long i = 0; i < 8; i++)
		KT_EQ(pthread_create(&t[i], &a, malloc_fn, (void *)(i + 1)), 0);
	for (int i = 0; i < 8; i++) {
		void *ret;
		KT_EQ(pthread_join(t[i], &ret), 0);
		KT_EQ((long)ret, 0);
	}
}

static void *print_fn(void *arg)
{
	long n = (long)arg;
	char digits[41];
	memset(digits, (int)('0' + n), 40);
	digits[40] = 0;
	for (int i = 0; i < 5; i++) {
		printf("ptline %ld %d ", n, i);
		l4_thread_yield();
		printf("%s\n", digits);
		l4_thread_yield();
	}
	return NULL;
}

KTEST(printf_lines_whole)
{
	pthread_t t[4];
	for (long i = 0; i < 4; i++)
		KT_EQ(pthread_create(&t[i], NULL, print_fn, (void *)(i + 1)), 0);
	for (int i = 0; i < 4; i++)
		KT_EQ(pthread_join(t[i], NULL), 0);
}

/* ---- pthread-l4.h ---- */

static void *own_cap(void *arg)
{
	(void)arg;
	return (void *)pthread_l4_cap(pthread_self());
}

KTEST(l4_cap_is_the_thread)
{
	KT_EQ(pthread_l4_cap(pthread_self()), L4_BASE_THREAD_CAP);
	pthread_attr_t a = small_attr();
	pthread_t t;
	KT_EQ(pthread_create(&t, &a, own_cap, NULL), 0);
	l4_cap_idx_t cap = pthread_l4_cap(t);
	KT_EQ(kt_valid(L4_BASE_TASK_CAP, cap), 1);
	KT_EQ(kt_equal(L4_BASE_TASK_CAP, cap, L4_BASE_THREAD_CAP), 0);
	void *ret;
	KT_EQ(pthread_join(t, &ret), 0);
	KT_EQ((l4_cap_idx_t)ret, cap);
}
