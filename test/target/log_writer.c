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

/* Tell the parent through its gate @ready (if it gave one) that @what happened:
 * 1 = the first write worked, 2 = the first write failed. */
static void note(l4_cap_idx_t ready, l4_umword_t what)
{
	if (l4_is_invalid_cap(ready))
		return;
	l4_utcb_mr()->mr[0] = what;
	l4_ipc_call(ready, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
}

/*
 * Write a line every millisecond until GOOD_AFTER writes have worked after one
 * failed (the console was gone). argv[1] "parent": the output is the log the parent
 * gave (L4_BASE_LOG_CAP), which the parent replaces by a new session after the
 * console's restart. "self": the program opens its own sessions on the console's
 * factory gate "con", and a new one when a write fails. The parent learns through
 * the gate "ready" when the first write worked and when the first write failed.
 */
int main(int argc, char **argv)
{
	bool self = argc > 1 && strcmp(argv[1], "self") == 0;
	l4_cap_idx_t con = l4re_env_get_cap("con");
	l4_cap_idx_t out = self ? l4re_util_cap_alloc() : l4re_log_cap();
	l4_cap_idx_t ready = l4re_env_get_cap("ready");
	if (self && (l4_is_invalid_cap(con) || open_session(con, out) < 0))
		return 1;
	unsigned lost = 0, good = 0;
	bool wrote = false;
	for (unsigned round = 0; round < MAX_ROUNDS; round++) {
		long r = say(out, "log_writer: tick\n");
		if (r >= 0 && !wrote)
			note(ready, 1);
		wrote |= r >= 0;
		if (r < 0) {
			if (lost++ == 0)
				note(ready, 2);
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
