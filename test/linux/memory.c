/* memory.c - malloc through brk and mmap2, a 1 MiB buffer, mprotect; exit status 23. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	/* Small blocks come from the heap that brk grows (256 KiB: more than the 132 KiB
	 * glibc takes at its start). */
	void *brk0 = sbrk(0);
	char *small[64];
	for (int i = 0; i < 64; i++) {
		small[i] = malloc(4000);
		if (!small[i])
			return 1;
		memset(small[i], i, 4000);
	}
	int ok = 1;
	for (int i = 0; i < 64; i++)
		for (int j = 0; j < 4000; j++)
			if (small[i][j] != (char)i)
				ok = 0;
	printf("64 small blocks hold their bytes: %s\n", ok ? "yes" : "no");
	printf("brk grew: %s\n", sbrk(0) > brk0 ? "yes" : "no");
	for (int i = 0; i < 64; i++)
		free(small[i]);

	/* 1 MiB is above glibc's mmap threshold: it is an mmap2'd block of its own. */
	size_t n = 1 << 20;
	uint32_t *big = malloc(n);
	if (!big)
		return 1;
	printf("1 MiB block outside the brk heap: %s\n",
	       (char *)big >= (char *)sbrk(0) || (char *)big + n <= (char *)brk0 ? "yes" : "no");
	for (size_t i = 0; i < n / 4; i++)
		big[i] = (uint32_t)(i * 2654435761u);
	uint32_t sum = 0;
	for (size_t i = 0; i < n / 4; i++)
		sum += big[i] ^ (uint32_t)i;
	printf("1 MiB sum %08x\n", sum);
	free(big);

	/* A page made read-only can still be read, and written again once writable. */
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	printf("fresh anonymous page is zero: %s\n", p[0] == 0 && p[page - 1] == 0 ? "yes" : "no");
	strcpy(p, "kept");
	printf("mprotect read-only: %d\n", mprotect(p, page, PROT_READ));
	printf("read while read-only: %s\n", p);
	printf("mprotect read-write: %d\n", mprotect(p, page, PROT_READ | PROT_WRITE));
	strcpy(p, "written again");
	printf("after: %s\n", p);
	printf("munmap: %d\n", munmap(p, page));
	return 23;
}
