/*
 * syscall_defs.h - the system call numbers (r5 at the SVC: L4_SYSCALL_INVOKE, and
 * L4_SYSCALL_MEM_OP, which Keel's kernel does not implement): l4/sys/consts.h has them.
 */
#ifndef L4_SYS_SYSCALL_DEFS_H
#define L4_SYS_SYSCALL_DEFS_H

#include <l4/sys/consts.h>

#endif
