/* main.c - the capdl host tool: command dispatch (placeholder until the parser lands). */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "capdl: not built yet\n");
	return 2;
}
