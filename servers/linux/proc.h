/* proc.h - the Linux server's /proc: made from the process table whenever a path under it is used.
 */
#ifndef LINUX_PROC_H
#define LINUX_PROC_H

#include "process.h"

/**
 * lx_proc_build() - make /proc in the file system anew from the @n entries of @procs
 * (@used says which are taken; thread entries are skipped): a directory per process
 * with stat, status, cmdline and the exe link, /proc/self (a link to @caller's pid),
 * uptime and version. Files a process holds open keep what they had.
 */
void lx_proc_build(struct lx_process *const *procs, const bool *used, int n,
		   const struct lx_process *caller);

/* Make /proc anew for @caller, whose system call names a path under it (main.c). */
void lx_proc_refresh(const struct lx_process *caller);

#endif
