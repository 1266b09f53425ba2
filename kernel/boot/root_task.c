/* root_task.c - load the root task's ELF into a new task, give it its capabilities, start it. */
#include "boot/root_task.h"
#include "dt.h"
#include "elf.h"
#include "object/debugger.h"
#include "object/factory.h"
#include "object/icu.h"
#include "mem/kmem.h"
#include "object/log.h"
#include "object/platform_ctl.h"
#include "lib/printk.h"
#include "sched/sched.h"
#include <l4/sys/kip.h>
#include "object/scheduler.h"
#include "string.h"
#include "object/task.h"
#include "object/thread.h"
#include "plat.h"
#include <l4/keel/bootinfo.h>
#include <l4/sys/abi/platform_control.h>

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

/* Does a segment of @img overlap [@base, +@size), where the user RAM is mapped at its
 * physical addresses? Then say why in @why. */
static bool segments_overlap(const struct elf_image *img, paddr_t base, size_t size,
			     const char *what, const char **why)
{
	for (unsigned i = 0; i < img->count; i++) {
		vaddr_t lo = align_down(img->segs[i].vaddr, PAGE_SIZE);
		vaddr_t hi = align_up(img->segs[i].vaddr + img->segs[i].memsz, PAGE_SIZE);
		if (lo < base + size && base < hi) {
			*why = what;
			return true;
		}
	}
	return false;
}

/* Add one device superpage at @pa to the boot info's list, merging with the last entry. */
static void note_device(struct keel_bootinfo *bi, paddr_t pa, size_t size)
{
	unsigned n = bi->device_count;
	if (n && bi->devices[n - 1].base + bi->devices[n - 1].size == pa) {
		bi->devices[n - 1].size += size;
		return;
	}
	if (bi->device_count == KEEL_BOOTINFO_MAX_DEVICES)
		return;
	bi->devices[bi->device_count].base = pa;
	bi->devices[bi->device_count++].size = size;
}

/* A superpage that holds registers only the kernel may touch (on versatilepb the
 * console UART shares its MiB with the interrupt controller and the kernel's timer):
 * its other pages, one by one, those not mapped yet. Return: whether any was. */
static bool give_device_pages(struct task *task, struct keel_bootinfo *bi, paddr_t super)
{
	bool any = false;
	for (paddr_t pa = super; pa - super < ARCH_SUPERPAGE_SIZE; pa += PAGE_SIZE) {
		paddr_t old;
		unsigned rights;
		if (plat_device_reserved(pa, PAGE_SIZE) ||
		    arch_vspace_lookup(&task->vspace, pa, &old, &rights) == 0 ||
		    arch_vspace_map_page(&task->vspace, pa, pa, L4_FPAGE_RW | ARCH_MAP_DEVICE,
					 task->obj.payer) != 0)
			continue;
		note_device(bi, pa, PAGE_SIZE);
		any = true;
	}
	return any;
}

/**
 * give_devices() - map the registers of the device tree's devices (up to 16 MiB
 * each) into the root task at their physical addresses (device memory, in whole
 * superpages; page by page in a superpage that also holds registers only the kernel
 * may touch, which are left out): sigma0 hands out I/O memory.
 * They are listed in the boot info for the root task's MMIO dataspaces.
 * Return: how many superpages were mapped.
 */
static unsigned give_devices(struct task *task, const struct dt *dt, struct keel_bootinfo *bi)
{
	unsigned mapped = 0;
	int depth = 0;
	for (int n = dt_next_node(dt, -1, &depth); n >= 0; n = dt_next_node(dt, n, &depth)) {
		uint32_t len;
		const char *type = dt_prop(dt, n, "device_type", &len);
		if (depth != 1 || (type && len == 7 && memcmp(type, "memory", 7) == 0))
			continue;
		struct dt_range r;
		for (unsigned i = 0; dt_reg(dt, n, i, &r) == 0; i++) {
			paddr_t first = align_down((paddr_t)r.base, ARCH_SUPERPAGE_SIZE);
			/* Big windows (flash, PCI, bus windows) are left out: they would
			 * crowd the root task's address space. */
			if (r.base >> 32 || r.size == 0 || r.size > (16u << 20) ||
			    r.base + r.size > KEEL_ROOT_UTCB_AREA)
				continue;
			for (paddr_t pa = first; pa < r.base + r.size; pa += ARCH_SUPERPAGE_SIZE) {
				if (pa == 0)
					continue;
				if (plat_device_reserved(pa, ARCH_SUPERPAGE_SIZE)) {
					mapped += give_device_pages(task, bi, pa);
					continue;
				}
				if (arch_vspace_map_superpage(&task->vspace, pa, pa,
							      L4_FPAGE_RW | ARCH_MAP_DEVICE,
							      task->obj.payer) != 0)
					continue;
				mapped++;
				note_device(bi, pa, ARCH_SUPERPAGE_SIZE);
			}
		}
	}
	return mapped;
}

/*
 * The boot-info page (read-only at KEEL_BOOTINFO_ADDR) and the boot modules
 * (read-only at their physical addresses) for the root task's program loader.
 */
static struct keel_bootinfo *give_bootinfo(struct task *task, const struct bootmod_table *mods,
					   paddr_t ram_base, size_t ram_size)
{
	size_t blob_size = align_up(mods->size, PAGE_SIZE);
	paddr_t blob_pa = arch_virt_to_phys(mods->blob), pa;
	for (size_t off = 0; off < blob_size; off += PAGE_SIZE)
		if (arch_vspace_map_page(&task->vspace, blob_pa + off, blob_pa + off, L4_FPAGE_RX,
					 task->obj.payer) != 0)
			return NULL;
	if (kmem_pages_alloc(task->obj.payer, 1, 1, &pa) != 0)
		return NULL;
	struct keel_bootinfo *bi = arch_phys_to_virt(pa);
	memset(bi, 0, sizeof(*bi));
	bi->magic = KEEL_BOOTINFO_MAGIC;
	bi->version = KEEL_BOOTINFO_VERSION;
	bi->ram_base = ram_base;
	bi->ram_size = ram_size;
	bi->modules = blob_pa;
	bi->modules_size = mods->size;
	if (arch_vspace_map_page(&task->vspace, KEEL_BOOTINFO_ADDR, pa, L4_FPAGE_RO,
				 task->obj.payer) != 0)
		return NULL;
	return bi;
}

/*
 * The device tree, read-only at its physical addresses, for the root task to find
 * the board's devices (noted in @bi). A tree that is too big or lies where the root
 * task's RAM, boot info or UTCBs are is not passed on: the root task hears of none.
 * Return: 0, or -1 when out of memory.
 */
static int give_dtb(struct task *task, const struct dt *dt, struct keel_bootinfo *bi,
		    paddr_t ram_base, size_t ram_size, const struct elf_image *img)
{
	paddr_t pa = arch_virt_to_phys(dt->blob);
	const char *why;
	/* A tree where the program is, or below user space (physical 0 is RAM on some
	 * boards, and QEMU puts the tree there), is given as a copy in fresh pages, mapped
	 * after the boot-info page (there is room for 1016 KiB before the KIP). */
	if (dt->size && dt->size <= L4_KIP_ADDR - KEEL_BOOTINFO_ADDR - PAGE_SIZE &&
	    (pa < USER_SPACE_START ||
	     segments_overlap(img, align_down(pa, PAGE_SIZE), dt->size + PAGE_SIZE, "", &why))) {
		size_t pages = align_up(dt->size, PAGE_SIZE) / PAGE_SIZE;
		paddr_t copy;
		if (kmem_pages_alloc(task->obj.payer, pages, 1, &copy) != 0)
			return -1;
		memcpy(arch_phys_to_virt(copy), dt->blob, dt->size);
		for (size_t i = 0; i < pages; i++)
			if (arch_vspace_map_page(
				&task->vspace, KEEL_BOOTINFO_ADDR + (i + 1) * PAGE_SIZE,
				copy + i * PAGE_SIZE, L4_FPAGE_RO, task->obj.payer) != 0)
				return -1;
		bi->dtb = KEEL_BOOTINFO_ADDR + PAGE_SIZE;
		bi->dtb_size = dt->size;
		return 0;
	}
	paddr_t first = align_down(pa, PAGE_SIZE), end = align_up(pa + dt->size, PAGE_SIZE);
	/* The user RAM is mapped read-write at the same addresses: no overlap. */
	bool in_ram = first >= ram_base ? first - ram_base < ram_size : end > ram_base;
	if (dt->size == 0 || dt->size > KEEL_BOOTINFO_MAX_DTB || pa < USER_SPACE_START ||
	    end < pa || end > KEEL_BOOTINFO_ADDR || in_ram) {
		kprintf("keel: device tree at %08lx (%lu bytes) not passed to the root task\n",
			(unsigned long)pa, (unsigned long)dt->size);
		return 0;
	}
	struct factory *payer = task->obj.payer;
	for (paddr_t page = first; page < end; page += PAGE_SIZE)
		if (arch_vspace_map_page(&task->vspace, page, page, L4_FPAGE_RO, payer) != 0)
			return -1;
	bi->dtb = pa;
	bi->dtb_size = dt->size;
	return 0;
}

static void give_cap(struct task *t, unsigned long cap_index, struct kobj *obj)
{
	cap_install(cap_slot(t, cap_index >> L4_CAP_SHIFT, true), obj, CAP_RIGHTS_ALL, NULL);
}

/**
 * root_task_start() - create the root task from the module of @mods flagged as such
 * (the caller checked there is one): segments, its UTCB area, @mods mapped read-only, the boot info
 * (with the device tree @dt), the initial capabilities (task, factory, thread, log, ICU,
 * scheduler), and make its thread ready at ROOT_THREAD_PRIO. The user RAM [@ram_base, +@ram_size)
 * is mapped into it at the same addresses (sigma0 style): it is the root of the mapping hierarchy
 * for all of it. Return: 0, or -1 with a message if the module is not a loadable program.
 */
int root_task_start(const struct bootmod_table *mods, paddr_t ram_base, size_t ram_size,
		    const struct dt *dt)
{
	const struct bootmod *mod = bootmod_roottask(mods);
	struct elf_image img;
	const char *why = NULL;
	/* Below the boot-info page, the lowest of the pages the kernel puts at the top. */
	/* RAM where the physical addresses are low (versatilepb's start at 0) can hold the
	 * modules where a program's addresses are. */
	paddr_t mods_pa = arch_virt_to_phys(mods->blob);
	if (elf_check(mod->data, mod->size, USER_SPACE_START, KEEL_BOOTINFO_ADDR, &img, &why) ||
	    segments_overlap(
		&img, ram_base, ram_size,
		"a segment overlaps the user RAM, which is mapped at its own addresses", &why) ||
	    segments_overlap(&img, mods_pa, align_up(mods->size, PAGE_SIZE),
			     "a segment overlaps the boot modules, which are mapped at their own "
			     "addresses",
			     &why)) {
		kprintf("keel: root task module '%s' rejected: %s\n", mod->name, why);
		return -1;
	}
	struct task *task =
	    task_create(&root_factory, KEEL_ROOT_UTCB_AREA, KEEL_ROOT_UTCB_AREA_ORDER);
	struct thread *thread = thread_create(&root_factory);
	if (!task || !thread || thread_bind(thread, task, KEEL_ROOT_UTCB_AREA) != 0) {
		kprintf("keel: out of memory creating the root task\n");
		return -1;
	}
	size_t n = strlen(mod->name);
	memcpy(task->obj.name, mod->name,
	       n < sizeof(task->obj.name) ? n : sizeof(task->obj.name) - 1);
	for (unsigned i = 0; i < img.count; i++) {
		if (load_segment(task, mod->data, &img.segs[i]) != 0) {
			kprintf("keel: out of memory loading the root task\n");
			return -1;
		}
	}
	for (size_t off = 0; off < ram_size; off += ARCH_SUPERPAGE_SIZE) {
		vaddr_t va = ram_base + off;
		if (va >= KEEL_ROOT_UTCB_AREA || va < ram_base)
			break;
		arch_vspace_map_superpage(&task->vspace, va, va, L4_FPAGE_RWX, task->obj.payer);
	}
	struct keel_bootinfo *bi = give_bootinfo(task, mods, ram_base, ram_size);
	if (!bi || give_dtb(task, dt, bi, ram_base, ram_size, &img) != 0) {
		kprintf("keel: out of memory for the root task's boot information\n");
		return -1;
	}
	unsigned device_mib = give_devices(task, dt, bi) * (ARCH_SUPERPAGE_SIZE >> 20);
	give_cap(task, L4_BASE_TASK_CAP, &task->obj);
	give_cap(task, L4_BASE_FACTORY_CAP, &root_factory.obj);
	give_cap(task, L4_BASE_THREAD_CAP, &thread->obj);
	give_cap(task, L4_BASE_LOG_CAP, &kernel_log);
	give_cap(task, L4_BASE_ICU_CAP, &kernel_icu);
	give_cap(task, L4_BASE_SCHEDULER_CAP, &kernel_scheduler.obj);
	give_cap(task, L4_KEEL_PLATFORM_CTL_CAP, &kernel_platform_ctl);
	give_cap(task, L4_BASE_DEBUGGER_CAP, &kernel_debugger);
	arch_ctx_set_user_ip(&thread->ctx, img.entry);
	arch_ctx_set_boot_arg(&thread->ctx, KEEL_BOOTINFO_ADDR);
	thread->prio = ROOT_THREAD_PRIO;
	thread->started = thread->scheduled = true;
	thread_try_start(thread);
	kprintf("keel: root task '%s' entry %08lx, %u segments, %u MiB of device registers\n",
		mod->name, (unsigned long)img.entry, img.count, device_mib);
	return 0;
}
