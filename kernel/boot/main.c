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

/* Take RAM from the device tree; keep the image and the device tree out of use. */
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
	/* A quarter of free RAM (8-64 MiB) stays kernel memory; the rest, from the
	 * top of RAM down in whole superpages (mapped as such), belongs to the root task. */
	size_t free = kernel_pmem.free_pages * PAGE_SIZE;
	size_t kernel_pool = free / 4;
	if (kernel_pool < (8u << 20))
		kernel_pool = free < (8u << 20) ? free : (8u << 20);
	if (kernel_pool > (64u << 20))
		kernel_pool = 64u << 20;
	paddr_t ram_end = (paddr_t)(ram.base + ram.size);
	user_ram_base = align_up(ram_end - (free - kernel_pool), ARCH_SUPERPAGE_SIZE);
	user_ram_size = ram_end - user_ram_base;
	pmem_reserve(&kernel_pmem, user_ram_base, user_ram_size);
	kprintf("  kmem    %lu KiB free for kernel objects\n",
		(unsigned long)(kernel_pmem.free_pages * PAGE_SIZE / 1024));
	kprintf("  user    %08lx-%08lx (%lu MiB) for the root task\n", (unsigned long)user_ram_base,
		(unsigned long)(ram_end - 1), (unsigned long)(user_ram_size >> 20));
}

static void modules_init(void)
{
	size_t size;
	const void *blob = arch_modules_blob(&size);
	if (bootmod_parse(blob, size, &modules) != 0)
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
	kprintf("command line: \"%s\"\n", cmdline);
	arch_set_semihosting(cmdline_has(cmdline, "semihosting"));
	sched_set_exit_when_idle(cmdline_has(cmdline, "idle=exit"));
	arch_cpu_init();
	arch_set_user_cycle_counter(cmdline_has(cmdline, "pmu_user"));
	kprintf("memory map:\n");
	ram_init(dt, dtb);
	memory_init();
	if (kip_init((paddr_t)ram.base, (size_t)ram.size, user_ram_base) != 0)
		panic("no memory for the kernel info page");
	kprintf("timer: %lu Hz, one-shot deadlines\n", (unsigned long)arch_timer_frequency());
	modules_init();
	test_hooks_run(cmdline);
	const struct bootmod *root = bootmod_roottask(&modules);
	if (!root)
		panic("no root task among the boot modules");
	if (root_task_start(root, user_ram_base, user_ram_size, dt) != 0)
		panic("cannot start the root task");
	factory_init_root();
	schedule_and_return();
}
