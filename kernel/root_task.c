/* root_task.c - load the root task's ELF into a new task and make its thread ready. */
#include "root_task.h"
#include "elf.h"
#include "log.h"
#include "printk.h"
#include "sched.h"
#include "string.h"
#include "task.h"
#include "thread.h"

static struct task root_task;
static struct thread root_thread;

static int load_segment(struct task *t, const uint8_t *file, const struct elf_segment *s)
{
	vaddr_t start = align_down(s->vaddr, PAGE_SIZE);
	vaddr_t end = align_up(s->vaddr + s->memsz, PAGE_SIZE);
	for (vaddr_t page = start; page < end; page += PAGE_SIZE) {
		uint8_t *kva;
		if (task_map_new_page(t, page, s->rights, (void **)&kva) != 0)
			return -1;
		/* Copy the part of the file data that falls into this page. */
		vaddr_t lo = page > s->vaddr ? page : s->vaddr;
		vaddr_t hi = page + PAGE_SIZE;
		if (hi > s->vaddr + s->filesz)
			hi = s->vaddr + s->filesz;
		if (lo < hi)
			memcpy(kva + (lo - page), file + s->offset + (lo - s->vaddr), hi - lo);
	}
	return 0;
}

/**
 * root_task_start() - create the root task from its ELF boot module: segments,
 * a UTCB, the initial capabilities (its task, its thread, the log), and start it.
 * Return: 0, or -1 with a message if the module is not a loadable program.
 */
int root_task_start(const struct bootmod *mod)
{
	struct elf_image img;
	const char *why = NULL;
	if (elf_check(mod->data, mod->size, USER_SPACE_START, ROOT_TASK_UTCB_ADDR, &img, &why)) {
		kprintf("keel: root task module '%s' rejected: %s\n", mod->name, why);
		return -1;
	}
	if (task_init(&root_task, mod->name) != 0) {
		kprintf("keel: out of memory creating the root task\n");
		return -1;
	}
	for (unsigned i = 0; i < img.count; i++) {
		if (load_segment(&root_task, mod->data, &img.segs[i]) != 0) {
			kprintf("keel: out of memory loading the root task\n");
			return -1;
		}
	}
	void *utcb;
	if (task_map_new_page(&root_task, ROOT_TASK_UTCB_ADDR, 6, &utcb) != 0)
		return -1;
	thread_init(&root_thread, &root_task, ROOT_TASK_UTCB_ADDR, utcb);
	arch_context_init_user(&root_thread.ctx, img.entry, 0);
	root_thread.ctx.tpidrurw = ROOT_TASK_UTCB_ADDR;
	task_cap_install(&root_task, L4_BASE_TASK_CAP >> L4_CAP_SHIFT, &root_task.obj,
			 CAP_RIGHTS_ALL);
	task_cap_install(&root_task, L4_BASE_THREAD_CAP >> L4_CAP_SHIFT, &root_thread.obj,
			 CAP_RIGHTS_ALL);
	task_cap_install(&root_task, L4_BASE_LOG_CAP >> L4_CAP_SHIFT, &kernel_log, CAP_RIGHTS_ALL);
	sched_make_ready(&root_thread);
	kprintf("keel: root task '%s' entry %08lx, %u segments\n", mod->name,
		(unsigned long)img.entry, img.count);
	return 0;
}
