/* log_writer.c - a console client that survives a console restart (test_restart). */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/session.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/vcon.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_ROUNDS 3000
#define GOOD_AFTER 5

static l4_timeout_t ms(unsigned n)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(n, 10)); /* n < 1024 */
}

/* A session of its own on the console's factory gate @con, tagged "b", in @slot. */
static long open_session(l4_cap_idx_t con, l4_cap_idx_t slot)
{
	return l4re_util_session_open(con, L4_PROTO_LOG, "b", slot, 1);
}

static long say(l4_cap_idx_t out, const char *s)
{
	return l4_vcon_write(out, s, (unsigned)strlen(s));
}

/*
 * Write a line every millisecond until GOOD_AFTER writes have worked after one
 * failed (the console was gone). argv[1] "parent": the output is the log the parent
 * gave (L4_BASE_LOG_CAP), which the parent replaces by a new session after the
 * console's restart. "self": the program opens its own sessions on the console's
 * factory gate "con", and a new one when a write fails.
 */
int main(int argc, char **argv)
{
	bool self = argc > 1 && strcmp(argv[1], "self") == 0;
	l4_cap_idx_t con = l4re_env_get_cap("con");
	l4_cap_idx_t out = self ? l4re_util_cap_alloc() : l4re_log_cap();
	if (self && (l4_is_invalid_cap(con) || open_session(con, out) < 0))
		return 1;
	unsigned lost = 0, good = 0;
	for (unsigned round = 0; round < MAX_ROUNDS; round++) {
		if (say(out, "log_writer: tick\n") < 0) {
			lost++;
			if (self)
				open_session(con, out);
		} else if (lost && ++good == GOOD_AFTER) {
			char line[64];
			snprintf(line, sizeof(line),
				 "log_writer: working again after %u lost writes\n", lost);
			say(out, line);
			return 0;
		}
		l4_ipc_sleep(ms(1));
	}
	return 2;
}
