/* tls.c - a __thread variable (set_tls, TPIDRURO) with an initial value; exit status 31. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static __thread int counter = 5;
static __thread char name[16] = "initial";
static __thread long zeroed;

int main(void)
{
	printf("counter %d, name %s, zeroed %ld\n", counter, name, zeroed);
	for (int i = 0; i < 10; i++)
		counter += i;
	strcpy(name, "changed");
	zeroed = -1;
	printf("counter %d, name %s, zeroed %ld\n", counter, name, zeroed);
	/* glibc's errno is a TLS variable too. */
	printf("errno is thread-local: %s\n", &errno != NULL ? "yes" : "no");
	return 31;
}
