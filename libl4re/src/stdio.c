/* stdio.c - picolibc's stdin/stdout/stderr: output is line buffered into log writes. */
#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/sys/vcon.h>
#include <stdio.h>

/*
 * Each thread buffers its own line (in its TLS block), so that the lines of threads
 * printing at once reach the log whole, one write each, and no lock is needed. Threads
 * started without a TLS block (thread pointer 0) share one buffer.
 */
struct out {
	unsigned len;
	char buf[L4_VCON_WRITE_SIZE];
};

static __thread struct out thread_out;
static struct out shared_out;

static struct out *out(void)
{
	return __builtin_thread_pointer() ? &thread_out : &shared_out;
}

l4_cap_idx_t l4re_log_cap(void)
{
	return l4re_env()->log;
}

/* Write out what the calling thread has buffered. */
void l4re_flush_output(void)
{
	struct out *o = out();
	if (o->len)
		l4_vcon_write(l4re_log_cap(), o->buf, o->len);
	o->len = 0;
}

static int out_putc(char c, FILE *f)
{
	(void)f;
	struct out *o = out();
	o->buf[o->len++] = c;
	if (c == '\n' || o->len == sizeof(o->buf))
		l4re_flush_output();
	return (unsigned char)c;
}

static int out_flush(FILE *f)
{
	(void)f;
	l4re_flush_output();
	return 0;
}

/* No input yet: the console server brings it. */
static int in_getc(FILE *f)
{
	(void)f;
	return EOF;
}

static FILE keel_stdio = FDEV_SETUP_STREAM(out_putc, in_getc, out_flush, _FDEV_SETUP_RW);

FILE *const stdin = &keel_stdio;
FILE *const stdout = &keel_stdio;
FILE *const stderr = &keel_stdio;
