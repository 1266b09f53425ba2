/* interrupt.h - interrupt dispatch in the kernel. */
#ifndef KEEL_SCHED_INTERRUPT_H
#define KEEL_SCHED_INTERRUPT_H

#include "types.h"

void irq_handle_pending(void);
void irq_handle_one(void);
bool irq_wakeup_possible(void);

#endif
