/* pthread.h - POSIX threads over Keel threads (libl4re/src/pthread.c, docs/pthread.md). */
#ifndef KEEL_PTHREAD_H
#define KEEL_PTHREAD_H

#include <sched.h>
#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PTHREAD_KEYS_MAX	      32
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
#define PTHREAD_STACK_MIN	      2048
#define PTHREAD_THREADS_MAX	      63

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

#define PTHREAD_MUTEX_NORMAL	 0
#define PTHREAD_MUTEX_RECURSIVE	 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT	 PTHREAD_MUTEX_NORMAL
/* The names glibc and uClibc also have. */
#define PTHREAD_MUTEX_FAST_NP	    PTHREAD_MUTEX_NORMAL
#define PTHREAD_MUTEX_RECURSIVE_NP  PTHREAD_MUTEX_RECURSIVE
#define PTHREAD_MUTEX_ERRORCHECK_NP PTHREAD_MUTEX_ERRORCHECK

/* Only private objects: a waiter sleeps on an IRQ of its own task, which a thread of
 * another task cannot trigger (docs/pthread.md). */
#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED	1

#define PTHREAD_INHERIT_SCHED  0
#define PTHREAD_EXPLICIT_SCHED 1
#define PTHREAD_SCOPE_SYSTEM   0
#define PTHREAD_SCOPE_PROCESS  1

#define PTHREAD_CANCEL_ENABLE	    0
#define PTHREAD_CANCEL_DISABLE	    1
#define PTHREAD_CANCEL_DEFERRED	    0
#define PTHREAD_CANCEL_ASYNCHRONOUS 1
#define PTHREAD_CANCELED	    ((void *)-1)

#define PTHREAD_BARRIER_SERIAL_THREAD (-1)

/* picolibc's value, which its time.h defines only on some systems. libl4re's clocks are
 * all the KIP clock (time since boot). */
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)
#endif

typedef struct __pthread *pthread_t;

typedef struct {
	size_t stacksize;
	void *stackaddr;
	int detachstate;
	int prio; /* 0: the default (the environment's main priority) */
	int policy;
	int inheritsched; /* PTHREAD_EXPLICIT_SCHED (the default) or PTHREAD_INHERIT_SCHED */
} pthread_attr_t;

typedef struct {
	volatile __UINT32_TYPE__ state; /* 0 free, 1 held, 2 held and waited for */
	int type;
	pthread_t owner;
	unsigned count; /* recursive: times taken */
} pthread_mutex_t;

typedef struct {
	int type;
} pthread_mutexattr_t;

typedef struct {
	volatile __UINT32_TYPE__ seq; /* counts signals */
	pthread_mutex_t lock;	      /* guards seq */
	clockid_t clock;	      /* of timedwait's deadline */
} pthread_cond_t;

typedef struct {
	clockid_t clock;
} pthread_condattr_t;

/* Writers first: a reader waits while a writer holds or waits for the lock, unless it
 * holds a read lock already (so that taking one again never deadlocks). */
typedef struct {
	volatile __UINT32_TYPE__ lock; /* guards the rest (libl4re's lock word) */
	volatile __UINT32_TYPE__ rseq; /* readers wait on it: counts their wake-ups */
	volatile __UINT32_TYPE__ wseq; /* writers wait on it */
	unsigned readers;	       /* holding it to read */
	unsigned writers_waiting;
	pthread_t writer; /* holding it to write, or NULL */
} pthread_rwlock_t;

typedef struct {
	int unused;
} pthread_rwlockattr_t;

typedef struct {
	volatile __UINT32_TYPE__ lock;	 /* guards the rest */
	volatile __UINT32_TYPE__ gen;	 /* waiters wait on it: counts completed rounds */
	volatile __UINT32_TYPE__ inside; /* threads in pthread_barrier_wait (destroy waits) */
	unsigned count;			 /* threads that complete a round */
	unsigned waiting;		 /* of this round */
} pthread_barrier_t;

typedef struct {
	int unused;
} pthread_barrierattr_t;

/* A lock that sleeps when it is held, as a mutex: with fixed priorities, a spinning
 * waiter would keep a lower-priority holder from ever releasing it. */
typedef volatile int pthread_spinlock_t;

/* pthread_cleanup_push()'s record, on the caller's stack. */
struct __pthread_cleanup {
	void (*routine)(void *);
	void *arg;
	struct __pthread_cleanup *prev;
};

typedef struct {
	volatile __UINT32_TYPE__ state; /* 0 not run, 1 running, 2 done */
} pthread_once_t;

typedef unsigned pthread_key_t;

#define PTHREAD_MUTEX_INITIALIZER                                                                  \
	{                                                                                          \
		0, PTHREAD_MUTEX_NORMAL, 0, 0                                                      \
	}
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP                                                     \
	{                                                                                          \
		0, PTHREAD_MUTEX_RECURSIVE, 0, 0                                                   \
	}
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP                                                    \
	{                                                                                          \
		0, PTHREAD_MUTEX_ERRORCHECK, 0, 0                                                  \
	}
#define PTHREAD_COND_INITIALIZER                                                                   \
	{                                                                                          \
		0, PTHREAD_MUTEX_INITIALIZER, CLOCK_REALTIME                                       \
	}
#define PTHREAD_RWLOCK_INITIALIZER                                                                 \
	{                                                                                          \
		0, 0, 0, 0, 0, 0                                                                   \
	}
#define PTHREAD_ONCE_INIT                                                                          \
	{                                                                                          \
		0                                                                                  \
	}

/* libl4re's clock_gettime() (every clock: the KIP clock, time since boot), which
 * picolibc's time.h declares only on some systems: the clock of timed waits. */
int clock_gettime(clockid_t clock_id, struct timespec *tp);

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size);
int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state);
int pthread_attr_setschedparam(pthread_attr_t *attr, const struct sched_param *param);
int pthread_attr_getschedparam(const pthread_attr_t *attr, struct sched_param *param);
int pthread_attr_getstack(const pthread_attr_t *attr, void **addr, size_t *size);
int pthread_attr_setschedpolicy(pthread_attr_t *attr, int policy);
int pthread_attr_getschedpolicy(const pthread_attr_t *attr, int *policy);
int pthread_attr_setinheritsched(pthread_attr_t *attr, int inherit);
int pthread_attr_getinheritsched(const pthread_attr_t *attr, int *inherit);
int pthread_attr_setscope(pthread_attr_t *attr, int scope);
int pthread_attr_getscope(const pthread_attr_t *attr, int *scope);
/* The attributes @thread runs with: its stack, detach state, priority. */
int pthread_getattr_np(pthread_t thread, pthread_attr_t *attr);
/* glibc's: name @thread (at most 15 bytes, else ERANGE); the kernel's fault reports
 * show the name too when the program holds the debugger capability (slot 10). */
int pthread_setname_np(pthread_t thread, const char *name);
/* glibc's: @thread's name into @buf (@len at least 16, else ERANGE). */
int pthread_getname_np(pthread_t thread, char *buf, size_t len);

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
int pthread_join(pthread_t thread, void **ret);
int pthread_detach(pthread_t thread);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
_Noreturn void pthread_exit(void *ret);
int pthread_setschedparam(pthread_t thread, int policy, const struct sched_param *param);
int pthread_getschedparam(pthread_t thread, int *policy, struct sched_param *param);
int pthread_setschedprio(pthread_t thread, int prio);
/* Keel has no signals: 0 for signal 0 (the thread exists), ENOSYS for every other. */
int pthread_kill(pthread_t thread, int sig);

int pthread_cancel(pthread_t thread);
void pthread_testcancel(void);
int pthread_setcancelstate(int state, int *oldstate);
int pthread_setcanceltype(int type, int *oldtype);
void __pthread_cleanup_push(struct __pthread_cleanup *c, void (*routine)(void *), void *arg);
void __pthread_cleanup_pop(struct __pthread_cleanup *c, int execute);
/* Pairs may nest in one function: the inner record hides the outer one on purpose. */
#define pthread_cleanup_push(routine, arg)                                                         \
	do {                                                                                       \
		_Pragma("GCC diagnostic push");                                                    \
		_Pragma("GCC diagnostic ignored \"-Wshadow\"");                                    \
		struct __pthread_cleanup __pthread_cb;                                             \
		_Pragma("GCC diagnostic pop");                                                     \
		__pthread_cleanup_push(&__pthread_cb, (routine), (arg));
#define pthread_cleanup_pop(execute)                                                               \
	__pthread_cleanup_pop(&__pthread_cb, (execute));                                           \
	}                                                                                          \
	while (0)

int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type);
int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared);
int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared);
int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime);

int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock);
int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared);
int pthread_condattr_getpshared(const pthread_condattr_t *attr, int *pshared);
int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);

int pthread_rwlockattr_init(pthread_rwlockattr_t *attr);
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr);
int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *attr, int pshared);
int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *attr, int *pshared);
int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr);
int pthread_rwlock_destroy(pthread_rwlock_t *rw);
int pthread_rwlock_rdlock(pthread_rwlock_t *rw);
int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw);
int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime);
int pthread_rwlock_wrlock(pthread_rwlock_t *rw);
int pthread_rwlock_trywrlock(pthread_rwlock_t *rw);
int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime);
int pthread_rwlock_unlock(pthread_rwlock_t *rw);

int pthread_barrierattr_init(pthread_barrierattr_t *attr);
int pthread_barrierattr_destroy(pthread_barrierattr_t *attr);
int pthread_barrierattr_setpshared(pthread_barrierattr_t *attr, int pshared);
int pthread_barrierattr_getpshared(const pthread_barrierattr_t *attr, int *pshared);
int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned count);
int pthread_barrier_destroy(pthread_barrier_t *b);
int pthread_barrier_wait(pthread_barrier_t *b);

int pthread_spin_init(pthread_spinlock_t *lock, int pshared);
int pthread_spin_destroy(pthread_spinlock_t *lock);
int pthread_spin_lock(pthread_spinlock_t *lock);
int pthread_spin_trylock(pthread_spinlock_t *lock);
int pthread_spin_unlock(pthread_spinlock_t *lock);

int pthread_once(pthread_once_t *once, void (*fn)(void));

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

#ifdef __cplusplus
}
#endif

#endif
