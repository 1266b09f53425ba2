/* supervisor.h - start a system's components (system.h) and keep them running. */
#ifndef ROOTTASK_SUPERVISOR_H
#define ROOTTASK_SUPERVISOR_H

#include "system.h"
#include <l4/sys/types.h>

struct loader_program;

/**
 * supervisor_start() - check the table @system of @count components, create the
 * service gates, and start the components in table order, each with its log session
 * opened first. A component that cannot be started is reported (on the kernel log)
 * and left out. The loader must be running (loader_init()). @system must stay valid.
 * Return: 0, or a negative error (said on the kernel log) if the table is wrong or a
 * service gate cannot be created; nothing is started then. A later call replaces the
 * table (programs started from the old one are no longer supervised as components).
 */
int supervisor_start(const struct system_component *system, unsigned count);

/**
 * supervisor_start_all() - as supervisor_start(), but all or nothing: if any
 * component cannot be started (said on the kernel log, with why), every component
 * started so far is killed, the service gates and log sessions are deleted, and the
 * error is returned. Used for systems built from a capDL spec.
 * Return: 0, or a negative error.
 */
int supervisor_start_all(const struct system_component *system, unsigned count);

/**
 * supervisor_step() - wait up to @timeout for a program to end (loader_wait_any())
 * and act on it: a component with a restart policy is started again (up to its
 * max_restarts) and its clients get new log sessions; anything else is removed.
 * Return: 0, or the IPC error of the wait (a timeout: nothing ended).
 */
long supervisor_step(l4_timeout_t timeout);

/**
 * supervisor_run() - the root task's parent loop: supervisor_step() for ever.
 */
void supervisor_run(void);

/**
 * supervisor_program() - the program component @name runs now, or NULL (not started,
 * removed, or no such component); for tests and debuggers.
 */
struct loader_program *supervisor_program(const char *name);

#endif
