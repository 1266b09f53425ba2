/* hello_child.c - a program the root task loads from a boot module in the loader tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int initialised = 7; /* .data: copied by the pager */
static char zeroed[8192];   /* .bss: zero pages */

int main(void)
{
	char *heap = malloc(20000);
	if (!heap || initialised != 7 || zeroed[100] != 0)
		return 1;
	memset(heap, 1, 20000);
	zeroed[5000] = 3;
	printf("hello_child: hello from a loaded program (%d)\n", initialised + zeroed[5000]);
	free(heap);
	return 42;
}
