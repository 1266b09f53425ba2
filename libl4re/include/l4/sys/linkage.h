/*
 * linkage.h - L4Re's linkage macros (L4_CV, L4_FASTCALL, l4_fastcall, L4_LONG_CALL):
 * l4/sys/compiler.h defines them, as L4Re's compiler.h brings this header in.
 */
#ifndef L4_SYS_LINKAGE_H
#define L4_SYS_LINKAGE_H

#include <l4/sys/compiler.h>

#endif
