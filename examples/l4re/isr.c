/* isr.c - an IRQ bound through the ICU, triggered by a thread; L4Re's sys/isr (older form). */
/*
 * Keel's own program, written the way L4Re's example uses the calls, in its older form
 * (isr_vcon.c has the current one): the ICU comes from the loader's configuration
 * under the name "icu"; the program creates an IRQ object, binds it to a line of the
 * ICU (l4_icu_bind) and to its main thread with a label (l4_irq_attach), and receives
 * the interrupts (l4_irq_receive, and l4_irq_wait, which gives the label). L4Re's
 * waits for key presses; here the line is one no device drives (argv[1]; the board's
 * number comes from the image's spec), and a second thread raises the IRQ in software
 * (l4_irq_trigger) a few times, each after the main thread has told it (by IPC) that
 * it received the previous one. Then the program detaches from the IRQ and ends.
 */
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/utcb.h>

#include <pthread-l4.h>
#include <stdio.h>
#include <stdlib.h>

#define ROUNDS 3
#define LABEL  0xDEADUL

static l4_cap_idx_t irqcap;

/* The interrupt source: a trigger, then wait until the main thread says it has it. */
static void *trigger_fn(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ROUNDS; i++) {
		long err = l4_error(l4_irq_trigger(irqcap));
		if (err)
			printf("isr: trigger failed: %ld\n", err);
		l4_ipc_receive(l4re_env()->main_thread, l4_utcb(), L4_IPC_NEVER);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int irqno = argc > 1 ? atoi(argv[1]) : 1;
	l4_cap_idx_t icucap;
	l4_msgtag_t tag;
	pthread_t trigger;
	long err;

	icucap = l4re_env_get_cap("icu");
	if (l4_is_invalid_cap(icucap)) {
		printf("Did not find an ICU\n");
		return 1;
	}

	if (l4_is_invalid_cap(irqcap = l4re_util_cap_alloc()))
		return 1;
	if ((err = l4_error(tag = l4_factory_create_irq(l4re_env()->factory, irqcap)))) {
		printf("Could not create IRQ object: %ld\n", err);
		return 1;
	}

	if ((err = l4_error(l4_icu_bind(icucap, irqno, irqcap)))) {
		printf("Binding IRQ%d to the ICU failed: %ld\n", irqno, err);
		return 1;
	}

	/* L4Re's older call (isr_vcon.c has the current one, l4_rcv_ep_bind_thread). */
	tag = l4_irq_attach(irqcap, LABEL, l4re_env()->main_thread);
	if ((err = l4_error(tag))) {
		printf("Error binding to IRQ %d: %ld\n", irqno, err);
		return 1;
	}
	printf("Attached to IRQ %d\n", irqno);

	if (pthread_create(&trigger, NULL, trigger_fn, NULL)) {
		printf("isr: no trigger thread\n");
		return 1;
	}

	for (int i = 1; i <= ROUNDS;) {
		l4_umword_t label = 0;
		/* L4Re's older example receives with l4_irq_receive, its newer one with
		 * l4_irq_wait, which gives the label: both here. */
		if (i == 1) {
			tag = l4_irq_receive(irqcap, L4_IPC_NEVER);
			label = LABEL;
		} else {
			tag = l4_irq_wait(irqcap, &label, L4_IPC_NEVER);
		}
		if ((err = l4_ipc_error(tag, l4_utcb()))) {
			printf("Error on IRQ receive: %ld\n", err);
			return 2;
		}
		if (label != LABEL) {
			printf("Unexpected label %lx -- ignoring interrupt\n", label);
			continue;
		}
		printf("Got IRQ %d with label 0x%lX\n", i, label);
		/* The trigger thread may go on. */
		l4_ipc_send(pthread_l4_cap(trigger), l4_utcb(), l4_msgtag(0, 0, 0, 0),
			    L4_IPC_NEVER);
		i++;
	}
	pthread_join(trigger, NULL);

	tag = l4_irq_detach(irqcap);
	if ((err = l4_error(tag))) {
		printf("Error detach from IRQ: %ld\n", err);
		return 4;
	}
	printf("isr: detached from IRQ %d\n", irqno);
	return 0;
}
