/* test_pthread.c - target.pthread: pthreads (locks, wake order, cancellation), malloc, stdio. */
/* POSIX, and usleep() (which POSIX 2008 dropped). */
#define _DEFAULT_SOURCE 1
#include "ktest.h"
#include "ktest_util.h"
#include <errno.h>
#include <l4/sys/debugger.h>
#include <pthread-l4.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* @ms milliseconds after now on @clock, as the timed waits take it. */
static struct timespec in_ms(clockid_t clock, long ms)
{
	struct timespec t;
	clock_gettime(clock, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
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
	/* t0 first: a host that stops QEMU between the two makes the guest clock jump. */
	uint64_t t0 = kt_now_us();
	KT_EQ(clock_gettime(CLOCK_REALTIME, &now), 0);
	until = now;
	until.tv_nsec += 20 * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
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

/* ---- wake-up order: the highest priority first, the earliest among equals ---- */

/* Threads above the main thread's priority run as soon as they are made, until they
 * block: so the order in which they begin to wait is the order of creation, except
 * for a gated one, which waits for the gate first and so comes last. */
static pthread_mutex_t order_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t order_gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t order_cond = PTHREAD_COND_INITIALIZER;
static volatile int order[8], order_n, order_tokens;

struct orderer {
	int id, prio, gated;
};

/* A: 103; B: 105; C: 104, gated (begins to wait last); D: 104. */
static const struct orderer orderers[4] = {{1, KT_MAIN_PRIO + 3, 0},
					   {2, KT_MAIN_PRIO + 5, 0},
					   {3, KT_MAIN_PRIO + 4, 1},
					   {4, KT_MAIN_PRIO + 4, 0}};

static void pass_gate(const struct orderer *o)
{
	if (o->gated) {
		pthread_mutex_lock(&order_gate);
		pthread_mutex_unlock(&order_gate);
	}
}

static void *lock_in_order(void *arg)
{
	pass_gate(arg);
	pthread_mutex_lock(&order_lock);
	order[order_n++] = ((const struct orderer *)arg)->id;
	pthread_mutex_unlock(&order_lock);
	return NULL;
}

static void *wait_in_order(void *arg)
{
	pass_gate(arg);
	pthread_mutex_lock(&order_lock);
	while (!order_tokens)
		pthread_cond_wait(&order_cond, &order_lock);
	order_tokens--;
	order[order_n++] = ((const struct orderer *)arg)->id;
	pthread_mutex_unlock(&order_lock);
	return NULL;
}

/* Start the four orderers running @fn; each is waiting when this returns. */
static int start_orderers(pthread_t t[4], void *(*fn)(void *))
{
	order_n = order_tokens = 0;
	pthread_mutex_lock(&order_gate);
	for (int i = 0; i < 4; i++) {
		pthread_attr_t a = prio_attr(orderers[i].prio);
		if (pthread_create(&t[i], &a, fn, (void *)&orderers[i]))
			return -1;
	}
	pthread_mutex_unlock(&order_gate); /* C passes it and waits, after D */
	return 0;
}

static int join_all(pthread_t *t, int n)
{
	int err = 0;
	for (int i = 0; i < n; i++)
		err |= pthread_join(t[i], NULL);
	return err;
}

KTEST(mutex_wakes_highest_priority_first)
{
	pthread_t t[4];
	pthread_mutex_lock(&order_lock);
	KT_EQ(start_orderers(t, lock_in_order), 0);
	KT_EQ(order_n, 0);
	pthread_mutex_unlock(&order_lock);
	KT_EQ(join_all(t, 4), 0);
	KT_EQ(order_n, 4);
	KT_EQ(order[0] * 1000 + order[1] * 100 + order[2] * 10 + order[3], 2431);
}

KTEST(cond_signal_wakes_highest_priority_first)
{
	pthread_t t[4];
	KT_EQ(start_orderers(t, wait_in_order), 0);
	for (int i = 0; i < 4; i++) {
		pthread_mutex_lock(&order_lock);
		order_tokens++;
		pthread_cond_signal(&order_cond);
		pthread_mutex_unlock(&order_lock); /* the woken one runs, takes it, records */
		KT_EQ(order_n, i + 1);
	}
	KT_EQ(join_all(t, 4), 0);
	KT_EQ(order[0] * 1000 + order[1] * 100 + order[2] * 10 + order[3], 2431);
}

/* ---- timed waits and clocks ---- */

static pthread_mutex_t timed_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long timed_waited;

static void *timedlock_fn(void *arg)
{
	/* t0 first: a host that stops QEMU between the two makes the guest clock jump. */
	uint64_t t0 = kt_now_us();
	struct timespec until = in_ms(CLOCK_REALTIME, (long)arg);
	int r = pthread_mutex_timedlock(&timed_lock, &until);
	timed_waited = (long)(kt_now_us() - t0);
	if (r == 0)
		pthread_mutex_unlock(&timed_lock);
	return (void *)(long)r;
}

KTEST(mutex_timedlock)
{
	pthread_t t;
	void *ret;
	pthread_mutex_lock(&timed_lock);
	KT_EQ(pthread_create(&t, NULL, timedlock_fn, (void *)20L), 0);
	KT_EQ(pthread_join(t, &ret), 0);
	KT_EQ((long)ret, ETIMEDOUT);
	KT_ASSERT(timed_waited >= 20000);
	struct timespec bad = {0, 1000000000L};
	KT_EQ(pthread_mutex_timedlock(&timed_lock, &bad), EINVAL); /* it would wait */
	pthread_mutex_unlock(&timed_lock);
	KT_EQ(pthread_create(&t, NULL, timedlock_fn, (void *)10000L), 0);
	KT_EQ(pthread_join(t, &ret), 0);
	KT_EQ((long)ret, 0);
	pthread_mutex_t ec = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	struct timespec soon = in_ms(CLOCK_REALTIME, 10);
	KT_EQ(pthread_mutex_lock(&ec), 0);
	KT_EQ(pthread_mutex_timedlock(&ec, &soon), EDEADLK);
	KT_EQ(pthread_mutex_unlock(&ec), 0);
}

static pthread_mutex_t clock_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t clock_cond;
static volatile int clock_signalled;

static void *signal_clock_cond(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&clock_lock);
	clock_signalled = 1;
	pthread_cond_signal(&clock_cond);
	pthread_mutex_unlock(&clock_lock);
	return NULL;
}

KTEST(cond_clock_monotonic)
{
	pthread_condattr_t ca;
	clockid_t clock = -1;
	KT_EQ(pthread_condattr_init(&ca), 0);
	KT_EQ(pthread_condattr_getclock(&ca, &clock), 0);
	KT_EQ(clock, CLOCK_REALTIME);
	KT_EQ(pthread_condattr_setclock(&ca, (clockid_t)99), EINVAL);
	KT_EQ(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC), 0);
	KT_EQ(pthread_condattr_getclock(&ca, &clock), 0);
	KT_EQ(clock, CLOCK_MONOTONIC);
	KT_EQ(pthread_cond_init(&clock_cond, &ca), 0);
	pthread_mutex_lock(&clock_lock);
	uint64_t t0 = kt_now_us();
	struct timespec until = in_ms(CLOCK_MONOTONIC, 10);
	KT_EQ(pthread_cond_timedwait(&clock_cond, &clock_lock, &until), ETIMEDOUT);
	KT_ASSERT(kt_now_us() - t0 >= 10000);
	/* Signalled before the deadline: the signaller runs only while this one waits. */
	pthread_attr_t lo = prio_attr(KT_MAIN_PRIO - 5);
	pthread_t t;
	clock_signalled = 0;
	KT_EQ(pthread_create(&t, &lo, signal_clock_cond, NULL), 0);
	until = in_ms(CLOCK_MONOTONIC, 100000);
	while (!clock_signalled)
		KT_EQ(pthread_cond_timedwait(&clock_cond, &clock_lock, &until), 0);
	pthread_mutex_unlock(&clock_lock);
	KT_EQ(pthread_join(t, NULL), 0);
	KT_EQ(pthread_cond_destroy(&clock_cond), 0);
	KT_EQ(pthread_condattr_destroy(&ca), 0);
}

/* ---- read-write locks ---- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *try_read(void *arg)
{
	(void)arg;
	int r = pthread_rwlock_tryrdlock(&rw);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return (void *)(long)r;
}

static void *try_write(void *arg)
{
	(void)arg;
	int r = pthread_rwlock_trywrlock(&rw);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return (void *)(long)r;
}

static void *unlock_rw(void *arg)
{
	(void)arg;
	return (void *)(long)pthread_rwlock_unlock(&rw);
}

KTEST(rwlock_readers_share_writers_exclude)
{
	pthread_rwlockattr_t ra;
	int pshared = -1;
	KT_EQ(pthread_rwlockattr_init(&ra), 0);
	KT_EQ(pthread_rwlockattr_setpshared(&ra, PTHREAD_PROCESS_SHARED), ENOTSUP);
	KT_EQ(pthread_rwlockattr_setpshared(&ra, PTHREAD_PROCESS_PRIVATE), 0);
	KT_EQ(pthread_rwlockattr_getpshared(&ra, &pshared), 0);
	KT_EQ(pshared, PTHREAD_PROCESS_PRIVATE);
	KT_EQ(pthread_rwlock_init(&rw, &ra), 0);
	KT_EQ(pthread_rwlock_rdlock(&rw), 0);
	KT_EQ(run_and_join(try_read), 0);
	KT_EQ(run_and_join(try_write), EBUSY);
	KT_EQ(pthread_rwlock_destroy(&rw), EBUSY);
	KT_EQ(pthread_rwlock_unlock(&rw), 0);
	KT_EQ(pthread_rwlock_wrlock(&rw), 0);
	KT_EQ(run_and_join(try_read), EBUSY);
	KT_EQ(run_and_join(try_write), EBUSY);
	KT_EQ(run_and_join(unlock_rw), EPERM);
	KT_EQ(pthread_rwlock_wrlock(&rw), EDEADLK);
	KT_EQ(pthread_rwlock_rdlock(&rw), EDEADLK);
	KT_EQ(pthread_rwlock_unlock(&rw), 0);
	KT_EQ(pthread_rwlock_unlock(&rw), EPERM);
	KT_EQ(run_and_join(try_write), 0);
	KT_EQ(pthread_rwlock_destroy(&rw), 0);
	KT_EQ(pthread_rwlockattr_destroy(&ra), 0);
}

static volatile int rw_order[4], rw_order_n;

static void *write_and_record(void *arg)
{
	if (pthread_rwlock_wrlock(&rw))
		return (void *)-1L;
	rw_order[rw_order_n++] = (int)(long)arg;
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *read_and_record(void *arg)
{
	if (pthread_rwlock_rdlock(&rw))
		return (void *)-1L;
	rw_order[rw_order_n++] = (int)(long)arg; /* the only reader */
	pthread_rwlock_unlock(&rw);
	return NULL;
}

/* Held to read by the main thread: a writer waits (105), then a reader (104) must wait
 * behind the writer, though only readers hold the lock. */
KTEST(rwlock_writer_not_starved)
{
	pthread_rwlock_init(&rw, NULL);
	rw_order_n = 0;
	KT_EQ(pthread_rwlock_rdlock(&rw), 0);
	pthread_attr_t w_attr = prio_attr(KT_MAIN_PRIO + 5), r_attr = prio_attr(KT_MAIN_PRIO + 4);
	pthread_t w, r;
	KT_EQ(pthread_create(&w, &w_attr, write_and_record, (void *)1L), 0);
	KT_EQ(pthread_create(&r, &r_attr, read_and_record, (void *)2L), 0);
	KT_EQ(rw_order_n, 0);
	KT_EQ(run_and_join(try_read), EBUSY);
	/* A reader that holds it already may take it again: it must not wait for the
	 * writer, which waits for it. */
	KT_EQ(pthread_rwlock_rdlock(&rw), 0);
	KT_EQ(pthread_rwlock_unlock(&rw), 0);
	KT_EQ(pthread_rwlock_unlock(&rw), 0);
	void *wr, *rr;
	KT_EQ(pthread_join(w, &wr), 0);
	KT_EQ(pthread_join(r, &rr), 0);
	KT_EQ((long)wr, 0);
	KT_EQ((long)rr, 0);
	KT_EQ(rw_order_n, 2);
	KT_EQ(rw_order[0] * 10 + rw_order[1], 12);
	KT_EQ(pthread_rwlock_destroy(&rw), 0);
}

static void *timed_write(void *arg)
{
	struct timespec until = in_ms(CLOCK_REALTIME, (long)arg);
	int r = pthread_rwlock_timedwrlock(&rw, &until);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return (void *)(long)r;
}

static void *timed_read(void *arg)
{
	struct timespec until = in_ms(CLOCK_REALTIME, (long)arg);
	int r = pthread_rwlock_timedrdlock(&rw, &until);
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return (void *)(long)r;
}

/* A writer that gives up lets the readers that waited behind it go. */
KTEST(rwlock_timed)
{
	pthread_rwlock_init(&rw, NULL);
	KT_EQ(pthread_rwlock_wrlock(&rw), 0);
	pthread_t t;
	void *ret;
	KT_EQ(pthread_create(&t, NULL, timed_read, (void *)10L), 0);
	KT_EQ(pthread_join(t, &ret), 0);
	KT_EQ((long)ret, ETIMEDOUT);
	KT_EQ(pthread_rwlock_unlock(&rw), 0);
	KT_EQ(pthread_rwlock_rdlock(&rw), 0);
	pthread_attr_t w_attr = prio_attr(KT_MAIN_PRIO + 5), r_attr = prio_attr(KT_MAIN_PRIO + 4);
	pthread_t w, r;
	KT_EQ(pthread_create(&w, &w_attr, timed_write, (void *)20L), 0);
	KT_EQ(pthread_create(&r, &r_attr, timed_read, (void *)100000L), 0);
	KT_EQ(pthread_join(w, &ret), 0);
	KT_EQ((long)ret, ETIMEDOUT);
	KT_EQ(pthread_join(r, &ret), 0);
	KT_EQ((long)ret, 0);
	KT_EQ(pthread_rwlock_unlock(&rw), 0);
	KT_EQ(pthread_rwlock_destroy(&rw), 0);
}

#define RW_THREADS 6
#define RW_ROUNDS  40

static volatile int rw_writing, rw_bad, rw_value;

static void *rw_mixed(void *arg)
{
	long id = (long)arg;
	for (int i = 0; i < RW_ROUNDS; i++) {
		if ((i + id) % 3 == 0) {
			pthread_rwlock_wrlock(&rw);
			rw_writing = 1;
			int v = rw_value;
			l4_thread_yield();
			rw_value = v + 1;
			rw_writing = 0;
		} else {
			pthread_rwlock_rdlock(&rw);
			if (rw_writing)
				rw_bad = 1;
			l4_thread_yield();
		}
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

KTEST(rwlock_many_threads)
{
	pthread_rwlock_init(&rw, NULL);
	rw_writing = rw_bad = rw_value = 0;
	pthread_t t[RW_THREADS];
	int writes = 0;
	for (long i = 0; i < RW_THREADS; i++) {
		pthread_attr_t a = prio_attr(KT_MAIN_PRIO - 1 - (int)(i % 2));
		KT_EQ(pthread_create(&t[i], &a, rw_mixed, (void *)i), 0);
		for (int k = 0; k < RW_ROUNDS; k++)
			writes += (k + i) % 3 == 0;
	}
	KT_EQ(join_all(t, RW_THREADS), 0);
	KT_EQ(rw_bad, 0);
	KT_EQ(rw_value, writes);
	KT_EQ(pthread_rwlock_destroy(&rw), 0);
}

/* ---- barriers ---- */

#define BAR_THREADS 4
#define BAR_ROUNDS  5

static pthread_barrier_t bar;
static volatile int bar_arrived[BAR_ROUNDS], bar_serials[BAR_ROUNDS], bar_early;

static void *barrier_rounds(void *arg)
{
	(void)arg;
	for (int r = 0; r < BAR_ROUNDS; r++) {
		add(&bar_arrived[r], 1);
		int ret = pthread_barrier_wait(&bar);
		if (bar_arrived[r] != BAR_THREADS)
			bar_early = 1;
		if (ret == PTHREAD_BARRIER_SERIAL_THREAD)
			add(&bar_serials[r], 1);
		else if (ret != 0)
			bar_early = 1;
	}
	return NULL;
}

/* Threads below and above the main thread's priority, and the main thread. */
KTEST(barrier_rounds_one_serial)
{
	pthread_barrierattr_t ba;
	KT_EQ(pthread_barrierattr_init(&ba), 0);
	KT_EQ(pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED), ENOTSUP);
	KT_EQ(pthread_barrier_init(&bar, &ba, 0), EINVAL);
	KT_EQ(pthread_barrier_init(&bar, &ba, BAR_THREADS), 0);
	memset((void *)bar_arrived, 0, sizeof(bar_arrived));
	memset((void *)bar_serials, 0, sizeof(bar_serials));
	bar_early = 0;
	pthread_t t[BAR_THREADS - 1];
	for (int i = 0; i < BAR_THREADS - 1; i++) {
		pthread_attr_t a = prio_attr(KT_MAIN_PRIO + (i == 1 ? 3 : -3 - i));
		KT_EQ(pthread_create(&t[i], &a, barrier_rounds, NULL), 0);
	}
	barrier_rounds(NULL);
	KT_EQ(pthread_barrier_destroy(&bar), 0);
	KT_EQ(join_all(t, BAR_THREADS - 1), 0);
	KT_EQ(bar_early, 0);
	for (int r = 0; r < BAR_ROUNDS; r++)
		KT_EQ(bar_serials[r], 1);
	KT_EQ(pthread_barrierattr_destroy(&ba), 0);
}

static void *barrier_once(void *arg)
{
	(void)arg;
	return (void *)(long)pthread_barrier_wait(&bar);
}

KTEST(barrier_destroy_while_waited)
{
	KT_EQ(pthread_barrier_init(&bar, NULL, 2), 0);
	pthread_attr_t hi = prio_attr(KT_MAIN_PRIO + 5);
	pthread_t t;
	KT_EQ(pthread_create(&t, &hi, barrier_once, NULL), 0);
	KT_EQ(pthread_barrier_destroy(&bar), EBUSY);
	KT_EQ(pthread_barrier_wait(&bar), PTHREAD_BARRIER_SERIAL_THREAD);
	void *ret;
	KT_EQ(pthread_join(t, &ret), 0);
	KT_EQ((long)ret, 0);
	KT_EQ(pthread_barrier_destroy(&bar), 0);
}

/* ---- spin locks ---- */

static pthread_spinlock_t spin;
static volatile int spin_holds, spin_release, spin_low_done, spin_high_done, spin_order_ok;

/* Holds the lock until told (not for a time: a host that stops QEMU makes the guest
 * clock jump), running only while the main thread sleeps. */
static void *spin_low(void *arg)
{
	(void)arg;
	pthread_spin_lock(&spin);
	spin_holds = 1;
	while (!spin_release)
		kt_spin_us(100);
	spin_low_done = 1;
	pthread_spin_unlock(&spin);
	return NULL;
}

static void *spin_high(void *arg)
{
	(void)arg;
	pthread_spin_lock(&spin); /* sleeps: spinning would keep the holder from running */
	spin_order_ok = spin_low_done;
	spin_high_done = 1;
	pthread_spin_unlock(&spin);
	return NULL;
}

static void *spin_try(void *arg)
{
	(void)arg;
	int r = pthread_spin_trylock(&spin);
	if (r == 0)
		pthread_spin_unlock(&spin);
	return (void *)(long)r;
}

KTEST(spin_lock_high_waiter_low_holder)
{
	KT_EQ(pthread_spin_init(&spin, PTHREAD_PROCESS_SHARED), ENOTSUP);
	KT_EQ(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE), 0);
	spin_holds = spin_release = spin_low_done = spin_high_done = spin_order_ok = 0;
	pthread_attr_t lo = prio_attr(KT_MAIN_PRIO - 10), hi = prio_attr(KT_MAIN_PRIO + 10);
	pthread_t l, h;
	KT_EQ(pthread_create(&l, &lo, spin_low, NULL), 0);
	KT_ASSERT(kt_wait_ge(&spin_holds, 1, KT_SAFETY_US));
	KT_EQ(run_and_join(spin_try), EBUSY);
	KT_EQ(pthread_spin_destroy(&spin), EBUSY);
	KT_EQ(pthread_create(&h, &hi, spin_high, NULL), 0);
	KT_EQ(spin_high_done, 0); /* it waits, asleep */
	spin_release = 1;
	KT_ASSERT(kt_wait_ge(&spin_high_done, 1, KT_SAFETY_US));
	KT_EQ(spin_order_ok, 1);
	KT_EQ(pthread_join(l, NULL), 0);
	KT_EQ(pthread_join(h, NULL), 0);
	KT_EQ(run_and_join(spin_try), 0);
	KT_EQ(pthread_spin_destroy(&spin), 0);
}

/* ---- cancellation ---- */

static pthread_mutex_t cw_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cw_cond = PTHREAD_COND_INITIALIZER;
static volatile int cw_waiting, cw_cleaned, cw_held_in_cleanup;

static void cw_cleanup(void *arg)
{
	(void)arg;
	/* The cancelled waiter holds the mutex again when its handlers run. */
	cw_held_in_cleanup = pthread_mutex_trylock(&cw_lock) == EBUSY;
	cw_cleaned = 1;
	pthread_mutex_unlock(&cw_lock);
}

static void *cw_fn(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cw_lock);
	pthread_cleanup_push(cw_cleanup, NULL);
	cw_waiting = 1;
	for (;;)
		pthread_cond_wait(&cw_cond, &cw_lock);
	pthread_cleanup_pop(1);
	return NULL;
}

KTEST(cancel_wakes_cond_wait)
{
	cw_waiting = cw_cleaned = cw_held_in_cleanup = 0;
	pthread_attr_t hi = prio_attr(KT_MAIN_PRIO + 5);
	pthread_t t;
	KT_EQ(pthread_create(&t, &hi, cw_fn, NULL), 0);
	KT_EQ(cw_waiting, 1); /* and asleep in pthread_cond_wait */
	KT_EQ(pthread_cancel(t), 0);
	void *ret = NULL;
	KT_EQ(pthread_join(t, &ret), 0);
	KT_ASSERT(ret == PTHREAD_CANCELED);
	KT_EQ(cw_cleaned, 1);
	KT_EQ(cw_held_in_cleanup, 1);
	KT_EQ(pthread_mutex_trylock(&cw_lock), 0);
	KT_EQ(pthread_mutex_unlock(&cw_lock), 0);
}

static volatile int sleepers_asleep;

/* Above the main thread: each runs alone until it sleeps. */
static void *sleep_long(void *arg)
{
	sleepers_asleep++;
	if (arg)
		usleep(100000000u);
	else
		sleep(100000);
	return (void *)1L;
}

static void *join_other(void *arg)
{
	void *ret = NULL;
	pthread_join((pthread_t)arg, &ret);
	return (void *)2L;
}

/* Asleep in sleep(), usleep() and pthread_join(): woken by the cancel, at once. */
KTEST(cancel_wakes_sleep_and_join)
{
	sleepers_asleep = 0;
	pthread_attr_t hi = prio_attr(KT_MAIN_PRIO + 5), mid = prio_attr(KT_MAIN_PRIO + 4);
	pthread_t s1, s2, j;
	KT_EQ(pthread_create(&s1, &hi, sleep_long, NULL), 0);
	KT_EQ(pthread_create(&s2, &hi, sleep_long, (void *)1L), 0);
	KT_EQ(pthread_create(&j, &mid, join_other, s1), 0);
	KT_EQ(sleepers_asleep, 2);
	uint64_t t0 = kt_now_us();
	void *ret = NULL;
	KT_EQ(pthread_cancel(j), 0);
	KT_EQ(pthread_join(j, &ret), 0);
	KT_ASSERT(ret == PTHREAD_CANCELED);
	for (int i = 0; i < 2; i++) {
		pthread_t s = i ? s2 : s1;
		ret = NULL;
		KT_EQ(pthread_cancel(s), 0);
		KT_EQ(pthread_join(s, &ret), 0); /* s1 was left joinable by the cancelled join */
		KT_ASSERT(ret == PTHREAD_CANCELED);
	}
	KT_ASSERT(kt_now_us() - t0 < 50000000u); /* not slept out */
}

static pthread_mutex_t dis_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dis_cond = PTHREAD_COND_INITIALIZER;
static volatile int dis_go, dis_old_state, dis_survived, dis_enabled, dis_after;

static void *disabled_fn(void *arg)
{
	(void)arg;
	int old = -1;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	dis_old_state = old;
	pthread_mutex_lock(&dis_lock);
	while (!dis_go)
		pthread_cond_wait(&dis_cond, &dis_lock); /* not acted on: disabled */
	pthread_mutex_unlock(&dis_lock);
	pthread_testcancel();
	dis_survived = 1;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	dis_enabled = 1; /* deferred: enabling is no cancellation point */
	pthread_testcancel();
	dis_after = 1;
	return NULL;
}

KTEST(cancel_disabled_then_enabled)
{
	dis_go = dis_survived = dis_enabled = dis_after = 0;
	dis_old_state = -1;
	KT_EQ(pthread_setcancelstate(5, NULL), EINVAL);
	KT_EQ(pthread_setcanceltype(7, NULL), EINVAL);
	int old = -1;
	KT_EQ(pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &old), 0);
	KT_EQ(old, PTHREAD_CANCEL_DEFERRED);
	pthread_attr_t hi = prio_attr(KT_MAIN_PRIO + 5);
	pthread_t t;
	KT_EQ(pthread_create(&t, &hi, disabled_fn, NULL), 0);
	KT_EQ(pthread_cancel(t), 0);
	KT_EQ(dis_survived, 0);
	pthread_mutex_lock(&dis_lock);
	dis_go = 1;
	pthread_cond_signal(&dis_cond);
	pthread_mutex_unlock(&dis_lock);
	void *ret = NULL;
	KT_EQ(pthread_join(t, &ret), 0);
	KT_ASSERT(ret == PTHREAD_CANCELED);
	KT_EQ(dis_old_state, PTHREAD_CANCEL_ENABLE);
	KT_EQ(dis_survived, 1);
	KT_EQ(dis_enabled, 1);
	KT_EQ(dis_after, 0);
}

static volatile int cleanup_log[8], cleanup_n;

static void log_cleanup(void *arg)
{
	cleanup_log[cleanup_n++] = (int)(long)arg;
}

static void cleanup_inner(void)
{
	pthread_cleanup_push(log_cleanup, (void *)3L);
	pthread_cleanup_pop(1); /* runs 3 now */
	pthread_cleanup_push(log_cleanup, (void *)4L);
	pthread_cleanup_pop(0); /* never runs 4 */
	pthread_cleanup_push(log_cleanup, (void *)5L);
	pthread_exit((void *)9L); /* runs 5, then the outer ones */
	pthread_cleanup_pop(0);
}

static void *cleanup_outer(void *arg)
{
	(void)arg;
	pthread_cleanup_push(log_cleanup, (void *)1L);
	pthread_cleanup_push(log_cleanup, (void *)2L);
	cleanup_inner();
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return NULL;
}

KTEST(cleanup_handlers_in_order)
{
	cleanup_n = 0;
	pthread_t t;
	void *ret = NULL;
	KT_EQ(pthread_create(&t, NULL, cleanup_outer, NULL), 0);
	KT_EQ(pthread_join(t, &ret), 0);
	KT_EQ((long)ret, 9);
	KT_EQ(cleanup_n, 4);
	KT_EQ(cleanup_log[0] * 1000 + cleanup_log[1] * 100 + cleanup_log[2] * 10 + cleanup_log[3],
	      3521);
}

static volatile int async_ready, async_cleaned, async_old_type;
static volatile unsigned async_spins;

static void async_cleanup(void *arg)
{
	(void)arg;
	async_cleaned = 1;
}

static void *async_spinner(void *arg)
{
	(void)arg;
	int old = -1;
	pthread_cleanup_push(async_cleanup, NULL);
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
	async_old_type = old;
	async_ready = 1;
	for (;;)
		async_spins++; /* no cancellation point */
	pthread_cleanup_pop(0);
	return NULL;
}

/* Below the main thread's priority: it runs only while the main thread sleeps. */
KTEST(cancel_asynchronous)
{
	async_ready = async_cleaned = 0;
	async_old_type = -1;
	pthread_attr_t lo = prio_attr(KT_MAIN_PRIO - 5);
	pthread_t t;
	KT_EQ(pthread_create(&t, &lo, async_spinner, NULL), 0);
	KT_ASSERT(kt_wait_ge(&async_ready, 1, KT_SAFETY_US));
	KT_EQ(pthread_cancel(t), 0);
	void *ret = NULL;
	KT_EQ(pthread_join(t, &ret), 0);
	KT_ASSERT(ret == PTHREAD_CANCELED);
	KT_EQ(async_old_type, PTHREAD_CANCEL_DEFERRED);
	KT_EQ(async_cleaned, 1);
}

/* ---- priorities and attributes ---- */

static volatile int prio_ran, prio_seen;

static void *note_run(void *arg)
{
	(void)arg;
	int policy;
	struct sched_param p;
	pthread_getschedparam(pthread_self(), &policy, &p);
	prio_seen = p.sched_priority;
	prio_ran = 1;
	return NULL;
}

KTEST(sched_param_moves_a_thread)
{
	int policy = -1;
	struct sched_param p = {0};
	KT_EQ(pthread_getschedparam(pthread_self(), &policy, &p), 0);
	KT_EQ(p.sched_priority, KT_MAIN_PRIO);
	prio_ran = 0;
	pthread_attr_t lo = prio_attr(KT_MAIN_PRIO - 10);
	pthread_t t;
	KT_EQ(pthread_create(&t, &lo, note_run, NULL), 0);
	KT_EQ(prio_ran, 0); /* below the main thread: not run yet */
	KT_EQ(pthread_getschedparam(t, &policy, &p), 0);
	KT_EQ(p.sched_priority, KT_MAIN_PRIO - 10);
	KT_EQ(policy, SCHED_OTHER);
	p.sched_priority = 0;
	KT_EQ(pthread_setschedparam(t, SCHED_FIFO, &p), EINVAL);
	p.sched_priority = KT_MAIN_PRIO + 10;
	KT_EQ(pthread_setschedparam(t, 99, &p), EINVAL);
	KT_EQ(pthread_setschedparam(t, SCHED_FIFO, &p), 0);
	KT_EQ(prio_ran, 1); /* above it now: ran at once */
	KT_EQ(prio_seen, KT_MAIN_PRIO + 10);
	KT_EQ(pthread_getschedparam(t, &policy, &p), 0);
	KT_EQ(policy, SCHED_FIFO);
	KT_EQ(pthread_join(t, NULL), 0);
	/* Inherited: the creator's priority, not the attribute's. */
	int inherit = -1;
	KT_EQ(pthread_attr_getinheritsched(&lo, &inherit), 0);
	KT_EQ(inherit, PTHREAD_EXPLICIT_SCHED);
	KT_EQ(pthread_attr_setinheritsched(&lo, PTHREAD_INHERIT_SCHED), 0);
	KT_EQ(pthread_create(&t, &lo, note_run, NULL), 0);
	KT_EQ(pthread_join(t, NULL), 0);
	KT_EQ(prio_seen, KT_MAIN_PRIO);
}

static void *own_attr(void *arg)
{
	const char *base = arg;
	pthread_attr_t a;
	void *addr = NULL;
	size_t size = 0;
	char here;
	if (pthread_getattr_np(pthread_self(), &a) || pthread_attr_getstack(&a, &addr, &size))
		return (void *)-1L;
	if (base && addr != base)
		return (void *)-2L;
	if (&here < (char *)addr || &here >= (char *)addr + size)
		return (void *)-3L;
	return (void *)size;
}

KTEST(attr_stack_and_getattr)
{
	static char stack[8192] __attribute__((aligned(8)));
	pthread_attr_t a;
	void *addr = NULL;
	size_t size = 0;
	pthread_attr_init(&a);
	KT_EQ(pthread_attr_getstacksize(&a, &size), 0);
	KT_EQ(size, 16 * 1024);
	KT_EQ(pthread_attr_setstack(&a, stack, sizeof(stack)), 0);
	KT_EQ(pthread_attr_getstack(&a, &addr, &size), 0);
	KT_ASSERT(addr == stack);
	KT_EQ(size, sizeof(stack));
	KT_EQ(pthread_attr_setscope(&a, PTHREAD_SCOPE_PROCESS), ENOTSUP);
	KT_EQ(pthread_attr_setschedpolicy(&a, 99), EINVAL);
	pthread_t t;
	void *ret;
	KT_EQ(pthread_create(&t, &a, own_attr, stack), 0);
	KT_EQ(pthread_join(t, &ret), 0);
	KT_EQ((long)ret, sizeof(stack));
	KT_EQ(pthread_create(&t, NULL, own_attr, NULL), 0);
	KT_EQ(pthread_kill(t, 0), 0);
	KT_EQ(pthread_kill(t, SIGTERM), ENOSYS);
	KT_ASSERT(!pthread_equal(t, pthread_self()));
	KT_EQ(pthread_join(t, &ret), 0);
	KT_EQ((long)ret, 16 * 1024);
	/* The main thread: its stack if it is the program's own, else none known. */
	KT_EQ(pthread_getattr_np(pthread_self(), &a), 0);
	char here;
	if (a.stackaddr)
		KT_ASSERT(&here >= (char *)a.stackaddr &&
			  &here < (char *)a.stackaddr + a.stacksize);
}

/* glibc's thread names: kept by the library, given to the kernel too (this root task
 * holds the debugger capability), so fault reports show them. */
KTEST(setname_np_names_the_thread_for_the_kernel)
{
	char buf[16], kname[16];
	pthread_t self = pthread_self();
	KT_EQ(pthread_setname_np(self, "pt-main"), 0);
	KT_EQ(pthread_getname_np(self, buf, sizeof(buf)), 0);
	KT_EQ(strcmp(buf, "pt-main"), 0);
	unsigned long id = l4_debugger_global_id(pthread_l4_cap(self));
	KT_EQ(l4_error(l4_debugger_get_object_name(L4_BASE_DEBUGGER_CAP, (unsigned)id, kname,
						   sizeof(kname))),
	      0);
	KT_EQ(strcmp(kname, "pt-main"), 0);
	KT_EQ(pthread_setname_np(self, "sixteen-bytes-xx"), ERANGE);
	KT_EQ(pthread_getname_np(self, buf, 8), ERANGE);
	KT_EQ(pthread_getname_np(self, buf, sizeof(buf)), 0);
	KT_EQ(strcmp(buf, "pt-main"), 0); /* unchanged by the refused name */
}
