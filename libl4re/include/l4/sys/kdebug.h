/*
 * kdebug.h - L4Re's kernel-debugger calls. Keel has no kernel debugger (no
 * L4_BASE_DEBUGGER_CAP): the output calls write through the log capability
 * (L4_BASE_LOG_CAP: the kernel log, or the console session of a loaded program), and
 * enter_kdebug() reports its text there and lets the thread go on.
 *
 * As L4Re's, they leave the caller's message registers as they were, so that they may
 * be used in the middle of building a message.
 */
#ifndef L4_SYS_KDEBUG_H
#define L4_SYS_KDEBUG_H

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>
#include <l4/sys/vcon.h>

/* Keel: @len bytes of @text to the log, in writes of at most L4_VCON_WRITE_SIZE. */
L4_INLINE void l4_kdebug_keel_write(char const *text, unsigned len)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	l4_msg_regs_t store;
	__builtin_memcpy(&store, mr, sizeof(store));
	while (len) {
		unsigned n = len < L4_VCON_WRITE_SIZE ? len : (unsigned)L4_VCON_WRITE_SIZE;
		l4_vcon_send_u(L4_BASE_LOG_CAP, text, n, u);
		text += n;
		len -= n;
	}
	__builtin_memcpy(mr, &store, sizeof(store));
}

/* Keel: the low @digits hex digits of @v (lower case, with leading zeros). */
L4_INLINE void l4_kdebug_keel_hex(l4_uint64_t v, unsigned digits)
{
	char b[16];
	for (unsigned i = digits; i-- > 0; v >>= 4)
		b[i] = "0123456789abcdef"[v & 0xf];
	l4_kdebug_keel_write(b, digits);
}

/*
 * Enter the kernel debugger. Keel has none: "enter_kdebug: @text" (or "enter_kdebug"
 * for NULL) goes to the log, and the thread goes on.
 */
L4_INLINE void enter_kdebug(char const *text)
{
	static const char prefix[] = "enter_kdebug";
	l4_kdebug_keel_write(prefix, sizeof(prefix) - 1);
	if (text) {
		l4_kdebug_keel_write(": ", 2);
		l4_kdebug_keel_write(text, (unsigned)__builtin_strlen(text));
	}
	l4_kdebug_keel_write("\n", 1);
}

/* @len bytes of @text. */
L4_INLINE void outnstring(char const *text, unsigned len)
{
	l4_kdebug_keel_write(text, len);
}

/* The string @text. */
L4_INLINE void outstring(char const *text)
{
	outnstring(text, (unsigned)__builtin_strlen(text));
}

/* The character @c. */
L4_INLINE void outchar(char c)
{
	l4_kdebug_keel_write(&c, 1);
}

/* A machine word in hex (8 digits). */
L4_INLINE void outumword(l4_umword_t number)
{
	l4_kdebug_keel_hex(number, 2 * sizeof(l4_umword_t));
}

/* 64, 32, 20, 16, 12 and 8 bits in hex: 16, 8, 5, 4, 3 and 2 digits. */
L4_INLINE void outhex64(l4_uint64_t number)
{
	l4_kdebug_keel_hex(number, 16);
}

L4_INLINE void outhex32(l4_uint32_t number)
{
	l4_kdebug_keel_hex(number, 8);
}

L4_INLINE void outhex20(l4_uint32_t number)
{
	l4_kdebug_keel_hex(number, 5);
}

L4_INLINE void outhex16(l4_uint16_t number)
{
	l4_kdebug_keel_hex(number, 4);
}

L4_INLINE void outhex12(l4_uint16_t number)
{
	l4_kdebug_keel_hex(number, 3);
}

L4_INLINE void outhex8(l4_uint8_t number)
{
	l4_kdebug_keel_hex(number, 2);
}

/* A machine word in decimal, with a minus sign when negative. */
L4_INLINE void outdec(l4_mword_t number)
{
	char b[12];
	unsigned i = sizeof(b);
	l4_umword_t v = number < 0 ? 0 - (l4_umword_t)number : (l4_umword_t)number;
	do
		b[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (number < 0)
		b[--i] = '-';
	l4_kdebug_keel_write(b + i, (unsigned)sizeof(b) - i);
}

#endif
