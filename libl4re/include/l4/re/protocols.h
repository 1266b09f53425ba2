/* protocols.h - protocol labels of the L4Re runtime services (values as in L4Re). */
#ifndef L4_RE_PROTOCOLS_H
#define L4_RE_PROTOCOLS_H

enum l4re_protocols {
	L4RE_PROTO_DATASPACE = 0x4000, /* dataspaces (c/dataspace.h) */
	L4RE_PROTO_NAMESPACE = 0x4001,
	L4RE_PROTO_PARENT = 0x4002, /* parent.h */
	L4RE_PROTO_RM = 0x4005,	    /* region mapper (c/rm.h) */
	/* Keel: queries of a memory allocator (c/mem_alloc.h); allocation itself is
	 * the factory protocol, as in L4Re. */
	L4RE_PROTO_MEM_ALLOC = 0x4010,
};

#endif
