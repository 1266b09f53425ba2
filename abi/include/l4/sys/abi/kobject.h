/* kobject.h - ABI constants of every kernel object and receive endpoint (IPC gate, IRQ): generic
 * opcodes. */
#ifndef L4_SYS_ABI_KOBJECT_H
#define L4_SYS_ABI_KOBJECT_H

/* Kernel-object / receive-endpoint opcodes (protocol KOBJECT). */
enum l4_kobject_ops_t {
	L4_KOBJECT_DEC_REFCNT_OP = 0UL,
	L4_RCV_EP_BIND_OP = 0x10UL,
	L4_IPC_GATE_GET_INFO_OP = 0x11UL,
};

/* L4Re's name of the gate's bind (l4/sys/ipc_gate.h): the receive-endpoint bind. */
enum L4_ipc_gate_ops {
	L4_IPC_GATE_BIND_OP = L4_RCV_EP_BIND_OP,
};

/* L4Re's names of the generic kernel-object operations (l4/sys/kernel_object.h). */
enum L4_kobject_op {
	L4_KOBJECT_OP_DEC_REFCNT = L4_KOBJECT_DEC_REFCNT_OP,
};

#endif
