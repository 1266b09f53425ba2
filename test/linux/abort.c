/* abort.c - abort(): SIGABRT through tgkill, the process dies of it (status 134), stdio's buffer
 * unflushed. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	fprintf(stderr, "aborting\n");
	printf("this stays in stdio's buffer\n");
	abort();
}
