/* task.h - ABI constants of the task object: opcodes and unmap flags. */
#ifndef L4_SYS_ABI_TASK_H
#define L4_SYS_ABI_TASK_H

/* Task opcodes (mr0) and unmap masks. */
enum l4_task_ops_t {
	L4_TASK_MAP_OP = 0UL,
	L4_TASK_UNMAP_OP = 1UL,
	L4_TASK_CAP_INFO_OP = 2UL,
	L4_TASK_ADD_KU_MEM_OP = 3UL,
	L4_TASK_LDT_X86_OP = 0x11UL,
};

enum l4_unmap_flags_t {
	L4_FP_OTHER_SPACES = 0x0UL,
	L4_FP_ALL_SPACES = 0x80000000UL,
	L4_FP_DELETE_OBJ = 0xc0000000UL,
};

#endif
