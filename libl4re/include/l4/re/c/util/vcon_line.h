/* vcon_line.h - blocking line input from a console server session. */
#ifndef L4RE_C_UTIL_VCON_LINE_H
#define L4RE_C_UTIL_VCON_LINE_H

#include <l4/sys/irq.h>
#include <l4/sys/vcon.h>

/*
 * Read the next line (up to and with its '\n', at most @size bytes) from @vcon,
 * waiting for input on @irq: an IRQ bound to the vcon (l4_icu_bind(vcon, 0, irq))
 * and to this thread. Other messages arriving in the wait are ignored. It reads a
 * byte at a time, so that what follows the line stays in the session for the next
 * call (in canonical mode a whole line is readable at once, so it never waits
 * within a line).
 * Return: bytes read, or a negative error (an IPC error such as a timeout).
 */
L4_INLINE int l4re_util_vcon_read_line(l4_cap_idx_t vcon, l4_cap_idx_t irq, char *buf,
				       unsigned size, l4_timeout_t to)
{
	unsigned got = 0;
	while (got < size) {
		int n = l4_vcon_read(vcon, buf + got, 1);
		if (n < 0)
			return n;
		if (n > 0) {
			if (buf[got++] == '\n')
				break;
			continue;
		}
		long err = l4_ipc_error(l4_irq_receive(irq, to), l4_utcb());
		if (err)
			return (int)l4_ipc_to_errno((unsigned long)err);
	}
	return (int)got;
}

#endif
