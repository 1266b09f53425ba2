/* util.h - sleeping and timeout conversion (L4Re's l4util). */
#ifndef L4_UTIL_UTIL_H
#define L4_UTIL_UTIL_H

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

/* Sleep for at least @ms milliseconds (-1: for ever). */
void l4_sleep(int ms);
/* Sleep for at least @us microseconds (-1: for ever). */
void l4_usleep(int us);
/* Sleep for ever. */
L4_NORETURN void l4_sleep_forever(void);
/* A relative timeout of at least @mus microseconds (0: zero, ~0U: never). */
l4_timeout_s l4util_micros2l4to(unsigned int mus);

#endif
