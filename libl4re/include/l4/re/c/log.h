/*
 * log.h - L4Re's log interface (l4/re/c/log.h): text to a log or vcon capability, such
 * as the environment's log (l4re_env()->log: the console session or the kernel log).
 */
#ifndef L4_RE_C_LOG_H
#define L4_RE_C_LOG_H

#include <l4/re/env.h>
#include <l4/sys/compiler.h>

EXTERN_C_BEGIN

/* Write the string @string to the log @logcap (in writes of L4_VCON_WRITE_SIZE). What
 * stdout has buffered for the same capability is written first, keeping the order. */
L4_CV void l4re_log_print_srv(const l4_cap_idx_t logcap, char const *string);

/* Write @len bytes of @string to the log @logcap (@len < 0: nothing). */
L4_CV void l4re_log_printn_srv(const l4_cap_idx_t logcap, char const *string, int len);

/* The same to the environment's log. */
L4_CV void l4re_log_print(char const *string);
L4_CV void l4re_log_printn(char const *string, int len);

EXTERN_C_END

#endif
