/* big_mapping.c - a 512 MiB mapping touched here and there: mprotect, munmap and a new mapping
 * after it. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
int main(void)
{
	char *m =
	    mmap(NULL, 512u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		printf("mmap failed\n");
		return 1;
	}
	for (int i = 0; i < 100; i++)
		m[(size_t)i * (5u << 20)] = 1;
	printf("mprotect %d\n", mprotect(m, 512u << 20, PROT_READ));
	printf("read back %d\n", m[5u << 20]);
	printf("munmap %d\n", munmap(m, 512u << 20));
	char *n = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	n[0] = 7;
	printf("again %d\n", n[0]);
	return 0;
}
