/* root_utcb.h - which of the root task's threads uses which UTCB of its UTCB area. */
#ifndef ROOTTASK_ROOT_UTCB_H
#define ROOTTASK_ROOT_UTCB_H

#include <l4/keel/bootinfo.h>
#include <l4/sys/consts.h>
#include <l4/sys/utcb.h>

/* UTCBs in the root task's area (KEEL_ROOT_UTCB_AREA, placed by the kernel). */
#define ROOT_UTCB_COUNT ((1 << KEEL_ROOT_UTCB_AREA_ORDER) / L4_UTCB_OFFSET)

/*
 * The fixed assignment. The root task's own servers take the last UTCBs, so that
 * everything from ROOT_UTCB_FIRST_FREE up to them is free for other threads (the
 * target tests' helper threads, test/target/ktest_util.c, take them in order).
 */
enum root_utcb_slot {
	ROOT_UTCB_MAIN = 0,	  /* the main thread (the kernel binds it) */
	ROOT_UTCB_FIRST_FREE = 1, /* from here up to ROOT_UTCB_MEMSRV: any other thread */
	ROOT_UTCB_MEMSRV = 126,	  /* the memory server's thread (memsrv/memsrv.c) */
	ROOT_UTCB_PAGER = 127,	  /* the program loader's pager thread (loader.c) */
};

_Static_assert(ROOT_UTCB_PAGER < ROOT_UTCB_COUNT, "root UTCB slots");

/* The address of the root task's UTCB @slot (enum root_utcb_slot). */
static inline l4_utcb_t *root_utcb(unsigned slot)
{
	return (l4_utcb_t *)(KEEL_ROOT_UTCB_AREA + (l4_addr_t)slot * L4_UTCB_OFFSET);
}

#endif
