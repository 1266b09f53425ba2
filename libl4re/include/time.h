/*
 * time.h - picolibc's <time.h>, and nanosleep(): picolibc declares it only where its
 * features say _POSIX_TIMERS (RTEMS, Cygwin), not for ARM; libl4re implements it
 * (docs/posix.md), as L4Re's C library has it. Everything else is picolibc's.
 */
#include_next <time.h>

#ifndef KEEL_LIBL4RE_TIME_H
#define KEEL_LIBL4RE_TIME_H

#if !defined(_POSIX_TIMERS) && __POSIX_VISIBLE >= 199309
#ifdef __cplusplus
extern "C" {
#endif
int nanosleep(const struct timespec *rqtp, struct timespec *rmtp);
#ifdef __cplusplus
}
#endif
#endif

#endif
