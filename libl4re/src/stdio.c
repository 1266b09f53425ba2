/* stdio.c - picolibc's stdin/stdout/stderr: output is line buffered into log writes. */
#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/sys/vcon.h>
#include <stdio.h>

static char out_buf[L4_VCON_WRITE_SIZE];
static unsigned out_len;

l4_cap_idx_t l4re_log_cap(void)
{
	return l4re_env()->log;
}

void l4re_flush_output(void)
{
	if (out_len)
		l4_vcon_write(l4re_log_cap(), out_buf, out_len);
	out_len = 0;
}

static int out_putc(char c, FILE *f)
{
	(void)f;
	out_buf[out_len++] = c;
	if (c == '\n' || out_len == sizeof(out_buf))
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
