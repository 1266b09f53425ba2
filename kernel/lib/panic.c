/* panic.c - report a kernel bug with a call trace and stop with a failure status. */
#include "lib/panic.h"
#include "arch.h"
#include "lib/printk.h"
#include "object/task.h"
#include "sched/sched.h"
#include <stdarg.h>

/* Exit status of the machine after a panic; test harnesses look for it. */
#define PANIC_EXIT_STATUS 1

NORETURN void panic_halt(void)
{
	arch_halt(PANIC_EXIT_STATUS);
}

NORETURN void panic(const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("\nKERNEL PANIC: %s\n", msg);
	struct thread *t = current_thread();
	if (t && t->task)
		kprintf("in thread %u '%s' of task %u '%s'\n", t->id, t->obj.name, t->task->id,
			t->task->obj.name);
	arch_print_backtrace();
	panic_halt();
}
