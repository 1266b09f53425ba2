/* semaphore.h - ABI constants of the semaphore object (up is the IRQ trigger). */
#ifndef L4_SYS_ABI_SEMAPHORE_H
#define L4_SYS_ABI_SEMAPHORE_H

/* Operation of protocol L4_PROTO_SEMAPHORE (mr0); up is L4_IRQ_OP_TRIGGER. */
enum L4_semaphore_op {
	L4_SEMAPHORE_OP_DOWN = 0,
};

/* The largest count: an up beyond it is dropped (L4Re promises at least 2^31 - 1). */
#define L4_KEEL_SEMAPHORE_MAX 0x7fffffffUL

#endif
