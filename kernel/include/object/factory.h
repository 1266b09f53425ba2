/* factory.h - factories: create objects and account kernel memory against a quota. */
#ifndef KEEL_FACTORY_H
#define KEEL_FACTORY_H

#include "space/cap.h"
#include "mem/kmem.h"

struct thread;

/*
 * A factory's limit is charged to the factory that created it (obj.payer); every
 * object, page table and capability-table page created through it is charged here,
 * by the page: its objects live in slab pages of its own (pool). The objects it paid
 * for live no longer than the factory: deleting it deletes them (factory_destroy()).
 */
struct factory {
	struct kobj obj;
	size_t limit;
	size_t used;
	struct kmem_pool pool;
	struct kobj *paid; /* live (not deleted) objects charged here */
};

extern struct factory root_factory;

void factory_init_root(void);
int factory_charge(struct factory *f, size_t bytes);
void factory_uncharge(struct factory *f, size_t bytes);
void factory_free(struct factory *f);
enum kobj_progress factory_destroy(struct factory *f);
void factory_invoke(struct thread *caller, struct cap *cap);
int factory_install_cap(struct thread *caller, unsigned long slot, struct kobj *obj);

#endif
