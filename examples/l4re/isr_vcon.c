/* isr_vcon.c - keys typed at the log as interrupts; L4Re's sys/isr (current form). */
/*
 * Keel's own program, written the way the current L4Re example uses the calls: the
 * program's log capability (l4re_env()->log, a console session here, a vcon on L4Re)
 * is also an ICU with one line, its input; the program creates an IRQ object, binds
 * it to that line (l4_icu_bind), turns the echo off (l4_vcon_get_attr/set_attr),
 * binds the IRQ to its main thread with a label (l4_rcv_ep_bind_thread), and for each
 * interrupt (l4_irq_wait, the label checked) reads what was typed (l4_vcon_read) and
 * prints each key, until a 'Q'; then it detaches from the IRQ and ends. L4Re's prints
 * its errors with l4sys_errtostr(), which Keel's l4/sys/err.h does not have yet: this
 * one prints the numbers; and it checks the wait's IPC error only (below).
 */
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/utcb.h>
#include <l4/sys/vcon.h>

#include <stdio.h>

int main(void)
{
	int const irqno = 0;
	l4_cap_idx_t irqcap, icucap;
	/* Initialised, unlike L4Re's: l4_vcon_get_attr() leaves it alone on an error,
	 * and GCC's maybe-uninitialized warning is an error in Keel's build. */
	l4_vcon_attr_t attr = {0, 0, 0};
	long err;

	icucap = l4re_env()->log;

	if (l4_is_invalid_cap(icucap)) {
		printf("Did not find the Vlog ICU.\n");
		return 1;
	}

	if (l4_is_invalid_cap(irqcap = l4re_util_cap_alloc())) {
		printf("Cannot allocate capability slot.\n");
		return 1;
	}

	if ((err = l4_error(l4_factory_create_irq(l4re_env()->factory, irqcap)))) {
		printf("Could not create IRQ object: %ld.\n", err);
		return 1;
	}

	if ((err = l4_error(l4_icu_bind(icucap, irqno, irqcap)))) {
		printf("Could not bind IRQ%d to ICU: %ld.\n", irqno, err);
		return 1;
	}

	if ((err = l4_error(l4_vcon_get_attr(icucap, &attr)))) {
		printf("Could not get Vcon attributes: %ld.\n", err);
		return 1;
	}

	attr.l_flags &= ~L4_VCON_ECHO;

	if ((err = l4_error(l4_vcon_set_attr(icucap, &attr)))) {
		printf("Could not set Vcon attributes: %ld.\n", err);
		return 1;
	}

	printf("Vcon echo disabled.\n");

	if ((err = l4_error(l4_rcv_ep_bind_thread(irqcap, l4re_env()->main_thread, 0x1234)))) {
		printf("Could not bind to IRQ%d: %ld.\n", irqno, err);
		return 1;
	}

	printf("Attached to key IRQ %d.\nPress keys now, Shift-Q to exit.\n", irqno);

	for (;;) {
		l4_umword_t label;
		if ((err = l4_error(l4_irq_wait(irqcap, &label, L4_IPC_NEVER)))) {
			printf("Could not receive IRQ: %ld.\n", err);
			continue;
		}
		if (label != 0x1234) {
			printf("Unexpected label %0lx -- ignoring interrupt.\n", label);
			continue;
		}

		printf("Got IRQ with expected label 0x%lX.\n", label);
		char buf[128];
		int n = l4_vcon_read(icucap, buf, sizeof(buf));
		if (n < 0) {
			printf("Could not read from Vcon interface: %d.\n", n);
			continue;
		}
		int terminate = 0;
		for (unsigned i = 0; i < (unsigned)n && i < sizeof(buf); ++i) {
			int c = (unsigned char)buf[i];
			if (c >= 32 && c < 128)
				printf("Got key '%c'.\n", c);
			else
				printf("Got keycode %d.\n", c);
			if (buf[i] == 'Q')
				terminate = 1;
		}
		if (terminate)
			break;
	}

	if ((err = l4_error(l4_irq_detach(irqcap))))
		printf("Could not detach from IRQ: %ld.\n", err);

	printf("Application terminated.\n");
	return 0;
}
