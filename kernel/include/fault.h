/* fault.h - what happens when a user thread faults. */
#ifndef KEEL_FAULT_H
#define KEEL_FAULT_H

#include "thread.h"

enum fault_kind {
	FAULT_UNDEFINED,
	FAULT_PREFETCH_ABORT,
	FAULT_DATA_ABORT,
	FAULT_BAD_SYSCALL,
	FAULT_UNEXPECTED,
};

void fault_user(struct thread *t, enum fault_kind kind, uintptr_t addr, uint32_t status);
const char *arch_fault_status_name(enum fault_kind kind, uint32_t status);

#endif
