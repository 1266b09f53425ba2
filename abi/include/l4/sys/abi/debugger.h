/* debugger.h - ABI constants of the kernel debugger object: object names and identities. */
#ifndef L4_SYS_ABI_DEBUGGER_H
#define L4_SYS_ABI_DEBUGGER_H

/*
 * The debugger object (the root task's L4_BASE_DEBUGGER_CAP) takes protocol
 * L4_PROTO_DEBUGGER: mr0 = L4_KEEL_DEBUGGER_OP_BASE + one of L4Re's operations below
 * (l4_invoke_debugger() adds the base), and one typed item, a map item naming the
 * object the operation is about (any capability of the caller). docs/abi.md,
 * "The debugger object", has the details.
 */
enum {
	L4_DEBUGGER_NAME_SET_OP = 0UL,	       /* mr1..: the name, NUL-terminated */
	L4_DEBUGGER_GLOBAL_ID_OP = 1UL,	       /* reply mr0: the object's identity */
	L4_DEBUGGER_KOBJ_TO_ID_OP = 2UL,       /* Keel: -L4_ENOSYS (no kernel addresses) */
	L4_DEBUGGER_QUERY_LOG_TYPEID_OP = 3UL, /* Keel: -L4_ENOSYS (no trace buffer) */
	L4_DEBUGGER_SWITCH_LOG_OP = 4UL,       /* Keel: -L4_ENOSYS (no trace buffer) */
	L4_DEBUGGER_NAME_GET_OP = 5UL,	       /* mr1 = identity; reply mr0..: the name */
	L4_DEBUGGER_QUERY_LOG_NAME_OP = 6UL,   /* Keel: -L4_ENOSYS (no trace buffer) */
};

enum {
	L4_DEBUGGER_SWITCH_LOG_ON = 1,
	L4_DEBUGGER_SWITCH_LOG_OFF = 0,
};

/* What l4_invoke_debugger() adds to mr0; the name a kernel object keeps, with its NUL. */
#define L4_KEEL_DEBUGGER_OP_BASE 0x100UL
#define L4_KEEL_OBJ_NAME_LEN	 16u
/* How many objects may have a name at once (-L4_ENOMEM beyond): NAME_GET walks them. */
#define L4_KEEL_OBJ_NAMED_MAX 1024u

#endif
