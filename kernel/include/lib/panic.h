/* panic.h - stopping the system on a kernel bug. */
#ifndef KEEL_PANIC_H
#define KEEL_PANIC_H

#include "types.h"

NORETURN void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
NORETURN void panic_halt(void);

#endif
