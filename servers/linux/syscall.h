/* syscall.h - the Linux ARM EABI system calls the Linux server emulates. */
#ifndef LINUX_SYSCALL_H
#define LINUX_SYSCALL_H

#include "process.h"

/* What a system call did to its process. */
enum lx_outcome {
	LX_RETURN,	/* r0 holds the result: resume the process */
	LX_EXITED,	/* the process ended (p->status) */
	LX_FAULT,	/* the call cannot go on (a bad sigreturn frame): SIGSEGV */
	LX_RETURN_REGS, /* every register was set (sigreturn): resume the process */
	LX_FORK,	/* fork/vfork/clone: the server makes the child (main.c) */
	LX_WAIT,	/* wait4(r0 pid, r1 status, r2 options): main.c, may block */
	LX_KILL,	/* kill(r0 pid, r1 sig) to another process: main.c */
	LX_BLOCK,	/* it must wait: nothing was done (but p->io_done); call again with
			 * p->retrying when something changed or at p->wake_ns */
	LX_PROCS,	/* about other processes (groups, sessions): main.c */
	LX_FUTEX,	/* futex(r0 addr, r1 op, r2 val, r3 timeout, r4 addr2, r5 val3): main.c */
};

/**
 * lx_syscall() - carry out the system call of @p whose registers are @r (from the
 * exception message: r7 the number, r0-r6 the arguments; r0 is set to the result,
 * tpidruro by set_tls).
 */
enum lx_outcome lx_syscall(struct lx_process *p, l4_exc_regs_t *r);

/**
 * lx_syscall_interrupt() - a signal with a handler ends @p's blocked call, whose
 * registers are @r: set its result as Linux does (-EINTR, the bytes a write had
 * written, nanosleep's remaining time) or, if @restart (SA_RESTART) and the call is
 * one Linux restarts, rewind @r to run it again after the handler.
 */
/* The wall clock: set it from a real-time clock's @seconds since 1970 (main.c reads the
 * board's at the start), and read it (ns since 1970, or since boot if never set). */
void lx_set_wall_clock(uint64_t seconds);
uint64_t lx_wall_ns(void);

/* Send @sig to every process of group @pgrp from process @from (main.c; the
 * terminal's SIGTTIN): as kill(-pgrp, sig) would. */
void lx_signal_group(const struct lx_process *from, uint32_t pgrp, int sig);

/* The timespec at @addr (64-bit fields if @wide) in ns. Return: 0, -EFAULT, -EINVAL. */
long lx_timespec_ns(struct lx_process *p, uint32_t addr, bool wide, uint64_t *ns);

void lx_syscall_interrupt(struct lx_process *p, l4_exc_regs_t *r, bool restart);

/* The executable file at (absolute) @path as an image, as execve loads it: *@data,
 * *@size, and the image's address for lx_image_release() in *@ds. Return: 0 or -errno. */
long lx_load_program(const char *path, const uint8_t **data, size_t *size, l4_addr_t *ds);

/* Make the file system and the descriptor table (once; the first system call does it
 * too): /, /tmp, /dev, and descriptors 0-2. */
void lx_files_init(void);
/* A new process's descriptors 0-2, working directory / and umask 022. */
void lx_process_files_init(struct lx_process *p);
/* A forked child's: the parent's descriptors (the same open files), directory, umask. */
void lx_process_files_copy(struct lx_process *parent, struct lx_process *child);
/* execve: close the close-on-exec descriptors. */
void lx_process_files_exec(struct lx_process *p);
/* The end: close every descriptor, leave the working directory. */
void lx_process_files_end(struct lx_process *p);

/* Write @n bytes the process wrote to @fd (1 or 2) on the kernel log, in the
 * "linux: out FD HEX" lines scripts/linux-run decodes (docs/linux.md). */
void lx_output(int fd, const uint8_t *buf, size_t n);

#endif
