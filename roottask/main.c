/* main.c - Keel's root task: builds the system its capDL spec describes and supervises it. */
#include "capdl_dump.h"
#include "capdl_system.h"
#include "loader.h"
#include "supervisor.h"
#include <l4/re/parent.h>
#include <stdio.h>

/* A component asked for a dump: written only where the command line allows it. */
static void on_request(struct loader_program *p, l4_umword_t op)
{
	(void)p;
	if (op == L4RE_PARENT_KEEL_DUMP && capdl_dump_enabled())
		capdl_dump();
}

int main(void)
{
	printf("roottask: hello\n");
	int err = loader_init();
	if (err) {
		printf("roottask: cannot start the loader (%d)\n", err);
		return 1;
	}
	const uint8_t *spec;
	size_t size;
	if (!loader_find_module(CAPDL_SYSTEM_MODULE, &spec, &size)) {
		printf("roottask: no system spec (boot module %s)\n", CAPDL_SYSTEM_MODULE);
		return 1;
	}
	if (capdl_system_start(spec, size))
		return 1;
	loader_on_request(on_request);
	if (capdl_dump_enabled())
		capdl_dump();
	supervisor_run();
}
