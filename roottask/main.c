/* main.c - Keel's root task: starts the default system and restarts its servers. */
#include "device_caps.h"
#include "loader.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/session.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <stdio.h>

#define CONSOLE_PRIO  150 /* above its clients, so that output keeps flowing */
#define PROGRAM_PRIO  50
#define KMEM_LIMIT    (256 * 1024)
#define MEM_LIMIT     (4UL << 20)
#define SESSION_TRIES 1000
#define MAX_RESTARTS  10 /* of one server, before the root gives up on it */
#define MAX_PROGRAMS  4

static l4_cap_idx_t console_srv; /* the console's factory gate (the root's object) */
static struct loader_program *console;

/* The programs that write to the console, and their sessions. */
static struct {
	const char *name;
	struct loader_program *p;
	l4_cap_idx_t log;
} programs[MAX_PROGRAMS] = {{"hello", NULL, 0}};

/* A console session tagged @tag in a new slot, or L4_INVALID_CAP. */
static l4_cap_idx_t console_session(const char *tag)
{
	l4_cap_idx_t s = l4re_util_cap_alloc();
	if (l4re_util_session_open(console_srv, L4_PROTO_LOG, tag, s, SESSION_TRIES) < 0)
		return L4_INVALID_CAP;
	return s;
}

/* Start the console server: its UART as capabilities (its registers, its interrupt,
 * from the device tree: device_caps.h), its factory gate. */
static struct loader_program *start_console(void)
{
	struct loader_cap caps[DEVICE_CAPS_UART + 1] = {
	    {"srv", console_srv, L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR}};
	const char *why = "";
	if (device_caps_console(&caps[1], &why) < 0) {
		printf("roottask: cannot start the console: %s\n", why);
		return NULL;
	}
	struct loader_opts o = {.prio = CONSOLE_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = 1UL << 20,
				.caps = caps,
				.cap_count = DEVICE_CAPS_UART + 1};
	struct loader_program *p = loader_start_opts("console", &o, &why);
	if (!p)
		printf("roottask: cannot start the console: %s\n", why);
	return p;
}

/* Every program that wrote to the console gets a new session. */
static void reopen_sessions(void)
{
	for (unsigned i = 0; i < MAX_PROGRAMS && programs[i].name; i++) {
		if (!programs[i].p)
			continue;
		programs[i].log = console_session(programs[i].name);
		if (l4_is_valid_cap(programs[i].log))
			loader_set_log(programs[i].p, programs[i].log);
	}
}

static void start_programs(void)
{
	for (unsigned i = 0; i < MAX_PROGRAMS && programs[i].name; i++) {
		programs[i].log = console_session(programs[i].name);
		struct loader_opts o = {.prio = PROGRAM_PRIO,
					.kmem_limit = KMEM_LIMIT,
					.mem_limit = MEM_LIMIT,
					.log =
					    l4_is_valid_cap(programs[i].log) ? programs[i].log : 0};
		const char *why = "";
		programs[i].p = loader_start_opts(programs[i].name, &o, &why);
		if (!programs[i].p)
			printf("roottask: cannot start %s: %s\n", programs[i].name, why);
	}
}

/* The console stopped (@status): start it again and give everybody new sessions. */
static void console_stopped(int status)
{
	printf("roottask: the console stopped (status %#x), restarting it\n", status);
	if (loader_starts(console) > MAX_RESTARTS) {
		printf("roottask: the console failed %d times, giving up\n", MAX_RESTARTS);
		loader_kill(console);
		console = NULL;
		return;
	}
	const char *why = "";
	if (loader_restart(console, &why) < 0) {
		printf("roottask: cannot restart the console: %s\n", why);
		console = NULL;
		return;
	}
	reopen_sessions();
	printf("roottask: console restarted\n");
}

/* The parent: hear of programs that end, restart the console when it fails. */
static void supervise(void)
{
	for (;;) {
		struct loader_program *p = NULL;
		int status = 0;
		if (loader_wait_any(&p, &status, L4_IPC_NEVER) < 0)
			continue;
		if (p == console) {
			console_stopped(status);
			continue;
		}
		printf("roottask: %s ended, status %#x\n", loader_name(p), status);
		for (unsigned i = 0; i < MAX_PROGRAMS; i++)
			if (programs[i].p == p)
				programs[i].p = NULL;
		loader_kill(p);
	}
}

int main(void)
{
	printf("roottask: hello\n");
	console_srv = l4re_util_cap_alloc();
	int err = loader_init();
	if (!err)
		err = (int)l4_error(
		    l4_factory_create_gate(L4_BASE_FACTORY_CAP, console_srv, L4_INVALID_CAP, 0));
	if (err) {
		printf("roottask: cannot start the loader (%d)\n", err);
		return 1;
	}
	/*
	 * The root task itself keeps writing to the kernel log: the parent must never
	 * wait for the console, which may be the program that has just crashed.
	 */
	console = start_console();
	if (console)
		printf("roottask: console server started, programs write through it\n");
	start_programs();
	supervise();
}
