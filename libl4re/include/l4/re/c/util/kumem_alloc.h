/* kumem_alloc.h - L4Re's kernel-user memory helper: a new UTCB area for a task. */
#ifndef L4_RE_C_UTIL_KUMEM_ALLOC_H
#define L4_RE_C_UTIL_KUMEM_ALLOC_H

#include <l4/sys/types.h>

/*
 * Reserve 2^@pages_order pages in @rm's address space (aligned to their size) and add
 * them to @task as kernel-user memory (l4_task_add_ku_mem()): UTCBs for more threads.
 * *@mem gets the address. Keel's areas are at most 64 KiB (@pages_order <= 4).
 * Return: 0, or a negative error (the reservation is undone).
 */
int l4re_util_kumem_alloc(l4_addr_t *mem, unsigned pages_order, l4_cap_idx_t task, l4_cap_idx_t rm);

#endif
