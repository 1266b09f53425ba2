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
	L4_TASK_KEEL_CAP_LIST_OP = 0x4bUL, /* Keel: list the task's capabilities */
};

/*
 * Keel's CAP_LIST (docs/abi.md, "Listing a task's capabilities"): needs S on the task
 * capability invoked. Request: mr0 = the opcode, mr1 = the first slot to look at.
 * Reply: the label is the number n of entries (or a negative error); mr0 = the slot to
 * ask from next (L4_TASK_CAP_LIST_END when the table has been walked to its end);
 * entry i is at mr[1 + 3i]: the slot, the object's identity (L4_KEEL_OBJ_ID: unique
 * among live objects, the same in every task), the object's type (enum
 * l4_keel_obj_type) << 8 | the capability's rights.
 */
#define L4_TASK_CAP_LIST_MAX   20u    /* entries per reply */
#define L4_TASK_CAP_LIST_WORDS 3u     /* words per entry */
#define L4_TASK_CAP_LIST_END   65536u /* past the last slot a task may have */

enum l4_keel_obj_type {
	L4_KEEL_OBJ_TASK = 1,
	L4_KEEL_OBJ_THREAD = 2,
	L4_KEEL_OBJ_GATE = 3,
	L4_KEEL_OBJ_FACTORY = 4,
	L4_KEEL_OBJ_IRQ = 5,
	L4_KEEL_OBJ_SCHEDULER = 6,
	L4_KEEL_OBJ_LOG = 7,
	L4_KEEL_OBJ_ICU = 8,
	L4_KEEL_OBJ_SEMAPHORE = 9,
	L4_KEEL_OBJ_DEBUGGER = 10,
	L4_KEEL_OBJ_PLATFORM_CTL = 11,
};

/* The identities of the kernel's own objects; created objects count up from 16. */
enum l4_keel_obj_id {
	L4_KEEL_OBJ_ID_LOG = 1,
	L4_KEEL_OBJ_ID_ICU = 2,
	L4_KEEL_OBJ_ID_SCHEDULER = 3,
	L4_KEEL_OBJ_ID_FACTORY = 4,
	L4_KEEL_OBJ_ID_DEBUGGER = 5,
	L4_KEEL_OBJ_ID_PLATFORM_CTL = 6,
	L4_KEEL_OBJ_ID_FIRST = 16,
};

enum l4_unmap_flags_t {
	L4_FP_OTHER_SPACES = 0x0UL,
	L4_FP_ALL_SPACES = 0x80000000UL,
	L4_FP_DELETE_OBJ = 0xc0000000UL,
};

#endif
