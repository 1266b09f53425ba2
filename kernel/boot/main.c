/* main.c - the boot sequence once the MMU is on: devices, memory, modules, root task. */
#include "arch.h"
#include "plat.h"
#include "boot/bootmod.h"
#include "boot/cmdline.h"
#include "dt.h"
#include "space/memory.h"
#include "object/factory.h"
#include "boot/kip.h"
#include "lib/panic.h"
#include "mem/pmem.h"
#include "lib/printk.h"
#include "lib/conbuf.h"
#include "boot/root_task.h"
#include "sched/sched.h"
#include "sched/to_user.h"
#include "debug/test_hooks.h"

#ifndef KEEL_VERSION
#define KEEL_VERSION "unknown"
#endif

/* The direct map covers at most 768 MiB of RAM; one bit per frame. */
#define MAX_RAM_PAGES (768u * 1024 * 1024 / PAGE_SIZE)
static uint32_t pmem_bitmap[MAX_RAM_PAGES / 32];
static struct bootmod_table modules;
static const void *modules_blob; /* the boot loader's, or those linked into the image */
static size_t modules_size;
static struct dt_range ram;
static paddr_t user_ram_base;
static size_t user_ram_size;

static const char *boot_cmdline(const struct dt *dt)
{
	uint32_t len;
	const char *args = dt ? dt_prop(dt, dt_find_path(dt, "/chosen"), "bootargs", &len) : NULL;
	if (!args || len == 0 || args[len - 1] != 0)
		return "";
	return args;
}

/* The boot modules a boot loader loaded (U-Boot's bootm puts a FIT image's ramdisk
 * there and names it in /chosen "linux,initrd-start" and "-end"): page-aligned, inside
 * the direct-mapped RAM, clear of the kernel image and the device tree. False (with a
 * message if they were named but unusable) to take the modules linked into the image. */
static bool loaded_modules(const struct dt *dt, paddr_t dtb_pa, paddr_t *start, size_t *size)
{
	int chosen = dt_find_path(dt, "/chosen");
	uint64_t s, e;
	if (!dt_prop_cells(dt, chosen, "linux,initrd-start", &s) ||
	    !dt_prop_cells(dt, chosen, "linux,initrd-end", &e))
		return false;
	paddr_t img_start, img_end;
	arch_image_range(&img_start, &img_end);
	const char *why = NULL;
	if (e <= s || (s & (PAGE_SIZE - 1)))
		why = "empty or not page-aligned";
	else if (s < ram.base || e > ram.base + ram.size)
		why = "outside the RAM the kernel maps";
	else if (s < img_end && e > img_start)
		why = "overlapping the kernel image";
	else if (s < dtb_pa + dt->size && e > dtb_pa)
		why = "overlapping the device tree";
	if (why) {
		kprintf("  modules %08llx-%08llx from the boot loader ignored: %s\n", s, e - 1,
			why);
		return false;
	}
	*start = (paddr_t)s;
	*size = (size_t)(e - s);
	return true;
}

/* Memory the device tree sets aside (/memreserve/ entries, /reserved-memory regions):
 * the kernel never uses it, nor gives it to the root task. */
static void reserve_from_dt(const struct dt *dt)
{
	struct dt_range r[16];
	int n = 0;
	for (unsigned i = 0; n < 16 && dt_memreserve(dt, i, &r[n]) == 0; i++)
		n++;
	n += dt_reserved_memory(dt, &r[n], 16 - n);
	for (int i = 0; i < n; i++) {
		if (r[i].base >= ram.base + ram.size || r[i].base + r[i].size <= ram.base)
			continue;
		kprintf("  reserved %08llx-%08llx (device tree)\n", r[i].base,
			r[i].base + r[i].size - 1);
		uint64_t base = r[i].base < ram.base ? ram.base : r[i].base;
		uint64_t end = r[i].base + r[i].size;
		if (end > ram.base + ram.size || end < r[i].base)
			end = ram.base + ram.size;
		pmem_reserve(&kernel_pmem, (paddr_t)base, (size_t)(end - base));
	}
}

/* The root task's RAM: whole free superpages, the longest run of them (the highest of
 * equal ones: a boot loader may leave a device tree or modules anywhere), at most
 * @want bytes of it from its top down. */
static void pick_user_ram(size_t want)
{
	paddr_t low = align_up((paddr_t)ram.base, ARCH_SUPERPAGE_SIZE);
	paddr_t top = align_down((paddr_t)(ram.base + ram.size), ARCH_SUPERPAGE_SIZE);
	paddr_t best_end = top, best_size = 0, run_end = top;
	for (paddr_t sp = top; sp > low; sp -= ARCH_SUPERPAGE_SIZE) {
		if (!pmem_range_free(&kernel_pmem, sp - ARCH_SUPERPAGE_SIZE, ARCH_SUPERPAGE_SIZE)) {
			run_end = sp - ARCH_SUPERPAGE_SIZE;
			continue;
		}
		if (run_end - (sp - ARCH_SUPERPAGE_SIZE) > best_size) {
			best_end = run_end;
			best_size = run_end - (sp - ARCH_SUPERPAGE_SIZE);
		}
	}
	size_t size = align_down(best_size < want ? best_size : want, ARCH_SUPERPAGE_SIZE);
	user_ram_base = best_end - size;
	user_ram_size = size;
}

/* Take RAM from the device tree; keep the image, the device tree, the boot modules and
 * what the tree reserves out of use. */
static void ram_init(const struct dt *dt, const void *dtb)
{
	struct dt_range banks[8];
	int n = dt ? dt_memory(dt, banks, 8) : 0;
	if (n == 0)
		panic("no memory node in the device tree");
	for (int i = 0; i < n; i++)
		kprintf("  memory  %08llx-%08llx (%llu MiB)%s\n", banks[i].base,
			banks[i].base + banks[i].size - 1, banks[i].size >> 20,
			i ? " (ignored: one bank supported)" : "");
	ram = banks[0];
	if (ram.size > (uint64_t)MAX_RAM_PAGES * PAGE_SIZE)
		ram.size = (uint64_t)MAX_RAM_PAGES * PAGE_SIZE;
	if (arch_map_ram((paddr_t)ram.base, (size_t)ram.size) != 0)
		panic("RAM %08llx+%llx cannot be mapped", ram.base, ram.size);
	pmem_init(&kernel_pmem, (paddr_t)ram.base, (size_t)(ram.size / PAGE_SIZE), pmem_bitmap);
	pmem_release(&kernel_pmem, (paddr_t)ram.base, (size_t)ram.size);
	paddr_t img_start, img_end;
	arch_image_range(&img_start, &img_end);
	pmem_reserve(&kernel_pmem, img_start, img_end - img_start);
	paddr_t dtb_pa = arch_virt_to_phys(dtb);
	pmem_reserve(&kernel_pmem, dtb_pa, (size_t)dt->size);
	kprintf("  kernel  %08lx-%08lx\n", (unsigned long)img_start, (unsigned long)img_end - 1);
	kprintf("  dtb     %08lx-%08lx\n", (unsigned long)dtb_pa,
		(unsigned long)(dtb_pa + dt->size - 1));
	paddr_t mods_pa;
	if (loaded_modules(dt, dtb_pa, &mods_pa, &modules_size)) {
		modules_blob = arch_phys_to_virt(mods_pa);
		pmem_reserve(&kernel_pmem, mods_pa, modules_size);
		kprintf("  modules %08lx-%08lx (from the boot loader)\n", (unsigned long)mods_pa,
			(unsigned long)(mods_pa + modules_size - 1));
	} else {
		modules_blob = arch_modules_blob(&modules_size);
	}
	reserve_from_dt(dt);
	/* A quarter of free RAM (8-64 MiB) stays kernel memory; the rest, from the
	 * top of RAM down in whole superpages (mapped as such), belongs to the root task. */
	size_t free = kernel_pmem.free_pages * PAGE_SIZE;
	size_t kernel_pool = free / 4;
	if (kernel_pool < (8u << 20))
		kernel_pool = free < (8u << 20) ? free : (8u << 20);
	if (kernel_pool > (64u << 20))
		kernel_pool = 64u << 20;
	pick_user_ram(free - kernel_pool);
	pmem_reserve(&kernel_pmem, user_ram_base, user_ram_size);
	kprintf("  kmem    %lu KiB free for kernel objects\n",
		(unsigned long)(kernel_pmem.free_pages * PAGE_SIZE / 1024));
	kprintf("  user    %08lx-%08lx (%lu MiB) for the root task\n", (unsigned long)user_ram_base,
		(unsigned long)(user_ram_base + user_ram_size - 1),
		(unsigned long)(user_ram_size >> 20));
}

static void modules_init(void)
{
	if (bootmod_parse(modules_blob, modules_size, &modules) != 0)
		panic("boot module table is malformed");
	kprintf("boot modules: %u\n", modules.count);
	for (unsigned i = 0; i < modules.count; i++)
		kprintf("  [%u] %-24s %8lu bytes at %08lx%s\n", i, modules.mods[i].name,
			(unsigned long)modules.mods[i].size,
			(unsigned long)arch_virt_to_phys(modules.mods[i].data),
			(modules.mods[i].flags & BOOTMOD_FLAG_ROOTTASK) ? " (root task)" : "");
}

/**
 * kernel_main() - bring the system up and leave for the root task.
 * @dtb: kernel address of the device tree, or NULL if none was found.
 */
NORETURN void kernel_main(const void *dtb)
{
	struct dt dt_storage, *dt = NULL;
	int dt_size = dt_total_size(dtb);
	if (dt_size > 0 && dt_open(&dt_storage, dtb, (size_t)dt_size) == 0)
		dt = &dt_storage;
	int plat = plat_init(dt);
	printk_set_output(conbuf_putc);
	kprintf("\nKeel microkernel %s on %s (%s)\n", KEEL_VERSION, plat_name(), arch_cpu_name());
	if (!dt)
		panic("no valid device tree found");
	if (plat != 0)
		panic("platform devices missing from the device tree");
	const char *cmdline = boot_cmdline(dt);
	kprintf("started in %s mode\n", arch_entry_mode());
	kprintf("command line: \"%s\"\n", cmdline);
	arch_set_semihosting(cmdline_has(cmdline, "semihosting"));
	sched_set_exit_when_idle(cmdline_has(cmdline, "idle=exit"));
	arch_cpu_init();
	arch_set_user_cycle_counter(cmdline_has(cmdline, "pmu_user"));
	kprintf("memory map:\n");
	ram_init(dt, dtb);
	memory_init();
	if (kip_init((paddr_t)ram.base, (size_t)ram.size, user_ram_base, user_ram_size) != 0)
		panic("no memory for the kernel info page");
	kprintf("timer: %lu Hz, one-shot deadlines\n", (unsigned long)arch_timer_frequency());
	modules_init();
	test_hooks_run(cmdline);
	if (!bootmod_roottask(&modules))
		panic("no root task among the boot modules");
	if (root_task_start(&modules, user_ram_base, user_ram_size, dt) != 0)
		panic("cannot start the root task");
	factory_init_root();
	schedule_and_return();
}
