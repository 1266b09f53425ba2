/* echo.h - the echo protocol, shared by echo_server, echo_client and test_echo. */
#ifndef EXAMPLES_ECHO_H
#define EXAMPLES_ECHO_H

#include <l4/sys/err.h>
#include <l4/sys/utcb.h>

/*
 * One request, sent with l4_ipc_call() through the server's IPC gate:
 *   tag label ECHO_PROTO; mr0 = n, the number of bytes; the n bytes from mr1 on.
 * The reply has label 0, mr0 = n and the same bytes, upper-cased, from mr1 on.
 * A bad request gets a negative label and no words (l4_error() returns it):
 *   -L4_EBADPROTO     the tag's label is not ECHO_PROTO
 *   -L4_EINVAL        n is above ECHO_MAX
 *   -L4_EMSGTOOSHORT  the message has fewer words than mr0 and n bytes need
 */
#define ECHO_PROTO 0x4543 /* "EC": any label no one else on the gate uses */

/* mr0 and the bytes must fit in the UTCB's message registers (63 words). */
#define ECHO_MAX ((L4_UTCB_GENERIC_DATA_SIZE - 1) * sizeof(l4_umword_t))

/* Words of a message carrying @n bytes: mr0, then the bytes rounded up to words. */
#define ECHO_WORDS(n) (1 + ((n) + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t))

#endif
