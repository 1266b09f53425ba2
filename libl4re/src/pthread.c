/* pthread.c - POSIX threads over Keel threads: creation, join, attributes, priorities, keys. */
#define _POSIX_C_SOURCE 200809L
#include "lock.h"
#include "pthread_impl.h"
#include <errno.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/debugger.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/util/atomic.h>
#include <pthread-l4.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The link map (libl4re/user.ld) and picolibc: the TLS template and its copy; the
 * program's own stack (the main thread's, unless the loader gave it one). */
extern char __tbss_offset[], __tbss_size[], __tls_align[], __arm32_tls_tcb_offset[];
extern char __stack_bottom[], __stack_top[];
void _init_tls(void *tls);

#define DEFAULT_STACK (16 * 1024)
#define UTCB_SLOTS    32 /* at most, from the environment's first free UTCB on */

/* The main thread's record: its capability and priority come from the environment. */
static struct __pthread main_thread = {.cap = L4_INVALID_CAP, .waiter = -1, .utcb_slot = -1};
static __thread struct __pthread *self;
static l4re_lock_t threads_lock = L4RE_LOCK_INIT; /* UTCBs, zombies, live count, keys */
static uint32_t utcb_used;			  /* a bit per UTCB slot */
static struct __pthread *zombies;		  /* detached threads that ended */
static volatile uint32_t live;			  /* threads made here still running */

static struct {
	int used;
	unsigned gen; /* counts creations, so that a new key has no old values */
	void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];

/* ---- the main thread ---- */

static struct __pthread *main_record(void)
{
	if (l4_is_invalid_cap(main_thread.cap)) {
		main_thread.prio = (int)l4re_env()->main_prio;
		main_thread.cap = l4re_env()->main_thread;
	}
	return &main_thread;
}

/* Is the caller the main thread (whose UTCB is the first of the area)? */
static int in_main_thread(void)
{
	return (l4_addr_t)l4_utcb() == l4_fpage_memaddr(l4re_env()->utcb_area);
}

/* The main thread's waiter, made before the first other thread starts. */
static void main_waiter(void)
{
	struct __pthread *m = main_record();
	if (m->waiter >= 0)
		return;
	m->waiter = l4re_waiter_main();
	l4re_waiter_set_prio(m->waiter, (unsigned)m->prio);
}

struct __pthread *l4re_pthread_current(void)
{
	if (!__builtin_thread_pointer())
		return NULL;
	if (self && self != &main_thread)
		return self;
	if (!in_main_thread())
		return NULL;
	self = main_record();
	return self;
}

/* ---- UTCBs ---- */

static unsigned utcb_slots(void)
{
	const l4re_env_t *e = l4re_env();
	l4_addr_t end = l4_fpage_memaddr(e->utcb_area) + (1UL << l4_fpage_size(e->utcb_area));
	unsigned n =
	    e->first_free_utcb < end ? (unsigned)((end - e->first_free_utcb) / L4_UTCB_OFFSET) : 0;
	return n < UTCB_SLOTS ? n : UTCB_SLOTS;
}

/* A free UTCB slot (threads_lock held), or -1. */
static int utcb_alloc(void)
{
	unsigned n = utcb_slots();
	for (unsigned i = 0; i < n; i++)
		if (!(utcb_used & (1u << i))) {
			utcb_used |= 1u << i;
			return (int)i;
		}
	return -1;
}

static l4_utcb_t *utcb_addr(int slot)
{
	return (l4_utcb_t *)(l4re_env()->first_free_utcb + (l4_addr_t)slot * L4_UTCB_OFFSET);
}

/* ---- thread memory and the kernel's thread ---- */

static size_t tls_size(void)
{
	size_t a = (size_t)(uintptr_t)__tls_align;
	return (size_t)(uintptr_t)__arm32_tls_tcb_offset + (a < 8 ? 8 : a) +
	       (size_t)(uintptr_t)__tbss_offset + (size_t)(uintptr_t)__tbss_size;
}

/* The thread pointer for a TLS block in @mem (after room for the TCB), initialised. */
static l4_addr_t tls_setup(void *mem)
{
	size_t a = (size_t)(uintptr_t)__tls_align, tcb = (size_t)(uintptr_t)__arm32_tls_tcb_offset;
	if (a < 8)
		a = 8;
	uintptr_t tls = ((uintptr_t)mem + tcb + a - 1) & ~(uintptr_t)(a - 1);
	_init_tls((void *)tls);
	return (l4_addr_t)(tls - tcb);
}

/* Everything of @t, once its Keel thread is gone or about to sleep for ever. */
static void thread_free(struct __pthread *t)
{
	l4_task_delete_obj(L4_BASE_TASK_CAP, t->cap);
	l4re_util_cap_free(t->cap);
	l4re_waiter_free(t->waiter);
	l4re_lock(&threads_lock);
	utcb_used &= ~(1u << t->utcb_slot);
	l4re_unlock(&threads_lock);
	free(t->stack);
	free(t->tls);
	free(t);
}

/* Free the detached threads that have ended. */
static void reap(void)
{
	l4re_lock(&threads_lock);
	struct __pthread **p = &zombies, *done = NULL;
	while (*p) {
		struct __pthread *t = *p;
		if (t->exited) {
			*p = t->next_zombie;
			t->next_zombie = done;
			done = t;
		} else {
			p = &t->next_zombie;
		}
	}
	l4re_unlock(&threads_lock);
	while (done) {
		struct __pthread *t = done;
		done = t->next_zombie;
		thread_free(t);
	}
}

void pthread_l4_entry(struct __pthread *t) __attribute__((noreturn, used));

/* The first C code of a new thread (r0 = its struct __pthread). */
void pthread_l4_entry(struct __pthread *t)
{
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = 0;
	l4_utcb_tcr()->error = 0;
	self = t;
	l4re_waiter_set_self(t->waiter);
	pthread_exit(t->fn(t->arg));
}

/* sp points at the struct __pthread pointer. */
__attribute__((naked)) static void trampoline(void)
{
	__asm__ volatile("ldr r0, [sp]\n\t"
			 "b pthread_l4_entry\n\t");
}

/* Create, bind and start the Keel thread of @t on @stack_top at @prio. */
static int thread_start(struct __pthread *t, l4_addr_t stack_top, unsigned prio)
{
	const l4re_env_t *e = l4re_env();
	l4_addr_t tp = tls_setup(t->tls);
	if (l4_error(l4_factory_create_thread(e->factory, t->cap)))
		return EAGAIN;
	l4_thread_control_start();
	if (l4_is_valid_cap(e->rm)) {
		l4_thread_control_pager(e->rm);
		l4_thread_control_exc_handler(L4_BASE_PAGER_CAP);
	}
	l4_thread_control_bind(utcb_addr(t->utcb_slot), L4_BASE_TASK_CAP);
	long err = l4_error(l4_thread_control_commit(t->cap));
	if (!err) {
		t->waiter = l4re_waiter_alloc(t->cap);
		err = t->waiter < 0 ? -L4_ENOMEM : 0;
		l4re_waiter_set_prio(t->waiter, prio);
	}
	l4_addr_t sp = (stack_top & ~7UL) - 8;
	*(struct __pthread **)sp = t;
	if (!err)
		err = l4_error(l4_thread_ex_regs(t->cap, (l4_addr_t)trampoline, sp, 0));
	if (!err)
		err = l4_error(l4_thread_arm_set_tpidruro(t->cap, tp));
	l4_sched_param_t param = l4_sched_param(prio, 0);
	if (!err)
		err = l4_error(l4_scheduler_run_thread(e->scheduler, t->cap, &param));
	if (err) {
		l4_task_delete_obj(L4_BASE_TASK_CAP, t->cap);
		l4re_waiter_free(t->waiter);
		return EAGAIN;
	}
	return 0;
}

/* Memory, a capability slot and a UTCB for a new thread; 0 or an errno value. */
static int thread_alloc(struct __pthread *t, const pthread_attr_t *a, l4_addr_t *stack_top)
{
	size_t size = a->stacksize ? a->stacksize : DEFAULT_STACK;
	t->stack = a->stackaddr ? NULL : malloc(size);
	t->tls = malloc(tls_size());
	t->cap = l4re_util_cap_alloc();
	l4re_lock(&threads_lock);
	t->utcb_slot = utcb_alloc();
	l4re_unlock(&threads_lock);
	if ((!a->stackaddr && !t->stack) || !t->tls || l4_is_invalid_cap(t->cap) ||
	    t->utcb_slot < 0) {
		l4re_lock(&threads_lock);
		if (t->utcb_slot >= 0)
			utcb_used &= ~(1u << t->utcb_slot);
		l4re_unlock(&threads_lock);
		l4re_util_cap_free(t->cap);
		free(t->stack);
		free(t->tls);
		return EAGAIN;
	}
	t->stack_base = a->stackaddr ? a->stackaddr : t->stack;
	t->stack_size = size;
	*stack_top = (l4_addr_t)t->stack_base + size;
	return 0;
}

/* ---- threads ---- */

/* The priority and policy of a thread @creator makes with @a. */
static void sched_of_new(struct __pthread *t, const pthread_attr_t *a,
			 const struct __pthread *creator)
{
	if (a->inheritsched == PTHREAD_INHERIT_SCHED) {
		t->prio = creator->prio;
		t->policy = creator->policy;
		return;
	}
	t->prio = a->prio ? a->prio : (int)l4re_env()->main_prio;
	if (t->prio < 1)
		t->prio = 1;
	t->policy = a->policy;
}

/**
 * pthread_create() - start a thread running @fn(@arg).
 * @thread: set to the new thread.
 * @attr: stack size or stack, detach state, priority (sched_priority, or the creator's
 * with PTHREAD_INHERIT_SCHED); NULL: defaults (16 KiB stack, joinable, the
 * environment's main priority).
 * Return: 0, EAGAIN (no memory, UTCB, capability slot or kernel memory).
 */
int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	pthread_attr_t defaults;
	if (!attr) {
		pthread_attr_init(&defaults);
		attr = &defaults;
	}
	struct __pthread *creator = pthread_self();
	main_waiter();
	reap();
	struct __pthread *t = calloc(1, sizeof(*t));
	l4_addr_t stack_top;
	if (!t || thread_alloc(t, attr, &stack_top)) {
		free(t);
		return EAGAIN;
	}
	t->fn = fn;
	t->arg = arg;
	t->detached = attr->detachstate == PTHREAD_CREATE_DETACHED;
	sched_of_new(t, attr, creator);
	l4re_lock(&threads_lock);
	live++;
	l4re_unlock(&threads_lock);
	int err = thread_start(t, stack_top, (unsigned)t->prio);
	if (err) {
		l4re_lock(&threads_lock);
		live--;
		utcb_used &= ~(1u << t->utcb_slot);
		l4re_unlock(&threads_lock);
		l4re_util_cap_free(t->cap);
		free(t->stack);
		free(t->tls);
		free(t);
		return err;
	}
	*thread = t;
	return 0;
}

/* Call the key destructors of the calling thread's values, as POSIX says. */
static void run_destructors(struct __pthread *t)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		int any = 0;
		for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
			void (*d)(void *) = keys[k].used ? keys[k].destructor : NULL;
			void *v = t->specific_gen[k] == keys[k].gen ? (void *)t->specific[k] : NULL;
			if (!d || !v)
				continue;
			t->specific[k] = NULL;
			d(v);
			any = 1;
		}
		if (!any)
			break;
	}
}

/**
 * pthread_exit() - end the calling thread with @ret (what pthread_join returns); a
 * thread's function returning does the same. Cleanup handlers and key destructors run
 * first, with cancellation disabled. In the main thread: the program ends (exit(0))
 * once the other threads have ended.
 */
_Noreturn void pthread_exit(void *ret)
{
	struct __pthread *t = pthread_self();
	if (l4re_pthread_current())
		l4re_cancel_exit(t);
	t->ret = ret;
	run_destructors(t);
	l4re_flush_output();
	if (t == &main_thread) {
		for (uint32_t n = live; n; n = live)
			l4re_wait(&live, n, NULL);
		exit(0);
	}
	l4re_lock(&threads_lock);
	t->exit_begun = 1;
	if (t->detached) {
		t->next_zombie = zombies;
		zombies = t;
	}
	live--;
	l4re_unlock(&threads_lock);
	l4re_wake(&live, 1);
	/* The last of its memory it touches: from here on it may be freed. */
	l4util_xchg32(&t->exited, 1);
	l4re_wake(&t->exited, 1);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/**
 * pthread_join() - wait for @thread to end and free it. A cancellation point: a
 * cancelled caller leaves @thread joinable.
 * @ret: if not NULL, set to what the thread returned or passed to pthread_exit
 * (PTHREAD_CANCELED if it was cancelled).
 * Return: 0, EINVAL (detached or the main thread), EDEADLK (the caller itself).
 */
int pthread_join(pthread_t thread, void **ret)
{
	if (thread == pthread_self())
		return EDEADLK;
	if (!thread || thread == &main_thread || thread->detached)
		return EINVAL;
	const volatile uint32_t *stop = l4re_cancel_point();
	while (!thread->exited)
		if (l4re_wait_stop(&thread->exited, 0, NULL, stop) == ECANCELED)
			l4re_cancel_act();
	if (ret)
		*ret = thread->ret;
	thread_free(thread);
	reap();
	return 0;
}

/**
 * pthread_detach() - let @thread free itself when it ends (the next pthread_create or
 * pthread_join after that frees it).
 * Return: 0 or EINVAL.
 */
int pthread_detach(pthread_t thread)
{
	if (!thread || thread == &main_thread || thread->detached)
		return EINVAL;
	l4re_lock(&threads_lock);
	int late = thread->exit_begun;
	if (!late)
		thread->detached = 1;
	l4re_unlock(&threads_lock);
	if (late)
		return pthread_join(thread, NULL);
	return 0;
}

pthread_t pthread_self(void)
{
	if (!self)
		self = main_record();
	return self;
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

int pthread_setname_np(pthread_t thread, const char *name)
{
	size_t n = strlen(name);
	if (!thread)
		return ESRCH;
	if (n >= sizeof(thread->name))
		return ERANGE;
	memcpy(thread->name, name, n + 1);
	/* Without a debugger capability this is an IPC error, which changes nothing. */
	l4_debugger_set_object_name(pthread_l4_cap(thread), name);
	return 0;
}

int pthread_getname_np(pthread_t thread, char *buf, size_t len)
{
	if (!thread)
		return ESRCH;
	if (len < sizeof(thread->name))
		return ERANGE;
	memcpy(buf, thread->name, sizeof(thread->name));
	return 0;
}

l4_cap_idx_t pthread_l4_cap(pthread_t thread)
{
	if (thread == &main_thread)
		return l4re_env()->main_thread;
	return thread ? thread->cap : L4_INVALID_CAP;
}

int pthread_kill(pthread_t thread, int sig)
{
	if (!thread)
		return ESRCH;
	if (sig < 0 || sig > 64)
		return EINVAL;
	return sig == 0 ? 0 : ENOSYS;
}

/* ---- priorities: the Keel priority, through the program's scheduler ---- */

static int valid_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_FIFO || policy == SCHED_RR;
}

/**
 * pthread_setschedprio() - run @thread at Keel priority @prio (1-255, within the
 * program's scheduler) from now on; wakers prefer it by that priority.
 * Return: 0, EINVAL, or EPERM (the scheduler refused it).
 */
int pthread_setschedprio(pthread_t thread, int prio)
{
	if (!thread || prio < 1 || prio > 255)
		return EINVAL;
	if (thread == &main_thread)
		main_record();
	/* Before the kernel's change: a raised thread may run at once, and wait. */
	int old = thread->prio;
	thread->prio = prio;
	l4re_waiter_set_prio(thread->waiter, (unsigned)prio);
	l4_sched_param_t p = l4_sched_param((unsigned)prio, 0);
	if (l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, pthread_l4_cap(thread), &p))) {
		thread->prio = old;
		l4re_waiter_set_prio(thread->waiter, (unsigned)old);
		return EPERM;
	}
	return 0;
}

/* The policy is recorded only: Keel runs every thread by fixed priority, round robin
 * among equals. */
int pthread_setschedparam(pthread_t thread, int policy, const struct sched_param *param)
{
	if (!valid_policy(policy))
		return EINVAL;
	int err = pthread_setschedprio(thread, param->sched_priority);
	if (!err)
		thread->policy = policy;
	return err;
}

int pthread_getschedparam(pthread_t thread, int *policy, struct sched_param *param)
{
	if (!thread)
		return ESRCH;
	if (thread == &main_thread)
		main_record();
	*policy = thread->policy;
	param->sched_priority = thread->prio;
	return 0;
}

/* Where the main thread's stack is: the program's own, if it runs on it. */
static void main_stack(void **base, size_t *size)
{
	char here;
	uintptr_t sp = (uintptr_t)&here;
	*base = NULL;
	*size = 0;
	if (sp > (uintptr_t)__stack_bottom && sp < (uintptr_t)__stack_top) {
		*base = __stack_bottom;
		*size = (size_t)((uintptr_t)__stack_top - (uintptr_t)__stack_bottom);
	}
}

/**
 * pthread_getattr_np() - the attributes @thread runs with: its stack (the main
 * thread's: the program's, or none known if the loader gave it another), detach state,
 * priority and policy.
 */
int pthread_getattr_np(pthread_t thread, pthread_attr_t *attr)
{
	if (!thread)
		return ESRCH;
	pthread_attr_init(attr);
	if (thread == &main_thread) {
		main_record();
		main_stack(&attr->stackaddr, &attr->stacksize);
	} else {
		attr->stackaddr = thread->stack_base;
		attr->stacksize = thread->stack_size;
	}
	attr->detachstate = thread->detached ? PTHREAD_CREATE_DETACHED : PTHREAD_CREATE_JOINABLE;
	attr->prio = thread->prio;
	attr->policy = thread->policy;
	return 0;
}

/* ---- attributes ---- */

int pthread_attr_init(pthread_attr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->policy = SCHED_OTHER;
	attr->inheritsched = PTHREAD_EXPLICIT_SCHED;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	attr->stacksize = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
	*size = attr->stacksize ? attr->stacksize : DEFAULT_STACK;
	return 0;
}

/* The lowest address of the stack set by pthread_attr_setstack (NULL: none), its size. */
int pthread_attr_getstack(const pthread_attr_t *attr, void **addr, size_t *size)
{
	*addr = attr->stackaddr;
	return pthread_attr_getstacksize(attr, size);
}

int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size)
{
	if (size < PTHREAD_STACK_MIN || !addr)
		return EINVAL;
	attr->stackaddr = addr;
	attr->stacksize = size;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	attr->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
	*state = attr->detachstate;
	return 0;
}

/* Keel: sched_priority is the Keel priority (within the program's scheduler). */
int pthread_attr_setschedparam(pthread_attr_t *attr, const struct sched_param *param)
{
	if (param->sched_priority < 0 || param->sched_priority > 255)
		return EINVAL;
	attr->prio = param->sched_priority;
	return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t *attr, struct sched_param *param)
{
	param->sched_priority = attr->prio;
	return 0;
}

int pthread_attr_setschedpolicy(pthread_attr_t *attr, int policy)
{
	if (!valid_policy(policy))
		return EINVAL;
	attr->policy = policy;
	return 0;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *attr, int *policy)
{
	*policy = attr->policy;
	return 0;
}

/* PTHREAD_INHERIT_SCHED: the new thread gets its creator's priority and policy. */
int pthread_attr_setinheritsched(pthread_attr_t *attr, int inherit)
{
	if (inherit != PTHREAD_INHERIT_SCHED && inherit != PTHREAD_EXPLICIT_SCHED)
		return EINVAL;
	attr->inheritsched = inherit;
	return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *attr, int *inherit)
{
	*inherit = attr->inheritsched;
	return 0;
}

/* Every thread is scheduled by the kernel, among all threads: system scope only. */
int pthread_attr_setscope(pthread_attr_t *attr, int scope)
{
	(void)attr;
	if (scope == PTHREAD_SCOPE_SYSTEM)
		return 0;
	return scope == PTHREAD_SCOPE_PROCESS ? ENOTSUP : EINVAL;
}

int pthread_attr_getscope(const pthread_attr_t *attr, int *scope)
{
	(void)attr;
	*scope = PTHREAD_SCOPE_SYSTEM;
	return 0;
}

/* ---- once ---- */

/**
 * pthread_once() - run @fn once for @once; callers that come while it runs wait.
 */
int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	if (once->state == 2)
		return 0;
	uint32_t old = l4util_xchg32(&once->state, 1);
	if (old != 1) {
		if (old == 0)
			fn();
		l4util_xchg32(&once->state, 2); /* (old 2: undo the exchange) */
		l4re_wake(&once->state, ~0u);
		return 0;
	}
	while (once->state != 2)
		l4re_wait(&once->state, 1, NULL);
	return 0;
}

/* ---- keys ---- */

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	int err = EAGAIN;
	l4re_lock(&threads_lock);
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++)
		if (!keys[k].used) {
			keys[k].used = 1;
			keys[k].gen++;
			keys[k].destructor = destructor;
			*key = k;
			err = 0;
			break;
		}
	l4re_unlock(&threads_lock);
	return err;
}

int pthread_key_delete(pthread_key_t key)
{
	if (key >= PTHREAD_KEYS_MAX || !keys[key].used)
		return EINVAL;
	l4re_lock(&threads_lock);
	keys[key].used = 0;
	keys[key].destructor = NULL;
	l4re_unlock(&threads_lock);
	return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
	struct __pthread *t = pthread_self();
	if (key >= PTHREAD_KEYS_MAX || !keys[key].used || t->specific_gen[key] != keys[key].gen)
		return NULL;
	return (void *)t->specific[key];
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	struct __pthread *t = pthread_self();
	if (key >= PTHREAD_KEYS_MAX || !keys[key].used)
		return EINVAL;
	t->specific[key] = value;
	t->specific_gen[key] = keys[key].gen;
	return 0;
}
