/* hello.c - the default system's first program: greets, then echoes typed lines. */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/vcon_line.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/kip.h>
#include <l4/sys/rcv_endpoint.h>
#include <stdio.h>

/*
 * Its stdout is a console session (the root task makes it L4_BASE_LOG_CAP), so
 * every line comes out as "[hello] ...". Input comes from the same session: an IRQ
 * bound to it says when a line is ready.
 */
int main(void)
{
	const l4_kernel_info_t *kip = l4re_kip();
	printf("Hello from a loaded program, through the console server.\n");
	printf("Running on %s, %llu us after boot.\n", l4_kip_version_string(kip),
	       (unsigned long long)l4_kip_clock(kip));
	l4_cap_idx_t con = l4re_log_cap(), irq = l4re_util_cap_alloc();
	if (l4_error(l4_factory_create_irq(l4re_env()->factory, irq)) < 0 ||
	    l4_error(l4_rcv_ep_bind_thread(irq, l4re_env()->main_thread, 0)) < 0 ||
	    l4_error(l4_icu_bind(con, 0, irq)) < 0) {
		printf("No input: the log is not a console session.\n");
		return 0;
	}
	printf("Type a line and it comes back (Ctrl-A X leaves QEMU).\n");
	char line[128];
	for (;;) {
		int n = l4re_util_vcon_read_line(con, irq, line, sizeof(line) - 1, L4_IPC_NEVER);
		if (n < 0)
			return 1;
		line[n] = 0;
		printf("you typed: %s", line);
	}
}
