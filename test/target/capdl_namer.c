/* capdl_namer.c - names the semaphore "ready" through the debugger capability its capDL spec
 * gives it, reads the name back by the semaphore's identity, then ups "done". */
#include <l4/re/env.h>
#include <l4/sys/debugger.h>
#include <l4/sys/semaphore.h>
#include <l4/sys/task.h>
#include <stdio.h>

int main(void)
{
	l4_cap_idx_t dbg = l4re_env_get_cap("dbg"), ready = l4re_env_get_cap("ready");
	if (l4_is_invalid_cap(dbg) || l4_is_invalid_cap(ready)) {
		printf("capdl_namer: dbg or ready missing\n");
		return 1;
	}
	/* L4Re's debugger calls go to L4_BASE_DEBUGGER_CAP, where the loader put the
	 * debugger capability too. */
	long err = l4_error(l4_debugger_set_object_name(ready, "ready-sem"));
	unsigned long id = l4_debugger_global_id(ready);
	char name[L4_KEEL_OBJ_NAME_LEN] = "";
	if (!err)
		err = l4_error(l4_debugger_get_object_name(L4_BASE_DEBUGGER_CAP, (unsigned)id, name,
							   sizeof(name)));
	printf("capdl_namer: named ready (%ld), reads back \"%s\"\n", err, name);
	l4_semaphore_up(l4re_env_get_cap("done"));
	return err ? 1 : 0;
}
