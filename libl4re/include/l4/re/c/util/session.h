/* session.h - opening a session on a server's factory gate (a console, say). */
#ifndef L4RE_C_UTIL_SESSION_H
#define L4RE_C_UTIL_SESSION_H

#include <l4/sys/types.h>

/*
 * Open a session: l4_factory_create(@srv, @proto) with the string argument @tag
 * (NULL: none); the session's gate arrives in @slot. A gate whose server is down
 * (orphaned: the call fails with ENOT_EXISTENT) is asked again every millisecond, up
 * to @tries times, so that a session can be opened while a server restarts.
 * Return: 0, or the negative error of the last try.
 */
long l4re_util_session_open(l4_cap_idx_t srv, long proto, const char *tag, l4_cap_idx_t slot,
			    unsigned tries);

#endif
