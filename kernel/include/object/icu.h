/* icu.h - the ICU object: hardware interrupt lines bound to IRQ objects. */
#ifndef KEEL_ICU_H
#define KEEL_ICU_H

#include "object/thread.h"

struct irq_object;

extern struct kobj kernel_icu;

void icu_invoke(struct thread *caller, struct cap *cap);
bool icu_handle(unsigned irq);
void icu_unmask(struct irq_object *irq);
void icu_release(struct irq_object *irq);
bool icu_wakeup_possible(void);

#endif
