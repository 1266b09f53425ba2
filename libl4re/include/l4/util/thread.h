/* thread.h - L4Re's low-level thread creation (l4util). */
#ifndef L4_UTIL_THREAD_H
#define L4_UTIL_THREAD_H

#include <l4/sys/compiler.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

EXTERN_C_BEGIN

/*
 * Create a thread in the slot @id (from @factory), bound to @task with the UTCB
 * @thread_utcb (a free one of @task's UTCB area), paged by @pager; start it at @pc with
 * the stack pointer @sp (l4_align_stack_for_direct_fncall()), and if @scheduler is not
 * L4_INVALID_CAP run it there with @scp. It has no exception handler and no TLS
 * pointer: set them (l4_thread_control_exc_handler(), l4_thread_arm_set_tpidruro())
 * before it runs if it needs them; code that uses picolibc's errno needs the latter.
 * Return: 0, or the error of the step that failed (the thread then stays in @id).
 */
L4_CV long l4util_create_thread(l4_cap_idx_t id, l4_utcb_t *thread_utcb, l4_cap_idx_t factory,
				l4_umword_t pc, l4_umword_t sp, l4_cap_idx_t pager,
				l4_cap_idx_t task, l4_cap_idx_t scheduler, l4_sched_param_t scp);

EXTERN_C_END

/*
 * The header of a function a thread starts in when only its stack and instruction
 * pointers are set (ex_regs, l4util_create_thread()): it takes no arguments and never
 * returns (there is nothing to return to).
 */
#ifndef L4UTIL_THREAD_FUNC
#define __L4UTIL_THREAD_FUNC(name)	  void L4_NORETURN name(void)
#define L4UTIL_THREAD_FUNC(name)	  __L4UTIL_THREAD_FUNC(name)
#define __L4UTIL_THREAD_STATIC_FUNC(name) static L4_NORETURN void name(void)
#define L4UTIL_THREAD_STATIC_FUNC(name)	  __L4UTIL_THREAD_STATIC_FUNC(name)
#endif

#endif
