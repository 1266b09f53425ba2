/* runtime_v5.S - what ARMv5 user code needs of libl4re that ARMv7 has in registers or instructions. */
	.syntax unified
	.arm
	.text

/*
 * __aeabi_read_tp: the thread pointer (TLS) for compiler-generated code and picolibc,
 * which read TPIDRURO on ARMv7. ARMv5 has none: the kernel keeps the running thread's
 * TLS pointer in thread word 1 (L4_ARMV5_THREAD_WORDS, docs/abi.md). The EABI lets it
 * change only r0.
 */
	.global __aeabi_read_tp
	.type __aeabi_read_tp, %function
__aeabi_read_tp:
	mvn	r0, #0xe000			@ 0xffff1fff
	ldr	r0, [r0, #-0xfff + 4]		@ word 1 of the page at 0xffff1000
	bx	lr
	.size __aeabi_read_tp, . - __aeabi_read_tp

/*
 * __sync_synchronize: a full memory barrier, which GCC calls on ARMv5 for C11 atomics'
 * fences. Keel runs ARMv5 on one CPU, and a function call is already a compiler
 * barrier, so there is nothing to order.
 */
	.global __sync_synchronize
	.type __sync_synchronize, %function
__sync_synchronize:
	bx	lr
	.size __sync_synchronize, . - __sync_synchronize
