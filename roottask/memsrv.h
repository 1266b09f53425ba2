/* memsrv.h - the root task's memory allocator and dataspace server (l4/re/c/mem_alloc.h). */
#ifndef ROOTTASK_MEMSRV_H
#define ROOTTASK_MEMSRV_H

#include <l4/sys/types.h>
#include <stdbool.h>

/* Capability slots the server keeps its thread and dataspace gates in. Gates of the
 * root task with labels 0x6d000000-0x6dffffff are the server's: do not use those. */
#define MEMSRV_FIRST_SLOT 0x8000UL
#define MEMSRV_LAST_SLOT  0xBFFFUL
/* Clients alive at once, dataspaces alive at once (all clients), per client. */
#define MEMSRV_MAX_CLIENTS   64
#define MEMSRV_MAX_DS	     1024
#define MEMSRV_CLIENT_MAX_DS 256
#define MEMSRV_PRIO	     200

struct memsrv_client;

/**
 * memsrv_init() - start the server thread (once; later calls return 0) and the
 * page allocator (page_alloc.h) over the root task's user RAM.
 * Return: 0, or a negative error.
 */
int memsrv_init(void);

/**
 * memsrv_client_create() - a new client that may hold up to @limit_bytes of RAM in
 * dataspaces; @devices allows it MMIO dataspaces of the boot info's device regions.
 * Its allocator (an IPC gate to the server) is created in the root task's slot @cap
 * with all rights; the loader maps it on to programs at L4RE_MEM_ALLOC_CAP.
 * Starts the server if need be.
 * Return: the client, or NULL (no free client, or the gate could not be created).
 */
struct memsrv_client *memsrv_client_create(unsigned long limit_bytes, bool devices,
					   l4_cap_idx_t cap);

/**
 * memsrv_client_destroy() - release every dataspace of @c (its memory unmapped from
 * every task and given back, its gate deleted) and delete @c's allocator gate.
 */
void memsrv_client_destroy(struct memsrv_client *c);

/**
 * memsrv_client_usage() - bytes charged to @c, its limit, and how many dataspaces
 * it has. Any pointer may be NULL.
 */
void memsrv_client_usage(const struct memsrv_client *c, unsigned long *used, unsigned long *limit,
			 unsigned long *count);

#endif
