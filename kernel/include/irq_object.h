/* irq_object.h - IRQ objects: an interrupt (software for now) delivered as a message. */
#ifndef KEEL_IRQ_OBJECT_H
#define KEEL_IRQ_OBJECT_H

#include "cap.h"

struct thread;
struct factory;

struct irq_object {
	struct kobj obj;
	struct thread *thread; /* bound receiver, or NULL */
	struct irq_object *bound_next;
	uint32_t label;
	bool pending; /* triggered while the receiver was busy */
};

struct irq_object *irq_object_create(struct factory *payer);
void irq_object_destroy(struct irq_object *irq);
void irq_object_unbind(struct irq_object *irq);
void irq_object_invoke(struct thread *caller, struct cap *cap);
bool irq_object_deliver_pending(struct thread *receiver);

#endif
