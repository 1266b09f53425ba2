/* main.c - the Linux server: runs a static Linux ARM program as an alien task and serves its system
 * calls. */
#include "cpio.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/utcb.h>
#include <stdio.h>
#include <string.h>

/*
 * The first slice of issue 14 (docs/linux.md): one process, its program a boot module
 * (argv[1] of the server), its argv the server's argv[2...]. Its thread is alien:
 * every svc, and every fault, comes here as IPC through the gate the process's task
 * holds; the server answers with the registers (system calls) or a page (faults).
 * The process ends the server: it prints "linux: exit N" and returns.
 */

#define ARENA_BYTES  (32u << 20) /* pages for the process */
#define PROCESS_PRIO 50		 /* below the server's, so it is always served at once */
#define EXC_WORDS    (sizeof(l4_exc_regs_t) / sizeof(l4_umword_t))

static struct lx_process proc;

/* Boot module @name as a read-only dataspace attached in the server. */
static const uint8_t *open_module(const char *name, size_t *size)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	void *at = NULL;
	if (l4re_ma_open_module_srv(l4re_env()->mem_alloc, name, ds) < 0)
		return NULL;
	*size = l4re_ds_size(ds);
	if (!*size ||
	    l4re_rm_attach(&at, *size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ds, 0, 12) < 0)
		return NULL;
	return at;
}

/* The root file system: the boot module linux_root (a cpio archive), if the image has
 * one, unpacked into the file system before the program starts. */
static int unpack_root(void)
{
	size_t size = 0;
	const char *why = "";
	lx_files_init();
	const uint8_t *cpio = open_module("linux_root", &size);
	if (!cpio)
		return 0;
	int err = lx_cpio_unpack(cpio, size, l4_kip_clock_ns(l4re_kip()), &why);
	if (err)
		printf("linux-server: the root file system: %s (%d)\n", why, err);
	return err;
}

/* The Linux signal an exception that is not a system call raises. */
static int signal_of(const l4_exc_regs_t *r)
{
	switch (l4_exc_class(r)) {
	case L4_EXC_CLASS_UNKNOWN:
		return 4; /* SIGILL */
	case L4_EXC_CLASS_PREFETCH_ABORT:
	case L4_EXC_CLASS_DATA_ABORT:
		return 11; /* SIGSEGV */
	default:
		return 5; /* SIGTRAP */
	}
}

/* The siginfo code of a fault at @addr: SEGV_ACCERR if it is in a region (a right
 * was missing), else SEGV_MAPERR; ILL_ILLOPC, TRAP_BRKPT. */
static int32_t fault_code(int sig, uint32_t addr)
{
	if (sig != 11)
		return 1;
	return lx_mapped(&proc, addr) ? 2 : 1;
}

/* Resume the process with registers @regs, after delivering what is pending (@sync: a
 * signal from a fault, which cannot be blocked). Return: whether it goes on. */
static bool resume(l4_exc_regs_t *regs, bool sync, l4_msgtag_t *reply)
{
	int status;
	if (lx_signal_deliver(&proc, regs, sync, &status) == LX_DELIVER_TERMINATE) {
		proc.status = status;
		return false;
	}
	memcpy(l4_utcb_mr()->mr, regs, sizeof(*regs));
	*reply = l4_msgtag(0, EXC_WORDS, 0, 0);
	return true;
}

/* One message from the process: @tag, the registers or fault in the UTCB. Return:
 * whether the process goes on; *@reply then. */
static bool serve(l4_msgtag_t tag, l4_msgtag_t *reply)
{
	l4_umword_t *mr = l4_utcb_mr()->mr;
	if (l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT && l4_msgtag_words(tag) == 2) {
		/* Outside its memory or against its rights: a negative reply, and the kernel
		 * sends the fault again as an exception, where it becomes a signal. */
		if (!lx_page_fault(&proc, mr[0], mr, reply))
			*reply = l4_msgtag(-1, 0, 0, 0);
		return true;
	}
	if (l4_msgtag_label(tag) != L4_PROTO_EXCEPTION || l4_msgtag_words(tag) != EXC_WORDS) {
		*reply = l4_msgtag(-1, 0, 0, 0); /* not from the process's thread */
		return true;
	}
	l4_exc_regs_t regs;
	memcpy(&regs, mr, sizeof(regs));
	if (l4_exc_class(&regs) != L4_EXC_CLASS_SVC) {
		int sig = signal_of(&regs);
		lx_signal_raise(&proc, sig, fault_code(sig, (uint32_t)regs.pfa),
				(uint32_t)regs.pfa);
		return resume(&regs, true, reply);
	}
	switch (lx_syscall(&proc, &regs)) {
	case LX_EXITED:
		return false;
	case LX_FAULT:
		lx_signal_raise(&proc, 11, 0 /* SI_KERNEL-like */, 0);
		return resume(&regs, true, reply);
	default:
		return resume(&regs, false, reply);
	}
}

/* The exit status a shell reports for wait status @status. */
static int exit_code(int status)
{
	return (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
}

int main(int argc, char **argv)
{
	const char *why = "";
	size_t size = 0;
	if (argc < 3) {
		printf("linux-server: usage: linux_server MODULE ARGV0 [ARGS...]\n");
		return 2;
	}
	const uint8_t *image = open_module(argv[1], &size);
	if (!image || lx_pages_init(ARENA_BYTES) != 0 || unpack_root() != 0) {
		printf("linux-server: cannot open %s, get memory or unpack the root\n", argv[1]);
		return 1;
	}
	if (lx_process_start(&proc, image, size, (const char *const *)argv + 2, PROCESS_PRIO,
			     &why) != 0) {
		printf("linux-server: cannot start %s: %s\n", argv[1], why);
		printf("linux: exit 126\n");
		return 1;
	}
	l4_umword_t label;
	l4_msgtag_t reply, tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, l4_utcb())) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		if (!serve(tag, &reply))
			break;
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
	lx_process_end(&proc);
	printf("linux: exit %d\n", exit_code(proc.status));
	fflush(stdout);
	return 0;
}
