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

/*
 * Write out the buffered output. When the log is a console session whose server is
 * gone (the write fails) and this task still has the kernel log in its base slot
 * (the root task), the line goes there instead of being lost.
 */
void l4re_flush_output(void)
{
	l4_cap_idx_t log = l4re_log_cap();
	if (out_len && l4_vcon_write(log, out_buf, out_len) < 0 && log != L4_BASE_LOG_CAP)
		l4_vcon_write(L4_BASE_LOG_CAP, out_buf, out_len);
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
