/*
 * namespace.h - L4Re's name-space queries (l4/re/c/namespace.h), over the environment.
 *
 * Keel runs no name-space servers: the names a program has are its environment's named
 * capabilities (docs/abi.md, the loader's slots 0x20..0xff; a spec's `cap ... slot N`).
 * The name space they form is named by L4RE_NAMES_CAP, L4Re's slot 0x12 for the
 * program's names, which Keel's loader leaves empty: a query there copies the
 * capability of that name into the slot the caller gives, with the rights the program
 * holds it with, as a query of an L4Re name space maps the object it finds.
 */
#ifndef L4_RE_C_NAMESPACE_H
#define L4_RE_C_NAMESPACE_H

#include <l4/re/env.h>
#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>

/* Flags of a registration (L4Re's values; Keel's environment takes none, below). */
enum l4re_ns_register_flags {
	L4RE_NS_REGISTER_RO = L4_FPAGE_RO,
	L4RE_NS_REGISTER_DIR = 0x10,
	L4RE_NS_REGISTER_RW = L4_FPAGE_RX,
	L4RE_NS_REGISTER_RWS = L4_FPAGE_RWX,
	L4RE_NS_REGISTER_S = L4_FPAGE_W,
};

typedef l4_cap_idx_t l4re_namespace_t;

EXTERN_C_BEGIN

/*
 * Look @name up in the name space @srv and put what it names into the slot @cap.
 * @timeout (ms) is how long L4Re waits for a name registered without an object yet;
 * the environment's names are all there from the start, so Keel never waits.
 * Return: 0; -L4_ENOENT if the name space has no such name; -L4_EINVAL for an empty
 * name, a negative @timeout or an invalid @cap; -L4_ENOSYS if @srv is not
 * L4RE_NAMES_CAP (Keel has no name-space servers to ask); or the error of the copy
 * (l4_task_map()).
 */
L4_CV long l4re_ns_query_to_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap,
				int timeout);

/* l4re_ns_query_to_srv() with L4Re's default timeout (40 s). */
L4_CV long l4re_ns_query_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap);

EXTERN_C_END

#endif
