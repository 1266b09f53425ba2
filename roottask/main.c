/* main.c - Keel's root task: for now it greets through the kernel log and waits. */
#include <stdio.h>

int main(void)
{
	printf("roottask: hello\n");
	return 0;
}
