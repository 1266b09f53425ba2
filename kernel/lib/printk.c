/* printk.c - a small printf for the kernel: %d %i %u %x %X %p %s %c %%, width, '-', '0', l, ll. */
#include "lib/printk.h"
#include <stdbool.h>
#include <stdint.h>

static void (*output)(char c);

struct sink {
	bool to_buffer;
	char *buf;
	size_t size;
	size_t len;
};

static void emit(struct sink *s, char c)
{
	if (s->to_buffer) {
		if (s->len + 1 < s->size)
			s->buf[s->len] = c;
	} else if (output) {
		output(c);
	}
	s->len++;
}

static void emit_padded(struct sink *s, const char *str, size_t len, int width, bool left, char pad)
{
	int fill = width > (int)len ? width - (int)len : 0;
	if (!left && pad == '0' && len > 0 && str[0] == '-') {
		emit(s, '-'); /* zeros go between the sign and the digits */
		str++;
		len--;
	}
	if (!left)
		while (fill-- > 0)
			emit(s, pad);
	for (size_t i = 0; i < len; i++)
		emit(s, str[i]);
	if (left)
		while (fill-- > 0)
			emit(s, ' ');
}

/* Why three ways: a 64-bit division is a library call of hundreds of instructions
 * per digit, and the kernel formats with interrupts masked (a user fault's report has
 * about 20 numbers); hex needs only shifts, and most decimals fit 32 bits. */
static size_t format_unsigned(char *out, uint64_t v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;
	if (base == 16) {
		do {
			tmp[n++] = digits[v & 0xf];
			v >>= 4;
		} while (v);
	} else if (v <= UINT32_MAX) {
		uint32_t w = (uint32_t)v;
		do {
			tmp[n++] = digits[w % base];
			w /= base;
		} while (w);
	} else {
		do {
			tmp[n++] = digits[v % base];
			v /= base;
		} while (v);
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			emit(s, *fmt);
			continue;
		}
		fmt++;
		bool left = false;
		char pad = ' ';
		for (; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = true;
			else
				pad = '0';
		}
		int width = 0;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		int longs = 0;
		while (*fmt == 'l')
			longs++, fmt++;
		if (*fmt == 'z') {
			if (sizeof(size_t) > sizeof(int))
				longs = sizeof(size_t) > sizeof(long) ? 2 : 1;
			fmt++;
		}
		char num[24];
		size_t len;
		uint64_t v;
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t x = longs >= 2 ? va_arg(ap, long long)
				    : longs    ? va_arg(ap, long)
					       : va_arg(ap, int);
			uint64_t mag = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
			len = 0;
			if (x < 0)
				num[len++] = '-';
			len += format_unsigned(num + len, mag, 10, false);
			emit_padded(s, num, len, width, left, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
			v = longs >= 2 ? va_arg(ap, unsigned long long)
			    : longs    ? va_arg(ap, unsigned long)
				       : va_arg(ap, unsigned int);
			len = format_unsigned(num, v, *fmt == 'u' ? 10 : 16, *fmt == 'X');
			emit_padded(s, num, len, width, left, pad);
			break;
		case 'p':
			len = format_unsigned(num, (uintptr_t)va_arg(ap, void *), 16, false);
			emit_padded(s, num, len, width, left, pad);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			size_t n = 0;
			while (str[n])
				n++;
			emit_padded(s, str, n, width, left, ' ');
			break;
		}
		case 'c':
			num[0] = (char)va_arg(ap, int);
			emit_padded(s, num, 1, width, left, ' ');
			break;
		case '%':
			emit(s, '%');
			break;
		case 0:
			return;
		default:
			emit(s, '%');
			emit(s, *fmt);
			break;
		}
	}
}

void printk_set_output(void (*putc)(char c))
{
	output = putc;
}

void kprintf(const char *fmt, ...)
{
	struct sink s = {0};
	va_list ap;
	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
}

/**
 * kvsnprintf() - format into buf (always NUL-terminated if size > 0).
 * Return: the length the full output would have.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = {true, buf, size, 0};
	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = 0;
	return (int)s.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
