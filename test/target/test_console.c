/* test_console.c - the user-level console server: sessions, tags, attributes, UART input,
 * focus, cleanup, errors. */
#include "device_caps.h"
#include "ktest_util.h"
#include "loader.h"
#include <l4/re/c/util/session.h>
#include <l4/re/c/util/vcon_line.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Above the root task (100), as in the system table: a write is a one-way send, and at
 * the root's priority the server's output and the root's PASS lines could interleave
 * when a time slice ended in the middle of a line. */
#define CONSOLE_PRIO 150
#define CLIENT_PRIO  90
#define KMEM_LIMIT   (256 * 1024)
#define MEM_LIMIT    (1UL << 20)

static struct loader_program *console;
static l4_cap_idx_t srv;	  /* the console's factory gate */
static l4_cap_idx_t root_session; /* tagged "root" */

/* A receive timeout of about @n milliseconds (the mantissa has 10 bits). */
static l4_timeout_t ms(unsigned n)
{
	unsigned long us = n * 1000UL;
	unsigned exp = 0;
	for (; us > 1023; us >>= 1)
		exp++;
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel((unsigned)us, exp));
}

/* One create request on @factory for protocol @proto with an optional @tag. */
static long create(l4_cap_idx_t factory, long proto, const char *tag, l4_cap_idx_t slot)
{
	return l4re_util_session_open(factory, proto, tag, slot, 1);
}

/* A session tagged @tag in *out (a server that is still starting is waited for). */
static long new_session(const char *tag, l4_cap_idx_t *out)
{
	*out = kt_cap_alloc();
	return l4re_util_session_open(srv, L4_PROTO_LOG, tag, *out, 50);
}

/* A raw vcon request of @words words (label @label) on @con; return its result. */
static long raw_call(l4_cap_idx_t con, long label, unsigned words, l4_umword_t op, l4_umword_t size)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = op;
	mr->mr[1] = size;
	mr->mr[2] = 0x64636261;
	return l4_error(l4_ipc_call(con, l4_utcb(), l4_msgtag(label, words, 0, 0), ms(1000)));
}

/* Drop our capability to session @s: the server may reclaim it now. */
static void drop(l4_cap_idx_t s)
{
	l4_task_release_cap(L4_BASE_TASK_CAP, s);
}

/* A new IRQ, bound to this thread and to line 0 of session @s (so @s takes the focus). */
static l4_cap_idx_t bind_input(l4_cap_idx_t s)
{
	l4_cap_idx_t irq = kt_cap_alloc();
	if (l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)) < 0 ||
	    l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0x40)) < 0 ||
	    l4_error(l4_icu_bind(s, 0, irq)) < 0)
		return L4_INVALID_CAP;
	return irq;
}

/* Ask the harness for @prompt's input and read one line of it from @s into @buf. */
static int read_typed_line(const char *prompt, l4_cap_idx_t s, l4_cap_idx_t irq, char *buf,
			   unsigned size)
{
	printf("console: type %s\n", prompt);
	int n = l4re_util_vcon_read_line(s, irq, buf, size - 1, ms(10000));
	if (n <= 0) {
		printf("console: read_line: %d\n", n);
		return n;
	}
	buf[n] = 0;
	printf("console: read '%.*s'\n", n - 1, buf);
	return n;
}

static bool attr_equal(const l4_vcon_attr_t *a, const l4_vcon_attr_t *b)
{
	return a->i_flags == b->i_flags && a->o_flags == b->o_flags && a->l_flags == b->l_flags;
}

static const l4_vcon_attr_t default_attr = {L4_VCON_ICRNL, L4_VCON_ONLCR,
					    L4_VCON_ICANON | L4_VCON_ECHO};

static struct loader_program *start_client(const char *name, l4_cap_idx_t session)
{
	const char *argv[] = {name, NULL};
	struct loader_cap caps[] = {{"out", session, L4_CAP_FPAGE_RW, 0}};
	struct loader_opts o = {.prio = CLIENT_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = MEM_LIMIT,
				.argv = argv,
				.caps = caps,
				.cap_count = 1};
	const char *why = NULL;
	struct loader_program *p = loader_start_opts("console_client", &o, &why);
	if (!p)
		printf("console: cannot start console_client: %s\n", why);
	return p;
}

KTEST(console_server_starts_and_serves_a_session)
{
	KT_EQ(loader_init(), 0);
	srv = kt_cap_alloc();
	KT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, srv, L4_INVALID_CAP, 0)), 0);
	/* Its UART as capabilities only: no ICU, no device access through its allocator. */
	struct loader_cap caps[DEVICE_CAPS_UART + 1] = {
	    {"srv", srv, L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR, 0}};
	const char *why = NULL;
	KT_EQ(device_caps_console(&caps[1], &why), 0);
	struct loader_opts o = {.prio = CONSOLE_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = MEM_LIMIT,
				.caps = caps,
				.cap_count = DEVICE_CAPS_UART + 1};
	console = loader_start_opts("console", &o, &why);
	KT_ASSERT(console != NULL);
	KT_EQ(new_session("root", &root_session), 0);
	KT_EQ(l4_vcon_write(root_session, "console: root session\n", 22), 22);
}

KTEST(two_clients_write_at_once_prefixed)
{
	l4_cap_idx_t a, b;
	KT_EQ(new_session("a", &a), 0);
	KT_EQ(new_session("b", &b), 0);
	struct loader_program *pa = start_client("a", a);
	struct loader_program *pb = start_client("b", b);
	KT_ASSERT(pa && pb);
	int sa = -1, sb = -1;
	KT_EQ(loader_wait(pa, &sa, ms(5000)), 0);
	KT_EQ(loader_wait(pb, &sb, ms(5000)), 0);
	KT_EQ(sa, 0);
	KT_EQ(sb, 0);
	loader_kill(pa);
	loader_kill(pb);
	drop(a);
	drop(b);
}

KTEST(bad_requests_get_errors)
{
	l4_cap_idx_t s = root_session;
	KT_EQ(raw_call(s, L4_PROTO_LOG, 1, 7, 0), -L4_ENOSYS);
	KT_EQ(raw_call(s, L4_PROTO_LOG, 3, L4_VCON_WRITE_OP, L4_VCON_WRITE_SIZE + 1), -L4_EINVAL);
	KT_EQ(raw_call(s, L4_PROTO_LOG, 1, L4_VCON_WRITE_OP, 0), -L4_EMSGTOOSHORT);
	KT_EQ(raw_call(s, L4_PROTO_LOG, 3, L4_VCON_WRITE_OP, 100), -L4_EMSGTOOSHORT);
	KT_EQ(raw_call(s, L4_PROTO_LOG, 0, 0, 0), -L4_EMSGTOOSHORT);
	/* A READ of L4Re's form asking more than a reply holds gets what fits. */
	KT_EQ(raw_call(s, L4_PROTO_LOG, 1, 0xffffUL << L4_VCON_READ_SHIFT | L4_VCON_READ_OP, 0), 0);
	KT_EQ(raw_call(s, 0, 2, L4_VCON_WRITE_OP, 0), -L4_EBADPROTO);
	KT_EQ(raw_call(srv, L4_PROTO_LOG, 2, L4_VCON_WRITE_OP, 0), -L4_EBADPROTO);
	KT_EQ(create(srv, L4_PROTO_IRQ, NULL, kt_cap_alloc()), -L4_ENODEV);
	KT_EQ(create(s, L4_PROTO_LOG, NULL, kt_cap_alloc()), -L4_EBADPROTO);
	char buf[8];
	KT_EQ(l4_vcon_read(s, buf, sizeof(buf)), 0); /* nothing typed yet */
	l4_cap_idx_t irq = kt_cap_alloc();
	KT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)), 0);
	KT_EQ(l4_error(l4_icu_bind(s, 1, irq)), -L4_EINVAL); /* the vcon has line 0 only */
	KT_EQ(raw_call(s, L4_PROTO_IRQ, 2, L4_ICU_OP_INFO, 0), -L4_ENOSYS);
}

KTEST(attributes_default_and_round_trip_per_session)
{
	l4_cap_idx_t s;
	KT_EQ(new_session("attr", &s), 0);
	l4_vcon_attr_t got = {0, 0, 0};
	KT_EQ(l4_error(l4_vcon_get_attr(s, &got)), 0);
	KT_ASSERT(attr_equal(&got, &default_attr));
	l4_vcon_attr_t want = {L4_VCON_IGNCR | L4_VCON_INLCR, L4_VCON_OCRNL, L4_VCON_ECHO};
	KT_EQ(l4_error(l4_vcon_set_attr(s, &want)), 0);
	KT_EQ(l4_error(l4_vcon_get_attr(s, &got)), 0);
	KT_ASSERT(attr_equal(&got, &want));
	KT_EQ(l4_error(l4_vcon_get_attr(root_session, &got)), 0); /* the others keep theirs */
	KT_ASSERT(attr_equal(&got, &default_attr));
	drop(s);
}

KTEST(bad_attribute_requests_get_errors)
{
	l4_cap_idx_t s = root_session;
	KT_EQ(raw_call(s, L4_PROTO_LOG, 3, L4_VCON_SET_ATTR_OP, 0), -L4_EMSGTOOSHORT);
	KT_EQ(raw_call(s, L4_PROTO_LOG, 1, L4_VCON_SET_ATTR_OP, 0), -L4_EMSGTOOSHORT);
	KT_EQ(raw_call(s, L4_PROTO_IRQ, 4, L4_VCON_SET_ATTR_OP, 0), -L4_ENOSYS);
	KT_EQ(raw_call(s, 0, 1, L4_VCON_GET_ATTR_OP, 0), -L4_EBADPROTO);
	KT_EQ(raw_call(srv, L4_PROTO_LOG, 1, L4_VCON_GET_ATTR_OP, 0), -L4_EBADPROTO);
	l4_vcon_attr_t got = {0, 0, 0};
	KT_EQ(l4_error(l4_vcon_get_attr(s, &got)), 0); /* the refused SETs changed nothing */
	KT_ASSERT(attr_equal(&got, &default_attr));
}

static l4_cap_idx_t root_irq; /* bound to root_session */

KTEST(typed_line_reaches_a_reader)
{
	root_irq = bind_input(root_session);
	KT_ASSERT(l4_is_valid_cap(root_irq));
	char buf[64];
	KT_ASSERT(read_typed_line("a line", root_session, root_irq, buf, sizeof(buf)) > 0);
	KT_EQ(strcmp(buf, "hello keel\n"), 0);
	KT_EQ(l4_vcon_read(root_session, buf, sizeof(buf)), 0);
}

/* Collect @n bytes from @s one READ of one byte at a time, waiting on @irq for more. */
static unsigned read_bytes(l4_cap_idx_t s, l4_cap_idx_t irq, char *buf, unsigned n)
{
	unsigned got = 0;
	while (got < n) {
		int r = l4_vcon_read(s, buf + got, 1);
		if (r < 0)
			break;
		if (r >= 1) { /* 2: one byte, and more is left (L4Re's answer) */
			got++;
			continue;
		}
		if (l4_ipc_error(l4_irq_receive(irq, ms(10000)), l4_utcb()))
			break;
	}
	return got;
}

KTEST(raw_mode_reads_characters_as_typed)
{
	l4_vcon_attr_t raw = {0, L4_VCON_ONLCR, 0};
	KT_EQ(l4_error(l4_vcon_set_attr(root_session, &raw)), 0);
	printf("console: type raw keys\n");
	char buf[4];
	unsigned n = read_bytes(root_session, root_irq, buf, sizeof(buf));
	KT_EQ(l4_error(l4_vcon_set_attr(root_session, &default_attr)), 0);
	KT_EQ(n, 4);
	/* Not edited: DEL and CR arrive as typed, no line needed. */
	KT_EQ(memcmp(buf, "x\x7fy\r", 4), 0);
	KT_EQ(l4_vcon_read(root_session, buf, sizeof(buf)), 0);
}

static l4_cap_idx_t focus1, focus2, irq1, irq2;

KTEST(only_the_focused_session_gets_typed_input)
{
	KT_EQ(new_session("f1", &focus1), 0);
	KT_EQ(new_session("f2", &focus2), 0);
	irq1 = bind_input(focus1);
	irq2 = bind_input(focus2); /* the most recent bind: f2 has the focus */
	KT_ASSERT(l4_is_valid_cap(irq1) && l4_is_valid_cap(irq2));
	l4_vcon_attr_t quiet = {L4_VCON_ICRNL, L4_VCON_ONLCR, L4_VCON_ICANON}; /* no echo */
	KT_EQ(l4_error(l4_vcon_set_attr(focus2, &quiet)), 0);
	char buf[64];
	KT_ASSERT(read_typed_line("a focus line", focus2, irq2, buf, sizeof(buf)) > 0);
	KT_EQ(strcmp(buf, "quiet line\n"), 0);
	KT_EQ(l4_vcon_read(focus1, buf, sizeof(buf)), 0);
	KT_EQ(l4_vcon_read(root_session, buf, sizeof(buf)), 0);
}

KTEST(focus_falls_back_when_the_focused_session_unbinds)
{
	KT_EQ(l4_error(l4_icu_unbind(focus2, 0, irq2)), 0);
	char buf[64];
	KT_ASSERT(read_typed_line("a fallback line", focus1, irq1, buf, sizeof(buf)) > 0);
	KT_EQ(strcmp(buf, "back\n"), 0);
	KT_EQ(l4_vcon_read(focus2, buf, sizeof(buf)), 0);
	KT_EQ(l4_vcon_read(root_session, buf, sizeof(buf)), 0);
}

KTEST(focus_falls_back_when_the_focused_session_is_dropped)
{
	drop(focus1); /* the server cleans it up when input arrives */
	drop(focus2);
	char buf[64];
	/* Read as L4Re's programs do: a read of 4 bytes while the line is longer answers
	 * 5 (4 in the buffer, more left); the next gets the rest, all of it (7). */
	printf("console: type a line for root\n");
	int r = 0;
	for (int tries = 0; tries < 100 && r == 0; tries++) {
		r = l4_vcon_read(root_session, buf, 4);
		if (r == 0)
			l4_irq_receive(root_irq, ms(100));
	}
	KT_EQ(r, 5);
	KT_EQ(memcmp(buf, "root", 4), 0);
	KT_EQ(l4_vcon_read_with_flags(root_session, buf + 4, 50), 7);
	buf[11] = 0;
	KT_EQ(strcmp(buf, "root again\n"), 0);
	printf("console: read '%.*s'\n", 10, buf);
	l4_task_delete_obj(L4_BASE_TASK_CAP, irq1);
	l4_task_delete_obj(L4_BASE_TASK_CAP, irq2);
}

KTEST(dropped_sessions_are_reclaimed)
{
	for (int i = 0; i < 3 * 8; i++) {
		l4_cap_idx_t s = kt_cap_alloc();
		KT_EQ(create(srv, L4_PROTO_LOG, "short", s), 0);
		KT_EQ(l4_vcon_write(s, "x", 1), 1);
		drop(s);
	}
}

KTEST(ninth_live_session_is_refused)
{
	l4_cap_idx_t live[7]; /* with root_session, all 8 */
	for (unsigned i = 0; i < 7; i++) {
		live[i] = kt_cap_alloc();
		KT_EQ(create(srv, L4_PROTO_LOG, "live", live[i]), 0);
	}
	KT_EQ(create(srv, L4_PROTO_LOG, "ninth", kt_cap_alloc()), -L4_ENOMEM);
	for (unsigned i = 0; i < 7; i++)
		KT_EQ(l4_vcon_write(live[i], "", 0), 0); /* still served */
	drop(live[0]);
	l4_cap_idx_t s = kt_cap_alloc();
	KT_EQ(create(srv, L4_PROTO_LOG, "ninth", s), 0);
	drop(s);
	for (unsigned i = 1; i < 7; i++)
		drop(live[i]);
}

/* The console crashes and is restarted with the same capabilities: the new one
 * binds the same UART interrupt to its thread, and typed input reaches it. */
KTEST(restarted_console_takes_typed_input)
{
	KT_EQ(l4_error(l4_thread_ex_regs(loader_main_thread(console), 0xdead0000, ~0UL,
					 L4_THREAD_EX_REGS_CANCEL)),
	      0);
	int status = 0;
	KT_EQ(loader_wait(console, &status, ms(1000)), 0);
	KT_EQ(status, LOADER_FAULTED);
	const char *why = NULL;
	KT_EQ(loader_restart(console, &why), 0);
	l4_cap_idx_t s;
	KT_EQ(new_session("again", &s), 0);
	l4_cap_idx_t irq = bind_input(s);
	KT_ASSERT(l4_is_valid_cap(irq));
	char buf[64];
	KT_ASSERT(read_typed_line("a line after the restart", s, irq, buf, sizeof(buf)) > 0);
	KT_EQ(strcmp(buf, "after restart\n"), 0);
}

KTEST(console_server_stops)
{
	loader_kill(console);
	console = NULL;
}
