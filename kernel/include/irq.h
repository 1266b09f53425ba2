/* irq.h - interrupt dispatch in the kernel. */
#ifndef KEEL_IRQ_H
#define KEEL_IRQ_H

#include "types.h"

void irq_handle_pending(void);
bool irq_wakeup_possible(void);

#endif
