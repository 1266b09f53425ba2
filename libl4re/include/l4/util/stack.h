/* stack.h - L4Re's l4util stack helpers: the stack pointer, and pushing a word onto a stack being
 * built. */
#ifndef L4_UTIL_STACK_H
#define L4_UTIL_STACK_H

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

EXTERN_C_BEGIN

/* Push @val onto the (full descending) stack whose top is *@stack; *@stack moves down a word. */
L4_INLINE void l4util_stack_push_mword(l4_addr_t *stack, l4_mword_t val)
{
	l4_mword_t *sp = (l4_mword_t *)*stack;
	*--sp = val;
	*stack = (l4_addr_t)sp;
}

/* The calling thread's stack pointer. */
L4_INLINE l4_addr_t l4util_stack_get_sp(void)
{
	l4_addr_t sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

EXTERN_C_END

#endif
