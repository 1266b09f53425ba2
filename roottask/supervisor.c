/* supervisor.c - start a system's components in order and keep them running as its table says. */
#include "supervisor.h"
#include "device_caps.h"
#include "loader.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/session.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <stdio.h>
#include <string.h>

/*
 * The supervisor reports on the kernel log (the root task's stdout), never through a
 * console session: the parent must never wait for the console, which may be the
 * program that has just crashed.
 */

#define SESSION_TRIES 1000 /* a server just started may not serve yet: retry a while */
#define CAP_NAME_MAX  16   /* characters of a capability's name (l4re_env_cap_entry_t) */

/* What the supervisor keeps of a component while the system runs. */
struct component_state {
	struct loader_program *p; /* NULL: not started, or removed */
	l4_cap_idx_t gate;	  /* its service gate (the root task's object), or invalid */
	l4_cap_idx_t log;	  /* the session it logs to, or invalid: the kernel log */
};

static const struct system_component *components;
static unsigned component_count;
static struct component_state state[LOADER_MAX_PROGRAMS];

/* ---- the table ---- */

/* The index of the component called @name among the first @n, or @n if none is. */
static unsigned find_component(const char *name, unsigned n)
{
	unsigned i = 0;
	while (i < n && strcmp(components[i].name, name) != 0)
		i++;
	return i;
}

static bool has_service(const struct system_component *c)
{
	for (unsigned k = 0; k < c->cap_count; k++)
		if (c->caps[k].kind == SYSTEM_CAP_SERVICE)
			return true;
	return false;
}

/* What is wrong with capability @cap of component @i, or NULL. */
static const char *cap_error(const struct system_cap *cap, unsigned i)
{
	if (!cap->name || strlen(cap->name) > CAP_NAME_MAX)
		return "a capability name is missing or too long";
	if (cap->kind == SYSTEM_CAP_TASK_OF || cap->kind == SYSTEM_CAP_THREAD_OF ||
	    cap->kind == SYSTEM_CAP_FACTORY_OF)
		return cap->server && find_component(cap->server, i) < i
			   ? NULL
			   : "a capability names an object of a component that is not an earlier "
			     "one";
	if (cap->kind == SYSTEM_CAP_OBJECT)
		return l4_is_valid_cap(cap->cap) ? NULL : "an object capability names no object";
	if (cap->kind != SYSTEM_CAP_CLIENT)
		return NULL;
	if (!cap->server)
		return "a client capability names no server";
	unsigned s = find_component(cap->server, i);
	if (s == i)
		return "a client capability's server is not an earlier component";
	if (!has_service(&components[s]))
		return "a client capability's server has no service gate";
	if (cap->rights & L4_FPAGE_C_IPCGATE_SVR)
		return "a client capability may not have the server right";
	return NULL;
}

/* What is wrong with component @i, or NULL. */
static const char *component_error(unsigned i)
{
	const struct system_component *c = &components[i];
	if (!c->name)
		return "a component has no name";
	if (find_component(c->name, i) != i)
		return "two components have this name";
	if (c->prio < 1 || c->prio > 255 || c->prio_max > 255 ||
	    (c->prio_max && c->prio_max < c->prio))
		return "its priority is not in 1 .. its maximum priority (at most 255)";
	if (c->cap_count > LOADER_MAX_CAPS)
		return "too many capabilities";
	if (c->cap_count && !c->caps)
		return "its capabilities are missing";
	for (unsigned k = 0; k < c->cap_count; k++) {
		const char *why = cap_error(&c->caps[k], i);
		if (why)
			return why;
	}
	if (c->log.server) {
		unsigned s = find_component(c->log.server, i);
		if (s == i)
			return "its log server is not an earlier component";
		if (!has_service(&components[s]))
			return "its log server has no service gate";
	}
	return NULL;
}

/* Take @system as the table if it is usable. Return: 0, or -L4_EINVAL. */
static int check_system(const struct system_component *system, unsigned count)
{
	components = system;
	component_count = 0;
	if (count > LOADER_MAX_PROGRAMS) {
		printf("roottask: the system has %u components, the loader runs at most %d\n",
		       count, LOADER_MAX_PROGRAMS);
		return -L4_EINVAL;
	}
	for (unsigned i = 0; i < count; i++) {
		const char *why = component_error(i);
		if (why) {
			printf("roottask: component %u (%s) of the system: %s\n", i,
			       system[i].name ? system[i].name : "?", why);
			return -L4_EINVAL;
		}
	}
	component_count = count;
	return 0;
}

/* The service gates exist before any component starts: clients and servers start
 * in any order, and a server's restart keeps its gate. */
static int create_gates(void)
{
	for (unsigned i = 0; i < component_count; i++) {
		state[i] = (struct component_state){NULL, L4_INVALID_CAP, L4_INVALID_CAP};
		if (!has_service(&components[i]))
			continue;
		state[i].gate = l4re_util_cap_alloc();
		long err = l4_error(
		    l4_factory_create_gate(L4_BASE_FACTORY_CAP, state[i].gate, L4_INVALID_CAP, 0));
		if (err) {
			printf("roottask: cannot create the service gate of %s (%ld)\n",
			       components[i].name, err);
			return (int)err;
		}
	}
	return 0;
}

/* ---- starting ---- */

/* A new log session for component @i with its log server, or L4_INVALID_CAP. */
static l4_cap_idx_t open_log(unsigned i)
{
	const struct system_log *log = &components[i].log;
	if (!log->server && !log->gate)
		return L4_INVALID_CAP;
	l4_cap_idx_t gate = log->server ? state[find_component(log->server, i)].gate : log->gate;
	l4_cap_idx_t s = l4re_util_cap_alloc();
	if (l4re_util_session_open(gate, L4_PROTO_LOG, log->tag ? log->tag : components[i].name, s,
				   SESSION_TRIES) < 0)
		return L4_INVALID_CAP;
	return s;
}

/* The object of an earlier component that @cap of component @i names, in *@out. */
static int component_object(const struct system_cap *cap, unsigned i, l4_cap_idx_t *out,
			    const char **why)
{
	const struct loader_program *p = state[find_component(cap->server, i)].p; /* checked */
	if (!p) {
		*why = "a capability names an object of a component that is not running";
		return -L4_ENOENT;
	}
	if (cap->kind == SYSTEM_CAP_TASK_OF)
		*out = loader_task(p);
	else if (cap->kind == SYSTEM_CAP_THREAD_OF)
		*out = loader_main_thread(p);
	else
		*out = loader_factory(p);
	return 0;
}

/*
 * The named capabilities of component @i, as the loader takes them, in @out. This is
 * where what a component may reach (objects, devices) is set up from the table.
 * Return: 0, or a negative error with *@why saying what could not be made.
 */
static int component_caps(unsigned i, struct loader_cap *out, const char **why)
{
	const struct system_component *c = &components[i];
	int err = 0;
	for (unsigned k = 0; !err && k < c->cap_count; k++) {
		out[k].name = c->caps[k].name;
		out[k].rights = c->caps[k].rights;
		out[k].slot = c->caps[k].slot;
		out[k].cap = L4_INVALID_CAP;
		switch (c->caps[k].kind) {
		case SYSTEM_CAP_ICU:
			out[k].cap = L4_BASE_ICU_CAP;
			break;
		case SYSTEM_CAP_SERVICE:
			out[k].cap = state[i].gate;
			break;
		case SYSTEM_CAP_CLIENT: /* checked: an earlier component with a gate */
			out[k].cap = state[find_component(c->caps[k].server, i)].gate;
			break;
		case SYSTEM_CAP_CONSOLE_UART:
		case SYSTEM_CAP_CONSOLE_UART_IRQ:
			err = device_caps_console_cap(c->caps[k].kind == SYSTEM_CAP_CONSOLE_UART
							  ? DEVICE_CAPS_UART_REGS
							  : DEVICE_CAPS_UART_IRQ,
						      &out[k].cap, why);
			break;
		case SYSTEM_CAP_OBJECT:
			out[k].cap = c->caps[k].cap;
			break;
		case SYSTEM_CAP_TASK_OF:
		case SYSTEM_CAP_THREAD_OF:
		case SYSTEM_CAP_FACTORY_OF:
			err = component_object(&c->caps[k], i, &out[k].cap, why);
			break;
		}
	}
	return err;
}

/* Start component @i. Return: whether it runs. */
static bool start_component(unsigned i)
{
	const struct system_component *c = &components[i];
	struct component_state *r = &state[i];
	struct loader_cap caps[LOADER_MAX_CAPS];
	struct loader_attach attach[LOADER_MAX_CAPS];
	unsigned attach_count = 0;
	const char *why = "";
	r->log = open_log(i);
	for (unsigned k = 0; k < c->cap_count && k < LOADER_MAX_CAPS; k++)
		if (c->caps[k].attach)
			attach[attach_count++] =
			    (struct loader_attach){k, c->caps[k].attach, c->caps[k].attach_size};
	if (component_caps(i, caps, &why) < 0) {
		printf("roottask: cannot start %s: %s\n", c->name, why);
		return false;
	}
	struct loader_opts o = {.prio = c->prio,
				.prio_max = c->prio_max,
				.kmem_limit = c->kmem_limit,
				.mem_limit = c->mem_limit,
				.page_limit = c->page_limit,
				.devices = c->devices,
				.no_rm = c->no_rm,
				.eager_map = c->eager_map,
				.argv = c->argv,
				.caps = caps,
				.cap_count = c->cap_count,
				.attach = attach,
				.attach_count = attach_count,
				.log = l4_is_valid_cap(r->log) ? r->log : 0};
	r->p = loader_start_opts(c->module ? c->module : c->name, &o, &why);
	if (!r->p)
		printf("roottask: cannot start %s: %s\n", c->name, why);
	else if (c->banner)
		printf("roottask: %s\n", c->banner);
	return r->p != NULL;
}

/* Undo supervisor_start_all(): every component goes, with its log session and the
 * service gates. */
static void stop_all(void)
{
	for (unsigned i = 0; i < component_count; i++) {
		struct component_state *r = &state[i];
		if (r->p)
			loader_kill(r->p);
		if (l4_is_valid_cap(r->log))
			l4_task_delete_obj(L4_BASE_TASK_CAP, r->log);
		if (l4_is_valid_cap(r->gate))
			l4_task_delete_obj(L4_BASE_TASK_CAP, r->gate);
		*r = (struct component_state){NULL, L4_INVALID_CAP, L4_INVALID_CAP};
	}
	component_count = 0;
}

int supervisor_start_all(const struct system_component *system, unsigned count)
{
	int err = check_system(system, count);
	if (!err)
		err = create_gates();
	for (unsigned i = 0; !err && i < component_count; i++)
		if (!start_component(i)) {
			printf("roottask: the system is not started: %s cannot be started\n",
			       components[i].name);
			err = -L4_EINVAL;
		}
	if (err)
		stop_all();
	return err;
}

int supervisor_start(const struct system_component *system, unsigned count)
{
	int err = check_system(system, count);
	if (!err)
		err = create_gates();
	if (err)
		return err;
	for (unsigned i = 0; i < component_count; i++)
		start_component(i);
	return 0;
}

/* ---- supervising ---- */

/* Does component @s hold @gate with the server right? */
static bool serves(unsigned s, l4_cap_idx_t gate)
{
	const struct system_component *c = &components[s];
	for (unsigned k = 0; k < c->cap_count; k++)
		if (c->caps[k].kind == SYSTEM_CAP_OBJECT && c->caps[k].cap == gate &&
		    (c->caps[k].rights & L4_FPAGE_C_IPCGATE_SVR))
			return true;
	return false;
}

/* Every running client of server @s gets a new log session: the old ones went with
 * the server's last run. */
static void reopen_sessions(unsigned s)
{
	for (unsigned i = 0; i < component_count; i++) {
		const struct system_log *log = &components[i].log;
		bool by_name = log->server && strcmp(log->server, components[s].name) == 0;
		if (!state[i].p || !(by_name || (log->gate && serves(s, log->gate))))
			continue;
		state[i].log = open_log(i);
		if (l4_is_valid_cap(state[i].log))
			loader_set_log(state[i].p, state[i].log);
	}
}

/* Component @i stopped with @status: start it again, unless it has failed too often. */
static void restart(unsigned i, int status)
{
	const struct system_component *c = &components[i];
	struct component_state *r = &state[i];
	unsigned failures = loader_starts(r->p); /* each run so far has ended */
	if (failures > c->max_restarts) {
		printf("roottask: the %s stopped (status %#x) and has failed %u times, giving up\n",
		       c->name, status, failures);
		loader_kill(r->p);
		r->p = NULL;
		return;
	}
	printf("roottask: the %s stopped (status %#x), restarting it\n", c->name, status);
	const char *why = "";
	if (loader_restart(r->p, &why) < 0) {
		printf("roottask: cannot restart the %s: %s\n", c->name, why);
		r->p = NULL;
		return;
	}
	reopen_sessions(i);
	printf("roottask: %s restarted\n", c->name);
}

/* @p ended with @status and is not restarted: it goes. */
static void remove_program(struct loader_program *p, int status)
{
	printf("roottask: %s ended, status %#x\n", loader_name(p), status);
	for (unsigned i = 0; i < component_count; i++)
		if (state[i].p == p)
			state[i].p = NULL;
	loader_kill(p);
}

long supervisor_step(l4_timeout_t timeout)
{
	struct loader_program *p = NULL;
	int status = 0;
	long err = loader_wait_any(&p, &status, timeout);
	if (err)
		return err;
	unsigned i = 0;
	while (i < component_count && state[i].p != p)
		i++;
	if (i < component_count && components[i].max_restarts)
		restart(i, status);
	else
		remove_program(p, status);
	return 0;
}

void supervisor_run(void)
{
	for (;;)
		supervisor_step(L4_IPC_NEVER);
}

struct loader_program *supervisor_program(const char *name)
{
	unsigned i = find_component(name, component_count);
	return i < component_count ? state[i].p : NULL;
}
