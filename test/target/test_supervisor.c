/* test_supervisor.c - the root task's supervisor (roottask/supervisor.c) over system tables. */
#include "ktest_util.h"
#include "loader.h"
#include "page_alloc.h"
#include "supervisor.h"
#include <stdio.h>

#define SERVER_PRIO 110 /* above the root's main thread: serves at once */
#define CLIENT_PRIO 90
#define KMEM_LIMIT  (256 * 1024)
#define MEM_LIMIT   (1UL << 20)
#define WRITERS	    5 /* with the console, more programs than main.c once allowed */

static unsigned long free_at_start;

static const struct system_cap console_caps[] = {
    {.name = "srv",
     .kind = SYSTEM_CAP_SERVICE,
     .rights = L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR},
    {.name = "uart", .kind = SYSTEM_CAP_CONSOLE_UART, .rights = L4_CAP_FPAGE_RW},
    {.name = "uart_irq", .kind = SYSTEM_CAP_CONSOLE_UART_IRQ, .rights = L4_CAP_FPAGE_RW},
};

static const struct system_component console = {
    .name = "console",
    .prio = SERVER_PRIO,
    .kmem_limit = KMEM_LIMIT,
    .mem_limit = MEM_LIMIT,
    .caps = console_caps,
    .cap_count = 3,
    .banner = "test console started",
    .max_restarts = 3,
};

static const char *const parent_mode[] = {"parent", NULL};
static const char *const writer_names[WRITERS] = {"w1", "w2", "w3", "w4", "w5"};

/* log_writer, named @name, writing to a console session its parent keeps open. */
static struct system_component writer(const char *name)
{
	struct system_component w = {.name = name,
				     .module = "log_writer",
				     .argv = parent_mode,
				     .prio = CLIENT_PRIO,
				     .kmem_limit = KMEM_LIMIT,
				     .mem_limit = MEM_LIMIT,
				     .log = {.server = "console"}};
	return w;
}

/* A timeout of @n milliseconds (n < 1024). */
static l4_timeout_t ms(unsigned n)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(n, 10));
}

/* Send the console's main thread to an address where nothing is mapped. */
static long crash_console(void)
{
	struct loader_program *p = supervisor_program("console");
	if (!p)
		return -L4_ENOENT;
	return l4_error(
	    l4_thread_ex_regs(loader_main_thread(p), 0xdead0000, ~0UL, L4_THREAD_EX_REGS_CANCEL));
}

KTEST(wrong_tables_are_refused)
{
	KT_EQ(loader_init(), 0);
	free_at_start = page_free_count();
	static struct system_component sys[LOADER_MAX_PROGRAMS + 1];
	for (unsigned i = 0; i <= LOADER_MAX_PROGRAMS; i++)
		sys[i] = writer("w");
	KT_EQ(supervisor_start(sys, LOADER_MAX_PROGRAMS + 1), -L4_EINVAL); /* too many */
	sys[0] = writer("w1"); /* its log server comes later */
	sys[1] = console;
	KT_EQ(supervisor_start(sys, 2), -L4_EINVAL);
	sys[0] = console; /* the log server has no service gate */
	sys[0].caps = console_caps + 1;
	sys[0].cap_count = 2;
	sys[1] = writer("w1");
	KT_EQ(supervisor_start(sys, 2), -L4_EINVAL);
	sys[0] = console; /* two components of one name */
	sys[1] = writer("console");
	KT_EQ(supervisor_start(sys, 2), -L4_EINVAL);
	static const struct system_cap long_name[] = {
	    {.name = "a_name_of_17_char", .kind = SYSTEM_CAP_ICU, .rights = 0}};
	sys[1] = writer("w1");
	sys[1].caps = long_name;
	sys[1].cap_count = 1;
	KT_EQ(supervisor_start(sys, 2), -L4_EINVAL);
	/* Client capabilities: to an earlier component's service gate, without the
	 * server right. */
	static const struct system_cap to_console[] = {{.name = "c",
							.kind = SYSTEM_CAP_CLIENT,
							.rights = L4_CAP_FPAGE_RW,
							.server = "console"}};
	static const struct system_cap to_nobody[] = {
	    {.name = "c", .kind = SYSTEM_CAP_CLIENT, .rights = L4_CAP_FPAGE_RW, .server = "w9"}};
	static const struct system_cap serving_console[] = {
	    {.name = "c",
	     .kind = SYSTEM_CAP_CLIENT,
	     .rights = L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR,
	     .server = "console"}};
	static const struct system_cap no_server[] = {
	    {.name = "c", .kind = SYSTEM_CAP_CLIENT, .rights = L4_CAP_FPAGE_RW}};
	const struct system_cap *bad_clients[] = {to_nobody, serving_console, no_server};
	sys[0] = console;
	for (unsigned k = 0; k < 3; k++) {
		sys[1] = writer("w1");
		sys[1].caps = bad_clients[k];
		sys[1].cap_count = 1;
		KT_EQ(supervisor_start(sys, 2), -L4_EINVAL);
	}
	sys[0] = writer("w1"); /* the server comes later */
	sys[0].caps = to_console;
	sys[0].cap_count = 1;
	sys[1] = console;
	KT_EQ(supervisor_start(sys, 2), -L4_EINVAL);
	static const struct system_cap to_writer[] = {
	    {.name = "c", .kind = SYSTEM_CAP_CLIENT, .rights = L4_CAP_FPAGE_RW, .server = "w1"}};
	sys[0] = writer("w1"); /* the server has no service gate */
	sys[1] = writer("w2");
	sys[1].caps = to_writer;
	sys[1].cap_count = 1;
	KT_EQ(supervisor_start(sys, 2), -L4_EINVAL);
	KT_ASSERT(supervisor_program("console") == NULL); /* nothing was started */
	KT_EQ(page_free_count(), free_at_start);
}

KTEST(a_system_starts_in_table_order)
{
	static struct system_component sys[1 + WRITERS];
	sys[0] = console;
	for (unsigned i = 0; i < WRITERS; i++)
		sys[1 + i] = writer(writer_names[i]);
	KT_EQ(supervisor_start(sys, 1 + WRITERS), 0);
	KT_ASSERT(supervisor_program("console") != NULL);
	for (unsigned i = 0; i < WRITERS; i++) {
		KT_ASSERT(supervisor_program(writer_names[i]) != NULL);
		KT_EQ(loader_starts(supervisor_program(writer_names[i])), 1);
	}
	KT_ASSERT(supervisor_program("nobody") == NULL);
}

/*
 * The console crashes while its clients write: the supervisor restarts it and gives
 * each client a new log session, through which their writes work again (each says
 * so, and ends); the ended clients are removed.
 */
KTEST(a_crashed_server_is_restarted_and_its_clients_get_new_logs)
{
	kt_sleep_us(20000); /* they are writing */
	KT_EQ(crash_console(), 0);
	kt_sleep_us(10000); /* their writes fail meanwhile */
	KT_EQ(supervisor_step(ms(1000)), 0);
	KT_ASSERT(supervisor_program("console") != NULL);
	KT_EQ(loader_starts(supervisor_program("console")), 2);
	for (unsigned i = 0; i < WRITERS; i++)
		KT_EQ(supervisor_step(ms(1000)), 0);
	for (unsigned i = 0; i < WRITERS; i++)
		KT_ASSERT(supervisor_program(writer_names[i]) == NULL);
}

KTEST(a_server_failing_too_often_is_removed)
{
	for (unsigned starts = 2; starts <= console.max_restarts; starts++) {
		KT_EQ(crash_console(), 0);
		KT_EQ(supervisor_step(ms(1000)), 0);
		KT_ASSERT(supervisor_program("console") != NULL);
		KT_EQ(loader_starts(supervisor_program("console")), starts + 1);
	}
	KT_EQ(crash_console(), 0);
	KT_EQ(supervisor_step(ms(1000)), 0);
	KT_ASSERT(supervisor_program("console") == NULL);
	KT_EQ(page_free_count(), free_at_start);
}

/*
 * A server and its client as a table says (the tutorial's echo programs): the client
 * gets the client end of the server's service gate, calls it, and ends with status 0
 * (the harness checks the line); the server is then deleted and all memory is back.
 */
KTEST(a_client_calls_its_server_through_the_gate_the_table_gives)
{
	static const struct system_cap server_caps[] = {
	    {.name = "echo",
	     .kind = SYSTEM_CAP_SERVICE,
	     .rights = L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR}};
	static const struct system_cap client_caps[] = {{.name = "echo",
							 .kind = SYSTEM_CAP_CLIENT,
							 .rights = L4_CAP_FPAGE_RW,
							 .server = "echo_server"}};
	static const struct system_component sys[] = {
	    {.name = "echo_server",
	     .prio = SERVER_PRIO,
	     .kmem_limit = KMEM_LIMIT,
	     .mem_limit = MEM_LIMIT,
	     .caps = server_caps,
	     .cap_count = 1},
	    {.name = "echo_client",
	     .prio = CLIENT_PRIO,
	     .kmem_limit = KMEM_LIMIT,
	     .mem_limit = MEM_LIMIT,
	     .caps = client_caps,
	     .cap_count = 1},
	};
	KT_EQ(supervisor_start(sys, 2), 0);
	KT_ASSERT(supervisor_program("echo_server") != NULL);
	for (int i = 0; i < 10 && supervisor_program("echo_client"); i++)
		supervisor_step(ms(1000));
	KT_ASSERT(supervisor_program("echo_client") == NULL);
	loader_delete(supervisor_program("echo_server"));
	KT_EQ(supervisor_step(ms(1000)), 0);
	KT_ASSERT(supervisor_program("echo_server") == NULL);
	KT_EQ(page_free_count(), free_at_start);
}
