/* mremap.c - growing, shrinking and moving mappings with mremap; realloc of large blocks; the
 * errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const char *err(void)
{
	return errno == EINVAL	 ? "EINVAL"
	       : errno == EFAULT ? "EFAULT"
	       : errno == ENOMEM ? "ENOMEM"
				 : strerror(errno);
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(m, 'a', 2 * page);
	/* A neighbour right after it, so that it cannot grow in place. */
	char *wall =
	    mmap(m + 2 * page, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("wall in place: %d\n", wall == m + 2 * page);
	errno = 0;
	char *n = mremap(m, 2 * page, 4 * page, 0);
	printf("grow without MAYMOVE next to a wall: %s\n", n == MAP_FAILED ? err() : "grew");
	n = mremap(m, 2 * page, 4 * page, MREMAP_MAYMOVE);
	printf("grow with MAYMOVE: moved %d, kept %c%c, new part %d\n", n != m, n[0],
	       n[2 * page - 1], n[3 * page]);
	n[4 * page - 1] = 'z';
	char *s = mremap(n, 4 * page, page, 0);
	printf("shrink: same place %d, kept %c\n", s == n, s[page - 1]);
	/* Not compared: an unmapped address (EFAULT) and a new size 0 (EINVAL), which
	 * qemu-user, which emulates mremap itself, answers otherwise than Linux. */
	errno = 0;
	printf("unaligned: %s\n",
	       mremap(s + 1, page, 2 * page, MREMAP_MAYMOVE) == MAP_FAILED ? err() : "ok");
	/* MREMAP_FIXED: onto a mapping made for it, which goes. */
	char *src =
	    mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *dst =
	    mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(src, 's', 2 * page);
	memset(dst, 'd', 3 * page);
	char *f = mremap(src, 2 * page, 3 * page, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	printf("MREMAP_FIXED: at the target %d, moved bytes %c%c, new part %d\n", f == dst, f[0],
	       f[2 * page - 1], f[2 * page]);
	errno = 0;
	printf("FIXED without MAYMOVE: %s\n",
	       mremap(f, page, page, MREMAP_FIXED, src) == MAP_FAILED ? err() : "remapped");
	errno = 0;
	printf("FIXED onto itself: %s\n",
	       mremap(f, 2 * page, 2 * page, MREMAP_MAYMOVE | MREMAP_FIXED, f + page) == MAP_FAILED
		   ? err()
		   : "remapped");
	/* glibc's realloc of a large block uses mremap. */
	char *b = malloc(1 << 20);
	memset(b, 'q', 1 << 20);
	b = realloc(b, 4 << 20);
	printf("realloc 1 MiB -> 4 MiB: kept %c%c\n", b[0], b[(1 << 20) - 1]);
	free(b);
	return 0;
}
