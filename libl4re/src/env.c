/* env.c - the program's environment: from the loader's page, or built for the root task. */
#include <l4/keel/bootinfo.h>
#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/sys/abi/platform_control.h>
#include <string.h>

l4re_env_t *l4re_global_env;

/* The root task (and a program started without a loader) gets the base capabilities,
 * and the kernel's platform-control object by the name L4Re's programs look for. */
static l4re_env_cap_entry_t base_caps[2] = {{L4_KEEL_PLATFORM_CTL_CAP, 0, "pfc"},
					    {L4_INVALID_CAP, 0, {0}}};
static char *no_argv[2] = {"program", 0};
static l4re_env_t base_env = {
    .parent = L4_INVALID_CAP,
    .rm = L4_INVALID_CAP,
    .mem_alloc = L4_INVALID_CAP,
    .log = L4_BASE_LOG_CAP,
    .main_thread = L4_BASE_THREAD_CAP,
    .factory = L4_BASE_FACTORY_CAP,
    .scheduler = L4_BASE_SCHEDULER_CAP,
    .itas = L4_INVALID_CAP,
    /* The root task's own slots: tests from 0x40, loader 0x1000, memory server 0x8000. */
    .first_free_cap = 0xc000,
    /* Its UTCB area; pthreads take UTCBs 64 on (roottask/root_utcb.h: 1-125 free). */
    .utcb_area = {KEEL_ROOT_UTCB_AREA | (KEEL_ROOT_UTCB_AREA_ORDER << L4_FPAGE_SIZE_SHIFT) |
		  (L4_FPAGE_MEMORY << L4_FPAGE_TYPE_SHIFT) | L4_FPAGE_RW},
    .first_free_utcb = KEEL_ROOT_UTCB_AREA + 64 * L4_UTCB_OFFSET,
    .caps = base_caps,
    .magic = L4RE_ENV_MAGIC,
    .main_prio = 100, /* the kernel's ROOT_THREAD_PRIO */
    .argc = 1,
    .argv = no_argv,
};

/* An environment page from the loader is believed only if it is consistent. */
static int env_page_valid(const l4re_env_t *e)
{
	l4_addr_t lo = L4RE_ENV_ADDR, hi = L4RE_ENV_ADDR + L4RE_ENV_SIZE;
	if (e->magic != L4RE_ENV_MAGIC || e->argc < 0 || (l4_addr_t)e->caps < lo ||
	    (l4_addr_t)e->caps >= hi || (l4_addr_t)e->argv < lo || (l4_addr_t)e->argv >= hi)
		return 0;
	return 1;
}

/**
 * l4re_env_init() - find this program's environment at start-up.
 * @start_arg: r0 at start: the boot info for the root task, 0 for loaded programs
 * (their environment page is at L4RE_ENV_ADDR).
 */
void l4re_env_init(const void *start_arg);
void l4re_env_init(const void *start_arg)
{
	const struct keel_bootinfo *bi = start_arg;
	l4re_env_t *page = (l4re_env_t *)L4RE_ENV_ADDR;
	if (bi && bi->magic == KEEL_BOOTINFO_MAGIC)
		l4re_global_env = &base_env;
	else if (!bi && env_page_valid(page))
		l4re_global_env = page;
	else
		l4re_global_env = &base_env;
}

l4re_env_t *l4re_env(void)
{
	return l4re_global_env ? l4re_global_env : &base_env;
}

const l4re_env_cap_entry_t *l4re_env_get_cap_l(const char *name, unsigned len, const l4re_env_t *e)
{
	if (len > sizeof(e->caps[0].name))
		return 0;
	for (const l4re_env_cap_entry_t *c = e->caps; l4_is_valid_cap(c->cap); c++) {
		if (strncmp(c->name, name, len) == 0 &&
		    (len == sizeof(c->name) || c->name[len] == 0))
			return c;
	}
	return 0;
}

l4_cap_idx_t l4re_env_get_cap_e(const char *name, const l4re_env_t *e)
{
	const l4re_env_cap_entry_t *c = l4re_env_get_cap_l(name, strlen(name), e);
	return c ? c->cap : L4_INVALID_CAP;
}

l4_cap_idx_t l4re_env_get_cap(const char *name)
{
	return l4re_env_get_cap_e(name, l4re_env());
}
