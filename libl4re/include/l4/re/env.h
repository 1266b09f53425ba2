/* env.h - the L4Re runtime environment of a Keel program (grows with the loader). */
#ifndef L4_RE_ENV_H
#define L4_RE_ENV_H

#include <l4/sys/types.h>

/* The capability the program's stdout/stderr go to (the kernel log for now). */
l4_cap_idx_t l4re_log_cap(void);
/* The root task's boot information (its RAM, the boot modules), or NULL in other
 * programs. */
struct keel_bootinfo;
const struct keel_bootinfo *l4re_bootinfo(void);

/* Write out what stdout has buffered. */
void l4re_flush_output(void);

#endif
