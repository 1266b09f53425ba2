/* factory.h - ABI constants of the factory object: Keel's quota query. */
#ifndef L4_SYS_ABI_FACTORY_H
#define L4_SYS_ABI_FACTORY_H

/*
 * A factory invocation's mr0 is the protocol of the object to create (L4_PROTO_*,
 * negative, or 0 for an IPC gate). This value, which no L4Re protocol uses, asks
 * instead for the factory's kernel-memory figures (Keel only): the reply's mr0 is
 * its limit, mr1 what it uses, in bytes, and mr2, for the root factory only, the
 * kernel memory that is free (0 for every other factory).
 */
enum l4_factory_keel_ops_t {
	L4_FACTORY_KEEL_INFO_OP = 0x4b4d, /* "KM" */
};

#endif
