/* namespace.c - name-space queries over the environment's named capabilities. */
#include <l4/re/c/namespace.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/task.h>
#include <string.h>

long l4re_ns_query_to_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap,
			  int timeout)
{
	if (!name || !*name || timeout < 0 || l4_is_invalid_cap(cap))
		return -L4_EINVAL;
	if (!l4_capability_equal(srv, L4RE_NAMES_CAP) || l4_is_invalid_cap(srv))
		return -L4_ENOSYS;
	/* Names longer than an entry's 16 bytes are in no environment. */
	const l4re_env_cap_entry_t *e =
	    l4re_env_get_cap_l(name, (unsigned)strlen(name), l4re_env());
	if (!e)
		return -L4_ENOENT;
	if (l4_capability_equal(e->cap, cap))
		return 0;
	/* A copy within this task, with every right the program's capability has (the
	 * kernel passes on no more) and its object-specific ones (a gate's server right). */
	l4_umword_t base = l4_map_obj_control(cap, 0) | L4_FPAGE_C_OBJ_RIGHTS;
	long err = l4_error(l4_task_map(L4RE_THIS_TASK_CAP, L4RE_THIS_TASK_CAP,
					l4_obj_fpage(e->cap, 0, L4_CAP_FPAGE_RWSD), base));
	return err < 0 ? err : 0;
}

long l4re_ns_query_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap)
{
	return l4re_ns_query_to_srv(srv, name, cap, 40000);
}
