/* start.c - C start-up of user programs: TLS through the kernel, constructors, main, exit. */
#include <l4/keel/bootinfo.h>
#include <l4/re/c/rm.h>
#include <l4/re/env.h>
#include <l4/re/parent.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include <stdlib.h>

extern char __tls_main[];
extern char __arm32_tls_tcb_offset[];
extern void _init_tls(void *tls);
extern void __libc_init_array(void);
extern int main(int argc, char **argv);

void __l4re_start(void *arg);
void _set_tls(void *tls);
_Noreturn void _exit(int status);

/*
 * Keel: the dataspaces the environment says to attach (capDL `at`), before main()
 * runs, so the program finds them where its spec put them. A program that cannot
 * have them ends with status 127, as a program that cannot start does on POSIX.
 */
static void attach_regions(const l4re_env_t *env)
{
	for (unsigned i = 0; i < env->attach_count; i++) {
		const l4re_env_attach_t *a = &env->attach[i];
		void *at = (void *)a->addr;
		int err = l4_is_valid_cap(env->rm)
			      ? l4re_rm_attach(&at, a->size, a->flags, a->ds, 0, 0)
			      : -L4_ENOSYS;
		if (err) {
			static const char msg[] = "start-up: cannot attach a dataspace\n";
			l4_vcon_write(l4re_log_cap(), msg, sizeof(msg) - 1);
			_exit(127);
		}
	}
}

/*
 * picolibc reads the thread pointer from TPIDRURO, which user mode cannot write:
 * the kernel sets it (Thread ARM_TPIDRURO). The pointer sits the TCB offset below
 * the TLS block, as in the ARM TLS ABI.
 */
void _set_tls(void *tls)
{
	l4_addr_t tp = (l4_addr_t)tls - (l4_addr_t)__arm32_tls_tcb_offset;
	l4_thread_arm_set_tpidruro(L4_BASE_THREAD_CAP, tp);
}

/* r0 at program start: the boot-info page for the root task. */
static void *start_arg;

void l4re_env_init(const void *start_arg);
long l4re_rm_start(l4re_env_t *e);

const struct keel_bootinfo *l4re_bootinfo(void)
{
	const struct keel_bootinfo *bi = start_arg;
	return bi && bi->magic == KEEL_BOOTINFO_MAGIC ? bi : 0;
}

void __l4re_start(void *arg)
{
	start_arg = arg;
	l4re_env_init(arg);
	l4re_env_t *env = l4re_env();
	/* The main thread's block is a copy too, so the template keeps initial values. */
	_init_tls(__tls_main);
	_set_tls(__tls_main);
	/* A loaded program is its own pager from here on: its region mapper. */
	if (l4_is_valid_cap(env->rm))
		l4re_rm_start(env);
	attach_regions(env);
	__libc_init_array();
	exit(main(env->argc, env->argv));
}

/* A program that is done tells its parent, if it has one, and waits for ever. */
_Noreturn void _exit(int status)
{
	l4re_flush_output();
	l4re_parent_signal_exit(status);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* abort(): the program ends with status 134 (as after SIGABRT); no signals here. */
void abort(void)
{
	static const char msg[] = "abort() called\n";
	l4re_flush_output();
	l4_vcon_write(l4re_log_cap(), msg, sizeof(msg) - 1);
	_exit(134);
}
