/* reboot.h - L4Re's l4util_reboot(): reboot the machine through the platform-control object. */
#ifndef L4_UTIL_REBOOT_H
#define L4_UTIL_REBOOT_H

#include <l4/sys/compiler.h>

/*
 * Reboot through the environment's "pfc" capability (the kernel's platform-control
 * object, given by whoever started the program). Without one, or when the board
 * cannot be reset, it says so on the log and sleeps for ever.
 */
L4_NORETURN void l4util_reboot(void);

#endif
