/* capdl_dump.h - the running system's capability tables, written in the capDL language. */
#ifndef ROOTTASK_CAPDL_DUMP_H
#define ROOTTASK_CAPDL_DUMP_H

#include <stdbool.h>

/**
 * capdl_dump() - write, on the kernel log between "--- capdl dump begin ---" and
 * "--- capdl dump end ---", one "live" block per running component of the system
 * capdl_system_start() built: every occupied slot of its task (task CAP_LIST), with
 * the object's type, what the root task made it as (or #identity) and the rights
 * (docs/capdl.md, "The running system against its spec"). Nothing without a system.
 */
void capdl_dump(void);

/**
 * capdl_dump_enabled() - whether the kernel command line has the word "capdl.dump":
 * then the root task dumps once the system has started and whenever a component
 * asks (l4re_parent_keel_dump()); otherwise it ignores such requests.
 */
bool capdl_dump_enabled(void);

#endif
