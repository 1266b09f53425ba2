/* args.c - argv, envp and the auxiliary vector as glibc sees them; exit status 11. */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h> /* and the HWCAP_ARM_ bits of the Linux ARM ABI */
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	/* argv[0] is the program's name as the runner passes it (its basename). */
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
	printf("argv[argc] is %s\n", argv[argc] ? "not NULL" : "NULL");

	/* envp follows argv's NULL on the stack. Its contents depend on the runner, so
	 * only its shape is printed. */
	printf("envp follows argv: %s\n", envp == argv + argc + 1 ? "yes" : "no");
	int envc = 0;
	while (envp[envc])
		envc++;
	printf("envp ends with NULL: %s\n", envc >= 0 ? "yes" : "no");
	printf("environ is envp: %s\n", __environ == envp ? "yes" : "no");

	printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
	printf("sysconf page size %ld\n", sysconf(_SC_PAGESIZE));
	unsigned long hwcap = getauxval(AT_HWCAP);
	printf("AT_HWCAP vfp %d neon %d tls %d\n", !!(hwcap & HWCAP_ARM_VFP),
	       !!(hwcap & HWCAP_ARM_NEON), !!(hwcap & HWCAP_ARM_TLS));
	printf("AT_RANDOM %s\n", getauxval(AT_RANDOM) ? "set" : "missing");
	printf("AT_PHDR %s, AT_ENTRY %s\n", getauxval(AT_PHDR) ? "set" : "missing",
	       getauxval(AT_ENTRY) ? "set" : "missing");
	/* The entry point is _start, this program's own. */
	extern void _start(void);
	printf("AT_ENTRY is _start: %s\n",
	       getauxval(AT_ENTRY) == (unsigned long)&_start ? "yes" : "no");
	return 11;
}
