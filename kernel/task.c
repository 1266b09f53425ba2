/* task.c - tasks: creating the address space, the capability table, populating memory. */
#include "task.h"
#include "pmem.h"
#include "string.h"

static unsigned next_task_id = 1;

/**
 * task_init() - set up an empty task with a fresh address space.
 * Return: 0, or -1 when out of memory.
 */
int task_init(struct task *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	t->obj.type = KOBJ_TASK;
	t->obj.refcount = 1;
	t->id = next_task_id++;
	size_t n = strlen(name);
	if (n >= sizeof(t->name))
		n = sizeof(t->name) - 1;
	memcpy(t->name, name, n);
	return arch_vspace_init(&t->vspace);
}

/**
 * task_cap_lookup() - the capability in a slot, or NULL if the slot is empty or
 * outside the table.
 */
struct cap *task_cap_lookup(struct task *t, unsigned long slot)
{
	if (slot >= TASK_CAP_SLOTS || !t->caps[slot].obj)
		return NULL;
	return &t->caps[slot];
}

void task_cap_install(struct task *t, unsigned long slot, struct kobj *obj, unsigned rights)
{
	if (slot >= TASK_CAP_SLOTS)
		return;
	t->caps[slot].obj = obj;
	t->caps[slot].rights = rights;
	obj->refcount++;
}

/**
 * task_map_new_page() - back a user page with a fresh zeroed frame.
 * @kva: set to the frame's kernel address, so the caller can fill it.
 * Return: 0, or -1 when out of memory or for a bad address.
 */
int task_map_new_page(struct task *t, vaddr_t va, unsigned rights, void **kva)
{
	paddr_t pa;
	if (pmem_alloc(&kernel_pmem, 1, 1, &pa) != 0)
		return -1;
	void *p = arch_phys_to_virt(pa);
	memset(p, 0, PAGE_SIZE);
	if (arch_vspace_map_page(&t->vspace, va, pa, rights) != 0) {
		pmem_free(&kernel_pmem, pa, 1);
		return -1;
	}
	if (kva)
		*kva = p;
	return 0;
}
