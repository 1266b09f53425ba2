/* self_check.h - test kernels: check the kernel's object, capability and mapping structures. */
#ifndef KEEL_SELF_CHECK_H
#define KEEL_SELF_CHECK_H

unsigned kernel_self_check(void);

#endif
