/* system.c - the default system: the console server, and hello writing through it. */
#include "system.h"
#include <l4/sys/consts.h>

#define KMEM_LIMIT (256 * 1024)

/* The console: the UART's interrupt line through the ICU, its registers through an
 * allocator with device access, the server end of its service gate as "srv". */
static const struct system_cap console_caps[] = {
    {"icu", SYSTEM_CAP_ICU, L4_CAP_FPAGE_RW},
    {"srv", SYSTEM_CAP_SERVICE, L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR},
};

const struct system_component default_system[] = {
    {
	.name = "console",
	.prio = 150, /* above its clients, so that output keeps flowing */
	.kmem_limit = KMEM_LIMIT,
	.mem_limit = 1UL << 20,
	.devices = true,
	.caps = console_caps,
	.cap_count = sizeof(console_caps) / sizeof(console_caps[0]),
	.banner = "console server started, programs write through it",
	.max_restarts = 10,
    },
    {
	.name = "hello",
	.prio = 50,
	.kmem_limit = KMEM_LIMIT,
	.mem_limit = 4UL << 20,
	.log = {.server = "console"},
    },
};

const unsigned default_system_count = sizeof(default_system) / sizeof(default_system[0]);
