/* aliens.c - an alien thread's system calls seen before and after; L4Re's sys/aliens. */
/*
 * Keel's own program, written the way L4Re's example uses the calls: the main thread
 * makes a thread with thread control's alien flag, being its pager and exception
 * handler. Every system call of an alien is an exception IPC to the handler first
 * (before: L4_PROTO_ALLOW_SYSCALL in the reply lets it run) and again once it is
 * done (after, err & L4_EXC_ALIEN_AFTER_SYSCALL on ARM: the result registers; a reply
 * without the flag lets the thread go on). The alien calls a capability it does not
 * have, writes to the log and sleeps, round after round. L4Re's handler runs for
 * ever; this one stops after a fixed number of exceptions and checks them: before
 * and after alternate, an after is at the pc of its before, and the first call's
 * result is an error (the capability is invalid). The program is loaded with
 * eager_map: nobody serves the alien's page faults. As L4Re's current example, it
 * takes the alien's UTCB from kernel-user memory (l4re_util_kumem_alloc(), through
 * its region mapper) and names both threads for the kernel's reports.
 */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/kumem_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/debugger.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <l4/util/util.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many exceptions the handler looks at: the alien's three calls, each seen twice,
 * twice over, and the start of a third round. */
#define EXCEPTIONS 16

#if defined(ARCH_arm)
static int is_alien_after_call(l4_exc_regs_t const *exc)
{
	return (exc->err & 0x40) != 0;
}

static void print_exc_state(l4_exc_regs_t const *exc)
{
	printf("PC=%08lx SP=%08lx ULR=%08lx CPSR=%08lx Err=%lx/%lx, %s syscall\n",
	       l4_utcb_exc_pc(exc), exc->sp, exc->ulr, exc->cpsr, exc->err, exc->err >> 26,
	       is_alien_after_call(exc) ? " after" : "before");
}
#else
static int is_alien_after_call(l4_exc_regs_t const *exc)
{
	return exc->err & 1;
}

static void print_exc_state(l4_exc_regs_t const *exc)
{
	printf("PC=%08lx SP=%08lx, %s syscall\n", l4_utcb_exc_pc(exc), exc->sp,
	       is_alien_after_call(exc) ? " after" : "before");
}
#endif

static char alien_thread_stack[8 << 10];
static l4_cap_idx_t alien;

static void alien_thread(void)
{
	for (;;) {
		l4_ipc_call(0x1234 << L4_CAP_SHIFT, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
		outstring("An alien's log write -- you should see this\n");
		l4_sleep(10);
	}
}

int main(void)
{
	l4_msgtag_t tag;
	l4_utcb_t *u = l4_utcb();
	l4_exc_regs_t exc;
	l4_umword_t mr0, mr1;
	l4_umword_t before_pc = 0;
	l4_addr_t kumem;
	int befores = 0, afters = 0, wrong = 0, first_result = -1;

	printf("Alien feature testing\n");

	if (l4_is_invalid_cap(alien = l4re_util_cap_alloc()))
		return 1;

	l4_touch_rw(alien_thread_stack, sizeof(alien_thread_stack));

	/* The alien's UTCB: a page of kernel-user memory of its own. */
	if (l4re_util_kumem_alloc(&kumem, 0, L4RE_THIS_TASK_CAP, l4re_env()->rm))
		return 6;

	tag = l4_factory_create_thread(l4re_env()->factory, alien);
	if (l4_error(tag))
		return 2;

	/* Names for the kernel's reports (without a debugger capability: nothing). */
	l4_debugger_set_object_name(alien, "alientest");
	l4_debugger_set_object_name(l4re_env()->main_thread, "alienmain");

	l4_thread_control_start();
	l4_thread_control_pager(l4re_env()->main_thread);
	l4_thread_control_exc_handler(l4re_env()->main_thread);
	l4_thread_control_bind((l4_utcb_t *)kumem, L4RE_THIS_TASK_CAP);
	l4_thread_control_alien(1);
	tag = l4_thread_control_commit(alien);
	if (l4_error(tag))
		return 3;

	tag = l4_thread_ex_regs(alien, (l4_umword_t)alien_thread,
				(l4_umword_t)alien_thread_stack + sizeof(alien_thread_stack), 0);
	if (l4_error(tag))
		return 4;

	l4_sched_param_t sp = l4_sched_param(1, 0);
	tag = l4_scheduler_run_thread(l4re_env()->scheduler, alien, &sp);
	if (l4_error(tag))
		return 5;

	/* Pager/exception loop */
	if (l4_msgtag_has_error(tag = l4_ipc_receive(alien, u, L4_IPC_NEVER))) {
		printf("l4_ipc_receive failed\n");
		return 6;
	}

	memcpy(&exc, l4_utcb_exc(), sizeof(exc));
	mr0 = l4_utcb_mr()->mr[0];
	mr1 = l4_utcb_mr()->mr[1];

	for (int n = 0;; n++) {
		if (l4_msgtag_is_exception(tag)) {
			print_exc_state(&exc);
			if (is_alien_after_call(&exc)) {
				afters++;
				wrong += befores != afters || l4_utcb_exc_pc(&exc) != before_pc;
				/* The first call's result: its tag in r0, error set. */
				if (first_result < 0) {
					l4_msgtag_t result;
					result.raw = exc.r[0];
					first_result = l4_msgtag_has_error(result) != 0;
				}
			} else {
				befores++;
				wrong += befores != afters + 1;
				before_pc = l4_utcb_exc_pc(&exc);
			}
			tag = l4_msgtag(is_alien_after_call(&exc) ? 0 : L4_PROTO_ALLOW_SYSCALL,
					L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0);
		} else {
			printf("Umm, non-handled request (like PF): %lx %lx\n", mr0, mr1);
			wrong++;
		}

		if (n + 1 == EXCEPTIONS)
			break;

		memcpy(l4_utcb_exc(), &exc, sizeof(exc));

		/* Reply and wait */
		if (l4_msgtag_has_error(tag = l4_ipc_call(alien, u, tag, L4_IPC_NEVER))) {
			printf("l4_ipc_call failed\n");
			return 7;
		}
		memcpy(&exc, l4_utcb_exc(), sizeof(exc));
		mr0 = l4_utcb_mr()->mr[0];
		mr1 = l4_utcb_mr()->mr[1];
	}

	printf("aliens: %d before, %d after, %d out of order, the invalid call %s\n", befores,
	       afters, wrong, first_result == 1 ? "failed" : "did not fail");
	int ok = wrong == 0 && befores == EXCEPTIONS / 2 && afters == EXCEPTIONS / 2 &&
		 first_result == 1;
	return ok ? 0 : 8;
}
