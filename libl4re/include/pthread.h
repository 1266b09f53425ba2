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

typedef struct __pthread *pthread_t;

typedef struct {
	size_t stacksize;
	void *stackaddr;
	int detachstate;
	int prio; /* 0: the default (the environment's main priority) */
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
} pthread_cond_t;

typedef struct {
	int unused;
} pthread_condattr_t;

typedef struct {
	volatile __UINT32_TYPE__ state; /* 0 not run, 1 running, 2 done */
} pthread_once_t;

typedef unsigned pthread_key_t;

#define PTHREAD_MUTEX_INITIALIZER                                                                  \
	{                                                                                          \
		0, PTHREAD_MUTEX_NORMAL, 0, 0                                                      \
	}
#define PTHREAD_COND_INITIALIZER                                                                   \
	{                                                                                          \
		0, PTHREAD_MUTEX_INITIALIZER                                                       \
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

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
int pthread_join(pthread_t thread, void **ret);
int pthread_detach(pthread_t thread);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
_Noreturn void pthread_exit(void *ret);

int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type);
int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);

int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);

int pthread_once(pthread_once_t *once, void (*fn)(void));

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

#ifdef __cplusplus
}
#endif

#endif
