/* parent.h - the protocol between a program and the task that started it. */
#ifndef L4_RE_PARENT_H
#define L4_RE_PARENT_H

#include <l4/re/protocols.h>
#include <l4/sys/ipc.h>

/* Parent messages: label L4RE_PROTO_PARENT, mr0 = opcode. */
enum l4re_parent_ops {
	L4RE_PARENT_EXIT = 1,	      /* mr1 = exit status; sent, not called */
	L4RE_PARENT_KEEL_DUMP = 0x4b, /* Keel: write the system's capDL dump; sent */
};

/* Tell the parent (L4RE_PARENT_CAP) that the program ends with @status. */
L4_INLINE long l4re_parent_signal_exit(int status)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_PARENT_EXIT;
	mr->mr[1] = (l4_umword_t)status;
	return l4_error(l4_ipc_send(L4RE_PARENT_CAP, l4_utcb(),
				    l4_msgtag(L4RE_PROTO_PARENT, 2, 0, 0), L4_IPC_NEVER));
}

/*
 * Keel: ask the root task to write the running system's capDL dump on the kernel log
 * (docs/capdl.md). It does so only if the kernel command line says capdl.dump; the
 * message is sent (no reply): the dump follows once the root task takes it.
 */
L4_INLINE long l4re_parent_keel_dump(void)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_PARENT_KEEL_DUMP;
	return l4_error(l4_ipc_send(L4RE_PARENT_CAP, l4_utcb(),
				    l4_msgtag(L4RE_PROTO_PARENT, 1, 0, 0), L4_IPC_NEVER));
}

#endif
