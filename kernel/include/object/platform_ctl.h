/* platform_ctl.h - the platform-control object: shutdown and reboot of the machine. */
#ifndef KEEL_OBJECT_PLATFORM_CTL_H
#define KEEL_OBJECT_PLATFORM_CTL_H

#include "object/thread.h"

extern struct kobj kernel_platform_ctl;

void platform_ctl_invoke(struct thread *caller, struct cap *cap);

#endif
