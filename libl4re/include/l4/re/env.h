/* env.h - the L4Re runtime environment: initial capabilities, named capabilities, argv. */
#ifndef L4_RE_ENV_H
#define L4_RE_ENV_H

#include <l4/re/consts.h>
#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/kip.h>
#include <l4/sys/types.h>

/* A named capability of the environment (L4Re layout). */
typedef struct l4re_env_cap_entry_t {
	l4_cap_idx_t cap;
	l4_umword_t flags;
	char name[16]; /* NUL-terminated unless all 16 are used */
} l4re_env_cap_entry_t;

/* Keel: the entry's flags hold the rights the program has; this bit says the
 * capability is a boot module's dataspace the program may read as the file
 * "rom/NAME" (open(), fopen(); docs/posix.md). */
#define L4RE_ENV_CAP_F_ROM 0x10000ul

/* Keel: a dataspace the program's region mapper attaches before main() (capDL `at`). */
typedef struct l4re_env_attach_t {
	l4_cap_idx_t ds;     /* one of the named capabilities */
	l4_addr_t addr;	     /* where: page aligned */
	unsigned long size;  /* bytes */
	unsigned long flags; /* L4RE_RM_F_R, | L4RE_RM_F_W */
} l4re_env_attach_t;

/*
 * The environment of a program (the fields of L4Re's l4re_env_t, then Keel's).
 * A program started by the root task's loader finds it in its environment page at
 * L4RE_ENV_ADDR (read-write, one page: this structure, the capability entries, the
 * argv pointers and strings); the root task builds its own from its boot info.
 */
typedef struct l4re_env_t {
	l4_cap_idx_t parent;
	l4_cap_idx_t rm;
	l4_cap_idx_t mem_alloc;
	l4_cap_idx_t log;
	l4_cap_idx_t main_thread;
	l4_cap_idx_t factory;
	l4_cap_idx_t scheduler;
	l4_cap_idx_t itas;	    /* unused */
	l4_umword_t first_free_cap; /* slot number (not shifted) */
	l4_fpage_t utcb_area;
	l4_umword_t first_free_utcb; /* address */
	l4re_env_cap_entry_t *caps;  /* ends with an entry whose cap is invalid */
	/* Keel */
	l4_umword_t magic;
	l4_umword_t main_prio; /* priority the main thread was started with */
	int argc;
	char **argv;
	l4re_env_attach_t *attach; /* attach_count entries; the start-up code attaches them */
	unsigned attach_count;
} l4re_env_t;

#define L4RE_ENV_ADDR  0xbfe00000u
#define L4RE_ENV_MAGIC 0x564e454bu /* "KENV" */
#define L4RE_ENV_SIZE  4096u

/* This program's environment (never NULL once main runs). */
l4re_env_t *l4re_env(void);
extern l4re_env_t *l4re_global_env;
/* The capability named @name in the environment, or L4_INVALID_CAP. */
l4_cap_idx_t l4re_env_get_cap(const char *name);
/* The same in the environment @e. */
l4_cap_idx_t l4re_env_get_cap_e(const char *name, const l4re_env_t *e);
/* The entry of @e named by the @len bytes at @name (not NUL-terminated), or NULL. */
const l4re_env_cap_entry_t *l4re_env_get_cap_l(const char *name, unsigned len, const l4re_env_t *e);

/* The capability the program's stdout/stderr go to: env->log, which the loader
 * makes L4_BASE_LOG_CAP (a console session, or the kernel log). */
l4_cap_idx_t l4re_log_cap(void);
/* The root task's boot information (its RAM, the boot modules), or NULL in other
 * programs. */
struct keel_bootinfo;
const struct keel_bootinfo *l4re_bootinfo(void);

/* The kernel info page (l4/sys/kip.h), mapped into every task at L4_KIP_ADDR. The
 * pointer is not const, as L4Re's, but the page is read-only. */
L4_INLINE l4_kernel_info_t *l4re_kip(void)
{
	return (l4_kernel_info_t *)L4_KIP_ADDR;
}

/* Write out what stdout has buffered for the calling thread (each buffers its own line). */
void l4re_flush_output(void);

#endif
