/* log.c - L4Re's log interface: text written to a log capability. */
#include <l4/re/c/log.h>
#include <l4/re/env.h>
#include <l4/sys/vcon.h>
#include <string.h>

void l4re_log_printn_srv(const l4_cap_idx_t logcap, char const *string, int len)
{
	if (l4_capability_equal(logcap, l4re_log_cap()))
		l4re_flush_output();
	for (unsigned left = len > 0 ? (unsigned)len : 0; left;) {
		unsigned n = left < L4_VCON_WRITE_SIZE ? left : (unsigned)L4_VCON_WRITE_SIZE;
		if (l4_vcon_write(logcap, string, n) < 0)
			return;
		string += n;
		left -= n;
	}
}

void l4re_log_print_srv(const l4_cap_idx_t logcap, char const *string)
{
	l4re_log_printn_srv(logcap, string, (int)strlen(string));
}

void l4re_log_print(char const *string)
{
	l4re_log_print_srv(l4re_env()->log, string);
}

void l4re_log_printn(char const *string, int len)
{
	l4re_log_printn_srv(l4re_env()->log, string, len);
}
