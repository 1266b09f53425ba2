/* test_hooks.h - deliberate failures that only test kernels contain (see docs/testing). */
#ifndef KEEL_TEST_HOOKS_H
#define KEEL_TEST_HOOKS_H

/* Run the test actions the command line asks for (test kernels); no-op otherwise. */
void test_hooks_run(const char *cmdline);
/* Make interrupt line @irq pending at the interrupt controller, as its device would
 * (test kernels); returns 0, or -L4_ENOSYS in kernels without test hooks. */
long test_hooks_irq_pend(unsigned irq);
/* At a preemption point (sched_preempt_point()): with test=preempt_irq=N on the command
 * line, make line N pending, so that every long operation is preempted wherever it can
 * be (test kernels; no-op otherwise). */
void test_hooks_preempt_point(void);
struct thread;
/* Check the kernel's structures (kernel_self_check()) for @caller, which must be the
 * root task's (test kernels; -L4_ENOSYS otherwise). Return: 0, -L4_EIO if a problem was
 * found (reported on the console), -L4_EPERM for another task. */
long test_hooks_self_check(struct thread *caller);

#endif
