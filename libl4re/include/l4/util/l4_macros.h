/* l4_macros.h - L4Re's l4util printf formats for capability slots and addresses. */
#ifndef L4_UTIL_L4_MACROS_H
#define L4_UTIL_L4_MACROS_H

#include <l4/sys/consts.h>

/* A capability's slot number, for printf with l4util_idfmt (or the 4-digit _adjust). */
#ifndef l4util_idstr
#define l4util_idfmt	    "%lx"
#define l4util_idfmt_adjust "%04lx"
#define l4util_idstr(tid)   ((tid) >> L4_CAP_SHIFT)
#endif

/* An address (l4_addr_t) for printf: eight hex digits. */
#ifndef l4_addr_fmt
#define l4_addr_fmt "%08lx"
#endif

#endif
