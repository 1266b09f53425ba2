/* signals.c - signal handlers: a fault's SIGSEGV with siginfo, raise, blocking and pending,
 * SIG_IGN. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile int got_sig, got_code, addr_ok;
static volatile void *want_addr;

static void on_segv(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = info->si_code;
	addr_ok = info->si_addr == want_addr;
	siglongjmp(back, 1);
}

static volatile int usr1_count;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

/* Touch @p for writing, with a SIGSEGV handler; say what the handler saw. */
static void try_write(const char *what, volatile char *p)
{
	got_sig = got_code = addr_ok = 0;
	want_addr = p;
	if (sigsetjmp(back, 1) == 0) {
		*p = 1;
		printf("%s: no signal\n", what);
		return;
	}
	printf("%s: signal %d (%s), code %s, address %s\n", what, got_sig,
	       got_sig == SIGSEGV ? "SIGSEGV" : "?",
	       got_code == SEGV_MAPERR	 ? "SEGV_MAPERR"
	       : got_code == SEGV_ACCERR ? "SEGV_ACCERR"
					 : "other",
	       addr_ok ? "right" : "wrong");
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	try_write("null+0x123", (volatile char *)0x123);
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	page[0] = 5;
	mprotect(page, 4096, PROT_READ);
	try_write("read-only page", page);
	printf("the page still holds %d\n", page[0]);
	mprotect(page, 4096, PROT_READ | PROT_WRITE);
	try_write("writable again", page);

	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	printf("SIGUSR1 handled %d times\n", usr1_count);

	sigset_t set, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	sigpending(&pending);
	printf("blocked: handled %d times, pending %d\n", usr1_count,
	       sigismember(&pending, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("unblocked: handled %d times\n", usr1_count);

	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	printf("ignored: handled %d times\n", usr1_count);
	signal(SIGCHLD, SIG_DFL);
	raise(SIGCHLD);
	printf("SIGCHLD by default: still here\n");
	return 37;
}
