/* system.c - the default system: the console server, and hello writing through it. */
#include "system.h"
#include <l4/sys/consts.h>

#define KMEM_LIMIT (256 * 1024)

/* The console: the server end of its service gate as "srv"; its UART, and nothing
 * else of the board, as capabilities: the registers (it maps them, cannot release
 * them) and an IRQ bound to the UART's line (it binds it, cannot delete it). */
static const struct system_cap console_caps[] = {
    {.name = "srv",
     .kind = SYSTEM_CAP_SERVICE,
     .rights = L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR},
    {.name = "uart", .kind = SYSTEM_CAP_CONSOLE_UART, .rights = L4_CAP_FPAGE_RW},
    {.name = "uart_irq", .kind = SYSTEM_CAP_CONSOLE_UART_IRQ, .rights = L4_CAP_FPAGE_RW},
};

const struct system_component default_system[] = {
    {
	.name = "console",
	.prio = 150, /* above its clients, so that output keeps flowing */
	.kmem_limit = KMEM_LIMIT,
	.mem_limit = 1UL << 20,
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
