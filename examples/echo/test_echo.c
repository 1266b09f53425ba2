/* test_echo.c - the tutorial's system: a root task that starts echo_server and echo_client
 * and tests the server with calls of its own. */
#include "echo.h"
#include "ktest_util.h"
#include "loader.h"
#include <l4/sys/rcv_endpoint.h>
#include <stdio.h>
#include <string.h>

#define SERVER_PRIO 110 /* above this root task (100): serving before we call */
#define CLIENT_PRIO 90
#define KMEM_LIMIT  (256 * 1024)
#define MEM_LIMIT   (1UL << 20)

static l4_cap_idx_t gate; /* the echo gate: our object, bound by the server */
static struct loader_program *server;

/* A receive timeout of about ten seconds (625 << 14 us): only against a hang, the
 * client needs a few milliseconds. */
static l4_timeout_t ten_seconds(void)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(625, 14));
}

/* Start boot module @name with our gate under the name "echo", with @rights. */
static struct loader_program *start(const char *name, unsigned prio, unsigned rights)
{
	struct loader_cap caps[] = {{"echo", gate, rights, 0}};
	struct loader_opts o = {.prio = prio,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = MEM_LIMIT,
				.caps = caps,
				.cap_count = 1};
	const char *why = NULL;
	struct loader_program *p = loader_start_opts(name, &o, &why);
	if (!p)
		printf("echo: cannot start %s: %s\n", name, why);
	return p;
}

/*
 * One raw request on the gate: tag label @label with @words words, mr0 = @n and the
 * bytes of @text (if any) from mr1. Return l4_error() of the reply; its words stay
 * in the UTCB.
 */
static long call(long label, unsigned words, l4_umword_t n, const char *text)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = n;
	if (text)
		memcpy(&mr->mr[1], text, strlen(text));
	return l4_error(
	    l4_ipc_call(gate, l4_utcb(), l4_msgtag(label, words, 0, 0), kt_safety_timeout()));
}

KTEST(server_and_client_start_and_the_client_succeeds)
{
	KT_EQ(loader_init(), 0);
	/* An unbound gate: callers wait at it until the server binds it. */
	gate = kt_cap_alloc();
	KT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0)), 0);
	server = start("echo_server", SERVER_PRIO, L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR);
	KT_ASSERT(server != NULL);
	struct loader_program *client = start("echo_client", CLIENT_PRIO, L4_CAP_FPAGE_RW);
	KT_ASSERT(client != NULL);
	struct loader_program *p = NULL;
	int status = -1;
	KT_EQ(loader_wait_any(&p, &status, ten_seconds()), 0);
	KT_ASSERT(p == client);
	KT_EQ(status, 0);
	loader_kill(client);
}

KTEST(round_trip_returns_the_bytes_upper_cased)
{
	const char *text = "Hello, Keel! 42";
	unsigned n = (unsigned)strlen(text);
	KT_EQ(call(ECHO_PROTO, ECHO_WORDS(n), n, text), 0);
	l4_msg_regs_t *mr = l4_utcb_mr();
	KT_EQ(mr->mr[0], n);
	KT_EQ(memcmp(&mr->mr[1], "HELLO, KEEL! 42", n), 0);
}

KTEST(empty_message_round_trips)
{
	KT_EQ(call(ECHO_PROTO, 1, 0, NULL), 0);
	KT_EQ(l4_utcb_mr()->mr[0], 0);
}

KTEST(maximum_length_round_trips)
{
	char text[ECHO_MAX + 1];
	for (unsigned i = 0; i < ECHO_MAX; i++)
		text[i] = (char)('a' + i % 26);
	text[ECHO_MAX] = 0;
	KT_EQ(ECHO_WORDS(ECHO_MAX), L4_UTCB_GENERIC_DATA_SIZE); /* every register */
	KT_EQ(call(ECHO_PROTO, ECHO_WORDS(ECHO_MAX), ECHO_MAX, text), 0);
	const char *got = (const char *)&l4_utcb_mr()->mr[1];
	KT_EQ(l4_utcb_mr()->mr[0], ECHO_MAX);
	for (unsigned i = 0; i < ECHO_MAX; i++)
		KT_EQ(got[i], 'A' + i % 26);
}

KTEST(wrong_protocol_label_is_refused)
{
	KT_EQ(call(ECHO_PROTO + 1, 1, 0, NULL), -L4_EBADPROTO);
	KT_EQ(call(0, 1, 0, NULL), -L4_EBADPROTO);
}

KTEST(too_short_messages_are_refused)
{
	KT_EQ(call(ECHO_PROTO, 0, 0, NULL), -L4_EMSGTOOSHORT);	  /* not even mr0 */
	KT_EQ(call(ECHO_PROTO, 1, 1, "x"), -L4_EMSGTOOSHORT);	  /* 1 byte claimed, 0 sent */
	KT_EQ(call(ECHO_PROTO, 2, 5, "hello"), -L4_EMSGTOOSHORT); /* 5 claimed, 4 sent */
	KT_EQ(call(ECHO_PROTO, 3, 5, "hello"), 0);
}

KTEST(lengths_above_the_maximum_are_refused)
{
	KT_EQ(call(ECHO_PROTO, L4_UTCB_GENERIC_DATA_SIZE, ECHO_MAX + 1, NULL), -L4_EINVAL);
	KT_EQ(call(ECHO_PROTO, L4_UTCB_GENERIC_DATA_SIZE, ~0UL, NULL), -L4_EINVAL);
}

KTEST(client_capability_cannot_take_the_gate)
{
	/* What the client got: the gate without the server right. */
	l4_cap_idx_t client_cap = kt_copy(gate, L4_CAP_FPAGE_RW);
	KT_ASSERT(l4_is_valid_cap(client_cap));
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(client_cap, L4_BASE_THREAD_CAP, 0)), -L4_EPERM);
	KT_EQ(call(ECHO_PROTO, 1, 0, NULL), 0); /* still the server's */
}

KTEST(server_stops)
{
	loader_kill(server);
	server = NULL;
	/* Its thread is gone: the gate is orphaned and fails calls at once. */
	KT_EQ(call(ECHO_PROTO, 1, 0, NULL), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
}
