/* cmdline.h - the kernel command line (/chosen/bootargs): words and key=value options. */
#ifndef KEEL_CMDLINE_H
#define KEEL_CMDLINE_H

#include "types.h"

bool cmdline_has(const char *cmdline, const char *word);
bool cmdline_value(const char *cmdline, const char *key, char *buf, size_t size);

#endif
