/* device_caps.c - the board's devices as capabilities: MMIO dataspaces, bound IRQs. */
#include "device_caps.h"
#include "devices.h"
#include "dt.h"
#include "memsrv.h"
#include <l4/keel/bootinfo.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/task.h>

/* The UART's capabilities, once made (invalid before). */
static l4_cap_idx_t uart_ds = L4_INVALID_CAP, uart_irq = L4_INVALID_CAP;
/* The root's own allocator with device access, for MMIO dataspaces it hands on. */
static l4_cap_idx_t device_alloc = L4_INVALID_CAP;

/* The device tree the kernel passed in the boot info. */
static int open_board(struct dt *dt, const char **why)
{
	const struct keel_bootinfo *bi = l4re_bootinfo();
	if (!bi || bi->version != KEEL_BOOTINFO_VERSION) {
		*why = "no boot info of this version (the device tree is in version 3)";
		return -L4_ENODEV;
	}
	if (!bi->dtb || bi->dtb_size > KEEL_BOOTINFO_MAX_DTB ||
	    dt_open(dt, (const void *)(l4_addr_t)bi->dtb, bi->dtb_size) != 0) {
		*why = "the boot info has no valid device tree";
		return -L4_ENODEV;
	}
	return 0;
}

/* An MMIO dataspace of @d's registers in a new slot *@ds. */
static long make_mmio(const struct devices_dev *d, l4_cap_idx_t *ds)
{
	if (l4_is_invalid_cap(device_alloc)) {
		l4_cap_idx_t a = l4re_util_cap_alloc();
		/* No RAM: MMIO dataspaces are not charged. */
		if (!memsrv_client_create(0, true, a))
			return -L4_ENOMEM;
		device_alloc = a;
	}
	*ds = l4re_util_cap_alloc();
	return l4re_ma_alloc_mmio_srv(device_alloc, (l4_addr_t)d->base, (unsigned long)d->size,
				      *ds);
}

/* An IRQ in a new slot *@irq, bound to @d's line with @d's trigger mode. */
static long make_irq(const struct devices_dev *d, l4_cap_idx_t *irq)
{
	*irq = l4re_util_cap_alloc();
	long err = l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, *irq));
	if (!err)
		err = l4_error(l4_icu_set_mode(L4_BASE_ICU_CAP, d->irq, d->irq_mode));
	if (!err)
		err = l4_error(l4_icu_bind(L4_BASE_ICU_CAP, d->irq, *irq));
	return err;
}

/* Make the UART's capabilities. */
static int make_uart(const char **why)
{
	struct dt dt;
	struct devices_dev d;
	l4_cap_idx_t ds = L4_INVALID_CAP, irq = L4_INVALID_CAP;
	int err = open_board(&dt, why);
	if (err)
		return err;
	if (devices_console_uart(&dt, &d, why) != 0)
		return -L4_ENODEV;
	if (make_mmio(&d, &ds) != 0) {
		*why = "no MMIO dataspace for the console UART's registers";
		l4re_util_cap_free(ds);
		return -L4_ENOMEM;
	}
	if (make_irq(&d, &irq) != 0) {
		*why = "cannot bind the console UART's interrupt line";
		l4_task_delete_obj(L4_BASE_TASK_CAP, irq);
		l4re_util_cap_free(irq);
		l4re_ma_free(ds);
		l4re_util_cap_free(ds);
		return -L4_EINVAL;
	}
	uart_ds = ds;
	uart_irq = irq;
	return 0;
}

int device_caps_console(struct loader_cap caps[DEVICE_CAPS_UART], const char **why)
{
	if (l4_is_invalid_cap(uart_irq)) {
		int err = make_uart(why);
		if (err)
			return err;
	}
	caps[0] = (struct loader_cap){"uart", uart_ds, L4_CAP_FPAGE_RW, 0};
	caps[1] = (struct loader_cap){"uart_irq", uart_irq, L4_CAP_FPAGE_RW, 0};
	return 0;
}

int device_caps_console_cap(enum device_caps_uart which, l4_cap_idx_t *cap, const char **why)
{
	struct loader_cap uart[DEVICE_CAPS_UART];
	int err = device_caps_console(uart, why); /* made once, then the same ones */
	if (!err)
		*cap = uart[which].cap;
	return err;
}
