/* thread.h - ABI constants of the thread object: opcodes, control flags, message word indices,
 * ex_regs flags. */
#ifndef L4_SYS_ABI_THREAD_H
#define L4_SYS_ABI_THREAD_H

/* Thread object opcodes (mr0, low 16 bits). */
enum l4_thread_ops_t {
	L4_THREAD_CONTROL_OP = 0UL,
	L4_THREAD_EX_REGS_OP = 1UL,
	L4_THREAD_SWITCH_OP = 2UL,
	L4_THREAD_STATS_OP = 3UL,
	L4_THREAD_VCPU_RESUME_OP = 4UL,
	L4_THREAD_REGISTER_DELETE_IRQ_OP = 5UL,
	L4_THREAD_MODIFY_SENDER_OP = 6UL,
	L4_THREAD_VCPU_CONTROL_OP = 7UL,
	L4_THREAD_ARM_TPIDRURO_OP = 0x10UL,
	L4_THREAD_OPCODE_MASK = 0xffff,
};

/* Thread control flags (in mr0 with the CONTROL opcode) and message word indices. */
enum l4_thread_control_flags_t {
	L4_THREAD_CONTROL_SET_PAGER = 0x0010000,
	L4_THREAD_CONTROL_BIND_TASK = 0x0200000,
	L4_THREAD_CONTROL_ALIEN = 0x0400000,
	L4_THREAD_CONTROL_UX_NATIVE = 0x0800000,
	L4_THREAD_CONTROL_SET_EXC_HANDLER = 0x1000000,
};

enum l4_thread_control_mr_idx_t {
	L4_THREAD_CONTROL_MR_IDX_FLAGS = 0,
	L4_THREAD_CONTROL_MR_IDX_PAGER = 1,
	L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER = 2,
	L4_THREAD_CONTROL_MR_IDX_FLAG_VALS = 4,
	L4_THREAD_CONTROL_MR_IDX_BIND_UTCB = 5,
	L4_THREAD_CONTROL_MR_IDX_BIND_TASK = 6,
};

/* ex_regs flags (in mr0 with the EX_REGS opcode). */
enum l4_thread_ex_regs_flags_t {
	L4_THREAD_EX_REGS_CANCEL = 0x10000UL,
	L4_THREAD_EX_REGS_TRIGGER_EXCEPTION = 0x20000UL,
};

#endif
