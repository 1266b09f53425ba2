/* shared_hello.c - greets once a second; L4Re's misc/shared-hello. */
/*
 * Keel's own program, written the way L4Re's example uses the calls: puts and
 * sleep. L4Re's greets for ever (and is linked with shared libraries, which Keel does
 * not have: it is linked statically); this one greets three times and ends.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 3; i++) {
		puts("Hi World! (shared)");
		sleep(1);
	}
	return 0;
}
