/* pthread-l4.h - L4Re's pthread extensions: a thread's capability. */
#ifndef KEEL_PTHREAD_L4_H
#define KEEL_PTHREAD_L4_H

#include <l4/sys/types.h>
#include <pthread.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The capability of @thread's Keel thread (L4_INVALID_CAP if it is not known). */
l4_cap_idx_t pthread_l4_cap(pthread_t thread);

#ifdef __cplusplus
}
#endif

#endif
