/* sched.c - round-robin scheduling of ready threads; the idle loop when there are none. */
#include "sched.h"
#include "arch.h"
#include "irq.h"
#include "printk.h"
#include "task.h"

static struct thread *current;
static struct thread *ready_head, *ready_tail;
static struct thread *sleepers;
static bool exit_when_idle;
static struct task *active_space;

struct thread *current_thread(void)
{
	return current;
}

void sched_set_exit_when_idle(bool enable)
{
	exit_when_idle = enable;
}

static void unlink(struct thread **list, struct thread *t)
{
	for (struct thread **p = list; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			t->next = NULL;
			return;
		}
	}
}

void sched_make_ready(struct thread *t)
{
	if (t->state == THREAD_SLEEPING)
		unlink(&sleepers, t);
	if (t->state == THREAD_READY)
		return;
	t->state = THREAD_READY;
	t->next = NULL;
	if (ready_tail)
		ready_tail->next = t;
	else
		ready_head = t;
	ready_tail = t;
}

/**
 * sched_remove() - take a thread out of the ready queue and sleep list (it stops).
 */
void sched_remove(struct thread *t)
{
	if (t->state == THREAD_READY) {
		struct thread *prev = NULL;
		for (struct thread *p = ready_head; p; prev = p, p = p->next) {
			if (p != t)
				continue;
			if (prev)
				prev->next = t->next;
			else
				ready_head = t->next;
			if (ready_tail == t)
				ready_tail = prev;
			break;
		}
	} else if (t->state == THREAD_SLEEPING) {
		unlink(&sleepers, t);
	}
	t->next = NULL;
	t->state = THREAD_INACTIVE;
}

/**
 * sched_sleep() - block @t for @duration_us microseconds (0: for ever).
 */
void sched_sleep(struct thread *t, time_us_t duration_us)
{
	sched_remove(t);
	t->state = THREAD_SLEEPING;
	t->wakeup_us = duration_us ? arch_timer_now_us() + duration_us : 0;
	t->next = sleepers;
	sleepers = t;
}

/**
 * sched_tick() - timer interrupt: wake sleepers whose time has come, rotate the
 * running thread to the back of the queue.
 */
void sched_tick(void)
{
	time_us_t now = arch_timer_now_us();
	struct thread **p = &sleepers;
	while (*p) {
		struct thread *t = *p;
		if (t->wakeup_us && t->wakeup_us <= now) {
			*p = t->next;
			t->state = THREAD_INACTIVE;
			sched_make_ready(t);
		} else {
			p = &t->next;
		}
	}
	if (current && current->state == THREAD_READY && current != ready_tail) {
		sched_remove(current);
		sched_make_ready(current);
	}
}

/* Can anything ever become ready again? Only a sleeper with a deadline, for now. */
static bool wakeup_possible(void)
{
	for (struct thread *t = sleepers; t; t = t->next)
		if (t->wakeup_us)
			return true;
	return false;
}

/*
 * Nothing is ready: wait for interrupts with interrupts masked (WFI wakes anyway),
 * handle them, and look again. If nothing could ever run and the command line says
 * idle=exit, the system is done.
 */
static void idle(void)
{
	while (!ready_head) {
		arch_wait_for_interrupt();
		irq_handle_pending();
		if (!ready_head && exit_when_idle && !wakeup_possible()) {
			kprintf("keel: no thread can run any more, shutting down\n");
			arch_halt(0);
		}
	}
}

/**
 * schedule_and_return() - leave the kernel into the first ready thread.
 */
NORETURN void schedule_and_return(void)
{
	if (!ready_head)
		idle();
	struct thread *next = ready_head;
	if (next != current) {
		if (next->task != active_space) {
			arch_vspace_activate(&next->task->vspace);
			active_space = next->task;
		}
		arch_thread_switch_registers(&next->ctx);
		current = next;
	}
	arch_return_to_user(&next->ctx);
}
