/* hello.c - the Linux program the image linux_exec runs until scripts/linux-run puts another there.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello from Linux program %s with %d argument(s)\n", argv[0], argc - 1);
	return 0;
}
