/* text_write.c - the program's read-only pages made writable and written: the writer's own copy,
 * never another process's. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Read-only data and code come straight from the program's file; on Keel every
 * process that runs the same program is given the same pages of it, so a write after
 * mprotect must go to a copy of the writer's own: its parent still sees what the file
 * says, and sees its own write once it makes one.
 */
static const char table[3 * 4096] __attribute__((aligned(4096))) = "as in the file";

static void show(const char *who)
{
	volatile const char *v = table;
	char text[15];
	for (int i = 0; i < 14; i++)
		text[i] = v[i];
	text[14] = 0;
	printf("%s sees: %s\n", who, text);
	fflush(stdout);
}

int main(void)
{
	/* Through volatile: table is const, and the compiler would fold its reads. */
	volatile char *page = (volatile char *)table;
	pid_t c = fork();
	if (c == 0) {
		volatile char first = page[0]; /* read first: the page is the file's then */
		(void)first;
		if (mprotect((void *)page, 4096, PROT_READ | PROT_WRITE) != 0) {
			perror("mprotect");
			_exit(2);
		}
		for (int i = 0; i < 14; i++)
			page[i] = "written by one"[i];
		show("the writer");
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	printf("writer's status: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	show("its parent");
	/* The parent itself may write too, and still has what it wrote afterwards. */
	volatile char first = page[4096]; /* another page, read before its write */
	(void)first;
	if (mprotect((void *)(page + 4096), 4096, PROT_READ | PROT_WRITE) != 0)
		return 1;
	page[4096] = 'x';
	printf("second page: %c\n", page[4096]);
	if (mprotect((void *)page, 4096, PROT_READ | PROT_WRITE) != 0)
		return 1;
	for (int i = 0; i < 14; i++)
		page[i] = "parent's words"[i];
	show("the parent, after its write");
	return 0;
}
