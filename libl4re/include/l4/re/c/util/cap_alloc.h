/* cap_alloc.h - capability slots of this task for new objects (as L4Re's C cap allocator). */
#ifndef L4_RE_C_UTIL_CAP_ALLOC_H
#define L4_RE_C_UTIL_CAP_ALLOC_H

#include <l4/sys/types.h>

/* A free slot (from l4re_env()->first_free_cap on), or L4_INVALID_CAP. */
l4_cap_idx_t l4re_util_cap_alloc(void);
/* Give a slot back (the capability in it is not touched). */
void l4re_util_cap_free(l4_cap_idx_t cap);
/* Give a slot back and remove the capability in it from this task. */
void l4re_util_cap_free_um(l4_cap_idx_t cap);
/* The highest slot number (not shifted) l4re_util_cap_alloc() can hand out. */
long l4re_util_cap_last(void);

#endif
