/* console_client.c - a console server client in test_console: writes tagged lines. */
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/vcon.h>
#include <stdio.h>
#include <string.h>

static void out(l4_cap_idx_t con, const char *s)
{
	l4_vcon_write(con, s, (unsigned)strlen(s));
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1, 10))); /* let others in */
}

int main(int argc, char **argv)
{
	l4_cap_idx_t con = l4re_env_get_cap("out");
	if (argc < 2 || l4_is_invalid_cap(con))
		return 1;
	char buf[64];
	for (int i = 1; i <= 3; i++) {
		snprintf(buf, sizeof(buf), "client %s: line %d", argv[1], i);
		out(con, buf);
		out(con, " (two writes)\n");
	}
	return 0;
}
