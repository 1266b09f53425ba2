/* bench_fault.c - cost of the user-level memory system, run by bench_mem as a loaded program. */
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define PAGES 1024

/* The cycle counter: guest instructions under -icount shift=0 (all of them: this
 * program, the kernel, the region mapper and the root task's servers). */
static inline uint32_t cycles(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));
	return v;
}

static void report(const char *what, uint32_t total, unsigned n)
{
	printf("bench: %-40s %6lu instructions\n", what, (unsigned long)(total / n));
}

int main(void)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	volatile char *p = 0;
	if (l4re_ma_alloc(PAGES * 4096UL, ds, 0) ||
	    l4re_rm_attach((void **)&p, PAGES * 4096UL, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ds, 0,
			   0)) {
		printf("bench_fault: no memory\n");
		return 1;
	}
	uint32_t t0 = cycles();
	for (unsigned i = 0; i < PAGES; i++)
		p[i * 4096UL] = 1;
	report("anon page fault, write (rm + memsrv)", cycles() - t0, PAGES);
	t0 = cycles();
	for (unsigned i = 0; i < PAGES; i++)
		(void)p[i * 4096UL + 8];
	report("touch of a mapped page (no fault)", cycles() - t0, PAGES);
	l4re_rm_detach((void *)p);
	l4re_ma_free(ds);

	/* Through a volatile pointer, so that the compiler cannot drop the pairs. */
	void *volatile sink;
	free(malloc(64)); /* the heap's first chunk */
	t0 = cycles();
	for (unsigned i = 0; i < 1000; i++) {
		sink = malloc(64);
		free(sink);
	}
	report("malloc(64) + free", cycles() - t0, 1000);
	t0 = cycles();
	for (unsigned i = 0; i < 20; i++) {
		sink = malloc(1UL << 20);
		free(sink);
	}
	report("malloc(1 MiB) + free (own dataspace)", cycles() - t0, 20);
	return 0;
}
