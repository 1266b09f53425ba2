/* irq.h - IRQ objects: a software or hardware interrupt delivered as a message. */
#ifndef KEEL_OBJECT_IRQ_H
#define KEEL_OBJECT_IRQ_H

#include "object/rcv_ep.h"

struct thread;
struct factory;

struct irq_object {
	struct rcv_ep ep; /* bound thread and label */
	bool pending;	  /* triggered while the receiver was busy */
	unsigned hw_irq;  /* hardware line bound through the ICU, 0 if none */
	/* While pending and bound: on the thread's list of pending IRQs, so that an open
	 * receive finds one at once, whatever else is bound to the thread. */
	struct irq_object *pend_next, **pend_pprev;
};

struct irq_object *irq_object_create(struct factory *payer);
void irq_object_destroy(struct irq_object *irq);
void irq_object_invoke(struct thread *caller, struct cap *cap);
bool irq_object_pending(const struct thread *receiver);
bool irq_object_deliver_pending(struct thread *receiver);
void irq_object_trigger(struct irq_object *irq);
void irq_object_thread_gone(struct thread *t);

#endif
