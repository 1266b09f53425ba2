/* platform_control.h - ABI constants of the platform-control object: shutdown and reboot. */
#ifndef L4_SYS_ABI_PLATFORM_CONTROL_H
#define L4_SYS_ABI_PLATFORM_CONTROL_H

#include <l4/sys/consts.h>

/* Operations (mr0), L4Re's names and numbers. */
enum L4_platform_ctl_ops {
	L4_PLATFORM_CTL_SYS_SUSPEND_OP = 0UL,	     /* Keel: -L4_ENOSYS */
	L4_PLATFORM_CTL_SYS_SHUTDOWN_OP = 1UL,	     /* mr1: 0 power off, 1 reboot */
	L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP = 2UL, /* Keel: -L4_ENOSYS (one CPU) */
	L4_PLATFORM_CTL_CPU_ENABLE_OP = 3UL,	     /* Keel: -L4_ENOSYS (one CPU) */
	L4_PLATFORM_CTL_CPU_DISABLE_OP = 4UL,	     /* Keel: -L4_ENOSYS (one CPU) */
};

enum L4_platform_ctl_proto {
	L4_PROTO_PLATFORM_CTL = 0,
};

/* Where the root task finds the kernel's platform-control object (Keel's slot; L4Re
 * leaves slot 9 unnamed). */
#define L4_KEEL_PLATFORM_CTL_CAP (9UL << L4_CAP_SHIFT)

#endif
