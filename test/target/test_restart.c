/* test_restart.c - servers that fault, crash or are deleted: clients get errors, the
 * parent (this root task) is told and restarts them, clients open new sessions. */
#include "crash_proto.h"
#include "device_caps.h"
#include "ktest_util.h"
#include "loader.h"
#include <l4/re/c/util/session.h>
#include "page_alloc.h"
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <stdio.h>
#include <string.h>

#define SERVER_PRIO 110 /* above the root's main thread: serves at once */
#define CALLER_PRIO 105
#define CLIENT_PRIO 90
#define KMEM_LIMIT  (256 * 1024)
#define MEM_LIMIT   (1UL << 20)

static unsigned long free_at_start;
static l4_cap_idx_t srv_a, srv_b; /* the factory gates of the two servers */
static struct loader_program *server_a, *server_b;
static l4_cap_idx_t session_b; /* a session with server b, which never crashes */

/* A timeout of @n milliseconds (n < 1024). */
static l4_timeout_t ms(unsigned n)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(n, 10));
}

static struct loader_program *start_server(l4_cap_idx_t gate)
{
	struct loader_cap caps[] = {{"srv", gate, L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR, 0}};
	struct loader_opts o = {.prio = SERVER_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = MEM_LIMIT,
				.caps = caps,
				.cap_count = 1};
	const char *why = NULL;
	struct loader_program *p = loader_start_opts("crash_server", &o, &why);
	if (!p)
		printf("restart: cannot start crash_server: %s\n", why);
	return p;
}

/* A session with the server behind @srv in a new slot *out (retried while the
 * server restarts). */
static long new_session(l4_cap_idx_t srv, l4_cap_idx_t *out)
{
	*out = kt_cap_alloc();
	return l4re_util_session_open(srv, CRASH_PROTO, NULL, *out, 100);
}

/* Call @op on @session with mr1 = @n: the IPC error (L4_IPC_*), or 0 with the
 * reply's mr0 in *out. */
static long call_op(l4_cap_idx_t session, unsigned op, l4_umword_t n, l4_umword_t *out)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = op;
	mr->mr[1] = n;
	l4_msgtag_t tag = l4_ipc_call(session, l4_utcb(), l4_msgtag(CRASH_PROTO, 2, 0, 0),
				      l4_timeout(L4_IPC_TIMEOUT_NEVER, L4_IPC_TIMEOUT_NEVER));
	long err = l4_ipc_error(tag, l4_utcb());
	if (!err && out)
		*out = l4_error(tag) < 0 ? (l4_umword_t)l4_error(tag) : mr->mr[0];
	return err;
}

/* Does @session answer an echo? */
static int echoes(l4_cap_idx_t session)
{
	l4_umword_t r = 0;
	return call_op(session, CRASH_ECHO, 41, &r) == 0 && r == 42;
}

/* A thread of the root task that makes one call and records its IPC error. */
struct caller {
	l4_cap_idx_t session;
	unsigned op;
	volatile int done;
	volatile long err;
};

static void caller_fn(void *arg)
{
	struct caller *c = arg;
	c->err = call_op(c->session, c->op, 0, NULL);
	c->done = 1;
}

/* The gate "ready" the programs tell their progress through (crash_client: 1 = an echo
 * worked; log_writer: 1 = a write worked, 2 = a write failed), served by a thread that
 * counts the notes: the tests wait for what the programs did, not for some time. */
static struct kt_server notes;
static l4_cap_idx_t notes_gate;

static int notes_start(void)
{
	l4_cap_idx_t th;
	kt_server_init(&notes);
	return kt_server_start(&notes, &th, &notes_gate, 0, KT_MAIN_PRIO + 1);
}

/* Wait for the next program to end: it and its status. */
static struct loader_program *next_end(int *status)
{
	struct loader_program *p = NULL;
	*status = -1;
	return loader_wait_any(&p, status, ms(1000)) == 0 ? p : NULL;
}

KTEST(servers_start_and_serve_sessions)
{
	KT_EQ(loader_init(), 0);
	free_at_start = page_free_count();
	srv_a = kt_cap_alloc();
	srv_b = kt_cap_alloc();
	KT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, srv_a, L4_INVALID_CAP, 0)), 0);
	KT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, srv_b, L4_INVALID_CAP, 0)), 0);
	server_a = start_server(srv_a);
	server_b = start_server(srv_b);
	KT_ASSERT(server_a && server_b);
	l4_cap_idx_t s;
	KT_EQ(new_session(srv_a, &s), 0);
	KT_EQ(new_session(srv_b, &session_b), 0);
	KT_ASSERT(echoes(s));
	KT_ASSERT(echoes(session_b));
	KT_EQ(loader_starts(server_a), 1);
}

/*
 * Server a crashes in the middle of a call (@op). That caller and one queued behind
 * it get errors once the parent deletes the crashed server; the parent hears of the
 * crash (@status), server b keeps working, and after the restart a new session works.
 */
static void crash_and_restart(unsigned op, int status, unsigned exc_class)
{
	KT_SCOPE();
	l4_cap_idx_t s, th1, th2;
	KT_EQ(new_session(srv_a, &s), 0);
	static struct caller crasher, queued;
	memset(&crasher, 0, sizeof(crasher));
	memset(&queued, 0, sizeof(queued));
	crasher.session = queued.session = s;
	crasher.op = op;
	queued.op = CRASH_ECHO;
	unsigned starts = loader_starts(server_a);
	KT_EQ(kt_thread_start(&th1, caller_fn, &crasher, CALLER_PRIO), 0);
	KT_EQ(kt_thread_start(&th2, caller_fn, &queued, CALLER_PRIO), 0);
	int st = -1;
	KT_ASSERT(next_end(&st) == server_a);
	KT_EQ(st, status);
	if (status == LOADER_FAULTED)
		KT_EQ(loader_fault_info(server_a).err >> 26, exc_class);
	KT_ASSERT(echoes(session_b)); /* the rest of the system runs on */
	KT_EQ(crasher.done, 0);	      /* both wait for the crashed server... */
	KT_EQ(queued.done, 0);
	const char *why = NULL;
	KT_EQ(loader_restart(server_a, &why), 0);
	KT_ASSERT(kt_wait_ge(&crasher.done, 1, KT_SAFETY_US)); /* ...and fail when it goes */
	KT_ASSERT(kt_wait_ge(&queued.done, 1, KT_SAFETY_US));
	KT_EQ(crasher.err, L4_IPC_REABORTED);
	KT_EQ(queued.err, L4_IPC_SEABORTED);
	KT_EQ(call_op(s, CRASH_ECHO, 1, NULL), L4_IPC_ENOT_EXISTENT); /* the old session */
	KT_EQ(new_session(srv_a, &s), 0);
	KT_ASSERT(echoes(s));
	KT_EQ(loader_starts(server_a), starts + 1);
}

KTEST(server_data_abort_is_reported_and_the_server_restarted)
{
	crash_and_restart(CRASH_FAULT, LOADER_FAULTED, L4_EXC_CLASS_DATA_ABORT);
	KT_EQ(loader_fault_info(server_a).pfa, 0);
}

KTEST(server_undefined_instruction_is_reported_and_the_server_restarted)
{
	crash_and_restart(CRASH_UNDEF, LOADER_FAULTED, L4_EXC_CLASS_UNKNOWN);
}

KTEST(server_abort_is_reported_and_the_server_restarted)
{
	crash_and_restart(CRASH_ABORT, 134, 0);
}

KTEST(deleted_server_fails_calls_at_once_and_is_restarted)
{
	l4_cap_idx_t s;
	KT_EQ(new_session(srv_a, &s), 0);
	loader_delete(server_a);
	KT_EQ(call_op(s, CRASH_ECHO, 1, NULL), L4_IPC_ENOT_EXISTENT);
	KT_EQ(l4_ipc_error(
		  l4_ipc_call(srv_a, l4_utcb(),
			      l4_factory_create_start_u(CRASH_PROTO, kt_cap_alloc(), l4_utcb()),
			      L4_IPC_NEVER),
		  l4_utcb()),
	      L4_IPC_ENOT_EXISTENT);
	int st = -1;
	KT_ASSERT(next_end(&st) == server_a);
	KT_EQ(st, LOADER_DELETED);
	const char *why = NULL;
	KT_EQ(loader_restart(server_a, &why), 0);
	KT_EQ(new_session(srv_a, &s), 0);
	KT_ASSERT(echoes(s));
}

KTEST(client_program_reopens_its_session_and_keeps_working)
{
	KT_SCOPE();
	KT_EQ(notes_start(), 0);
	const char *argv[] = {"20", NULL};
	struct loader_cap caps[] = {{"srv", srv_a, L4_CAP_FPAGE_RW, 0},
				    {"ready", notes_gate, L4_CAP_FPAGE_RW, 0}};
	struct loader_opts o = {.prio = CLIENT_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = MEM_LIMIT,
				.argv = argv,
				.caps = caps,
				.cap_count = 2};
	const char *why = NULL;
	struct loader_program *client = loader_start_opts("crash_client", &o, &why);
	KT_ASSERT(client != NULL);
	KT_ASSERT(kt_wait_ge(&notes.count, 1, KT_SAFETY_US)); /* it is echoing now */
	l4_cap_idx_t s, th;
	KT_EQ(new_session(srv_a, &s), 0);
	static struct caller crasher;
	memset(&crasher, 0, sizeof(crasher));
	crasher.session = s;
	crasher.op = CRASH_FAULT;
	KT_EQ(kt_thread_start(&th, caller_fn, &crasher, CALLER_PRIO), 0);
	int st = -1;
	KT_ASSERT(next_end(&st) == server_a);
	KT_EQ(st, LOADER_FAULTED);
	KT_EQ(loader_restart(server_a, &why), 0);
	KT_EQ(loader_wait(client, &st, ms(1000)), 0);
	KT_EQ(st, 0);
	loader_kill(client);
}

static struct loader_program *start_writer(const char *mode, l4_cap_idx_t log, l4_cap_idx_t con)
{
	const char *argv[] = {mode, NULL};
	struct loader_cap caps[] = {{"con", con, L4_CAP_FPAGE_RW, 0},
				    {"ready", notes_gate, L4_CAP_FPAGE_RW, 0}};
	struct loader_opts o = {.prio = CLIENT_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = MEM_LIMIT,
				.argv = argv,
				.caps = caps,
				.cap_count = 2,
				.log = log};
	const char *why = NULL;
	struct loader_program *p = loader_start_opts("log_writer", &o, &why);
	if (!p)
		printf("restart: cannot start log_writer: %s\n", why);
	return p;
}

/*
 * The console server crashes (@crash: its thread is sent to an address where
 * nothing is mapped) or is deleted while two programs write through it: their
 * writes fail instead of hanging; the parent is told (@status) and restarts the
 * console (which gets the same UART capabilities and binds the same IRQ again), gives one program a
 * new session as its log, and the other opens a new session itself. Both see their writes work
 * again.
 */
static void console_fails_while_clients_write(bool crash, int status)
{
	KT_SCOPE();
	KT_EQ(notes_start(), 0);
	l4_cap_idx_t con = kt_cap_alloc();
	KT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, con, L4_INVALID_CAP, 0)), 0);
	struct loader_cap caps[DEVICE_CAPS_UART + 1] = {
	    {"srv", con, L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR, 0}};
	const char *why = NULL;
	KT_EQ(device_caps_console(&caps[1], &why), 0);
	struct loader_opts o = {.prio = SERVER_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = MEM_LIMIT,
				.caps = caps,
				.cap_count = DEVICE_CAPS_UART + 1};
	struct loader_program *console = loader_start_opts("console", &o, &why);
	KT_ASSERT(console != NULL);
	l4_cap_idx_t log_a = kt_cap_alloc();
	KT_EQ(l4re_util_session_open(con, L4_PROTO_LOG, "a", log_a, 100), 0);
	struct loader_program *a = start_writer("parent", log_a, con);
	struct loader_program *b = start_writer("self", 0, con);
	KT_ASSERT(a && b);
	KT_ASSERT(kt_wait_ge(&notes.count, 2, KT_SAFETY_US)); /* both are writing */
	if (crash)
		KT_EQ(l4_error(l4_thread_ex_regs(loader_main_thread(console), 0xdead0000, ~0UL,
						 L4_THREAD_EX_REGS_CANCEL)),
		      0);
	else
		loader_delete(console);
	int st = -1;
	KT_ASSERT(next_end(&st) == console);
	KT_EQ(st, status);
	kt_sleep_us(10000); /* the writers run on meanwhile */
	KT_EQ(loader_restart(console, &why), 0);
	printf("restart: console restarted\n");
	/* Both lose a write (a crashed console's clients stay blocked until it goes)
	 * before a gets a new log. */
	KT_ASSERT(kt_wait_ge(&notes.count, 4, KT_SAFETY_US));
	KT_EQ(l4re_util_session_open(con, L4_PROTO_LOG, "a", log_a, 100), 0);
	KT_EQ(loader_set_log(a, log_a), 0);
	int sa = -1, sb = -1;
	KT_EQ(loader_wait(a, &sa, ms(1000)), 0);
	KT_EQ(loader_wait(b, &sb, ms(1000)), 0);
	KT_EQ(sa, 0);
	KT_EQ(sb, 0);
	KT_EQ(loader_starts(console), 2);
	loader_kill(a);
	loader_kill(b);
	loader_kill(console);
}

KTEST(console_crash_with_clients_recovering)
{
	console_fails_while_clients_write(true, LOADER_FAULTED);
}

KTEST(console_deleted_with_clients_recovering)
{
	console_fails_while_clients_write(false, LOADER_DELETED);
}

KTEST(memory_comes_back_after_restarts)
{
	loader_kill(server_a);
	loader_kill(server_b);
	KT_EQ(page_free_count(), free_at_start);
}
