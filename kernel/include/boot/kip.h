/* kip.h - the kernel info page, one read-only page mapped into every task. */
#ifndef KEEL_KIP_H
#define KEEL_KIP_H

#include "types.h"

struct task;

int kip_init(paddr_t ram_base, size_t ram_size, paddr_t user_ram_base, size_t user_ram_size);
int kip_map(struct task *t);
bool kip_overlaps(vaddr_t va, size_t size);

#endif
