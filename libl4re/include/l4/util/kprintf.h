/* kprintf.h - L4Re's l4_kprintf(): printf through the kernel debugger's output (Keel: the log). */
#ifndef L4_UTIL_KPRINTF_H
#define L4_UTIL_KPRINTF_H

#include <l4/sys/compiler.h>

EXTERN_C_BEGIN

/*
 * Format as printf() does and write the text as outnstring() of l4/sys/kdebug.h does
 * (through L4_BASE_LOG_CAP, at once, not after what stdout buffered). It needs no TLS.
 * Return: the number of characters, or a negative error of the formatting.
 */
L4_CV int l4_kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

EXTERN_C_END

#endif
