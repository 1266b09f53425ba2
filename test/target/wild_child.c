/* wild_child.c - a loaded program that touches memory nothing backs. */
#include <stdio.h>

static volatile unsigned long nowhere = 0x30000000;

int main(void)
{
	printf("wild_child: touching %08lx\n", nowhere);
	return *(volatile int *)nowhere;
}
