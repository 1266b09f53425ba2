/* cap_alloc.c - a bitmap of free capability slots above the environment's first free one. */
#include "lock.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/task.h>

/* How many slots the allocator hands out (from first_free_cap on). */
#define CAP_ALLOC_SLOTS 4096

static unsigned long used[CAP_ALLOC_SLOTS / 32];
static unsigned next_hint;
static l4re_lock_t lock = L4RE_LOCK_INIT;

l4_cap_idx_t l4re_util_cap_alloc(void)
{
	l4_cap_idx_t cap = L4_INVALID_CAP;
	l4re_lock(&lock);
	for (unsigned n = 0; n < CAP_ALLOC_SLOTS; n++) {
		unsigned i = (next_hint + n) % CAP_ALLOC_SLOTS;
		if (!(used[i / 32] & (1UL << (i % 32)))) {
			used[i / 32] |= 1UL << (i % 32);
			next_hint = i + 1;
			cap = (l4re_env()->first_free_cap + i) << L4_CAP_SHIFT;
			break;
		}
	}
	l4re_unlock(&lock);
	return cap;
}

void l4re_util_cap_free(l4_cap_idx_t cap)
{
	unsigned long slot = cap >> L4_CAP_SHIFT, first = l4re_env()->first_free_cap;
	if (l4_is_invalid_cap(cap) || slot < first || slot >= first + CAP_ALLOC_SLOTS)
		return;
	unsigned i = (unsigned)(slot - first);
	l4re_lock(&lock);
	used[i / 32] &= ~(1UL << (i % 32));
	l4re_unlock(&lock);
}

void l4re_util_cap_free_um(l4_cap_idx_t cap)
{
	if (l4_is_invalid_cap(cap))
		return;
	l4_task_release_cap(L4_BASE_TASK_CAP, cap);
	l4re_util_cap_free(cap);
}

long l4re_util_cap_last(void)
{
	return (long)(l4re_env()->first_free_cap + CAP_ALLOC_SLOTS - 1);
}
