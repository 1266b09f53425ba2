/* consts.h - generic ABI constants shared by the Keel kernel and libl4re (the one definition);
 * each kernel object's opcodes and flags are in l4/sys/abi/<object>.h. */
#ifndef L4_SYS_CONSTS_H
#define L4_SYS_CONSTS_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

/* Capability indices: slot << L4_CAP_SHIFT; low bits carry operation flags. */
enum l4_cap_consts_t {
	L4_CAP_SHIFT = 12,
	L4_CAP_SIZE = 1UL << 12,
	L4_CAP_OFFSET = 1UL << 12, /* between two consecutive capability indices */
	L4_CAP_MASK = ~0UL << 11,
	L4_INVALID_CAP_BIT = 1UL << 11,
	L4_SYSF_REPLY_CAP_BIT = 1UL << 10,
};

/* Operation flags in the low bits of the capability word (r2). */
enum l4_syscall_flags_t {
	L4_SYSF_NONE = 0x00,
	L4_SYSF_SEND = 0x01,
	L4_SYSF_RECV = 0x02,
	L4_SYSF_OPEN_WAIT = 0x04,
	L4_SYSF_REPLY = 0x08,
	L4_SYSF_CALL = L4_SYSF_SEND | L4_SYSF_RECV,
	L4_SYSF_WAIT = L4_SYSF_OPEN_WAIT | L4_SYSF_RECV,
	L4_SYSF_SEND_AND_WAIT = L4_SYSF_OPEN_WAIT | L4_SYSF_CALL,
	L4_SYSF_REPLY_AND_WAIT = L4_SYSF_WAIT | L4_SYSF_SEND | L4_SYSF_REPLY,
	L4_SYSF_FLAGS_MASK = 0x0f,
};

/* System call numbers in r5 (Keel implements only invoke). */
enum l4_syscall_nr_t {
	L4_SYSCALL_INVOKE = 0,
	L4_SYSCALL_MEM_OP = 1,
};

/* Initial capability slots of a task started by the kernel or the loader. */
enum l4_default_caps_t {
	L4_BASE_TASK_CAP = 1UL << L4_CAP_SHIFT,
	L4_BASE_FACTORY_CAP = 2UL << L4_CAP_SHIFT,
	L4_BASE_THREAD_CAP = 3UL << L4_CAP_SHIFT,
	L4_BASE_PAGER_CAP = 4UL << L4_CAP_SHIFT,
	L4_BASE_LOG_CAP = 5UL << L4_CAP_SHIFT,
	L4_BASE_ICU_CAP = 6UL << L4_CAP_SHIFT,
	L4_BASE_SCHEDULER_CAP = 7UL << L4_CAP_SHIFT,
	L4_BASE_IOMMU_CAP = 8UL << L4_CAP_SHIFT,
	L4_BASE_DEBUGGER_CAP = 10UL << L4_CAP_SHIFT,
	L4_BASE_CAPS_LAST = 10UL << L4_CAP_SHIFT,
};

/* Further capabilities of programs started by a loader (L4Re's numbering). */
enum l4re_default_caps_t {
	L4RE_RM_CAP = 0x10UL << L4_CAP_SHIFT,
	L4RE_MEM_ALLOC_CAP = 0x11UL << L4_CAP_SHIFT,
	L4RE_NAMES_CAP = 0x12UL << L4_CAP_SHIFT,
	L4RE_PARENT_CAP = 0x13UL << L4_CAP_SHIFT,
	L4RE_KIP_CAP = 0x14UL << L4_CAP_SHIFT,
	L4RE_FIRST_FREE_CAP = 0x16UL << L4_CAP_SHIFT,
};

/* Protocol labels of kernel objects and kernel-generated messages. */
enum l4_msgtag_protocol_t {
	L4_PROTO_NONE = 0,
	L4_PROTO_ALLOW_SYSCALL = 1,
	L4_PROTO_PF_EXCEPTION = 1,
	L4_PROTO_IRQ = -1L,
	L4_PROTO_PAGE_FAULT = -2L,
	L4_PROTO_PREEMPTION = -3L,
	L4_PROTO_SYS_EXCEPTION = -4L,
	L4_PROTO_EXCEPTION = -5L,
	L4_PROTO_SIGMA0 = -6L,
	L4_PROTO_IO_PAGE_FAULT = -8L,
	L4_PROTO_KOBJECT = -10L,
	L4_PROTO_TASK = -11L,
	L4_PROTO_THREAD = -12L,
	L4_PROTO_LOG = -13L,
	L4_PROTO_SCHEDULER = -14L,
	L4_PROTO_FACTORY = -15L,
	L4_PROTO_VM = -16L,
	L4_PROTO_IRQ_SENDER = -18L,
	L4_PROTO_SEMAPHORE = -20L,
	L4_PROTO_META = -21L,
	L4_PROTO_IOMMU = -22L,
	L4_PROTO_DEBUGGER = -23L,
};

/* Message tag layout and flags. */
enum l4_msgtag_flags_t {
	L4_MSGTAG_WORDS_MASK = 0x3f,
	L4_MSGTAG_ITEMS_SHIFT = 6,
	L4_MSGTAG_ITEMS_MASK = 0x3f,
	L4_MSGTAG_FLAGS_MASK = 0xf000,
	L4_MSGTAG_FLAGS = L4_MSGTAG_FLAGS_MASK, /* L4Re's name for the same mask */
	L4_MSGTAG_LABEL_SHIFT = 16,
	L4_MSGTAG_ERROR = 0x8000,
	L4_MSGTAG_TRANSFER_FPU = 0x1000,
	L4_MSGTAG_SCHEDULE = 0x2000,
	L4_MSGTAG_PROPAGATE = 0x4000,
};

/* IPC error codes in the UTCB error word; bit 0 set = receive phase. */
enum l4_ipc_tcr_error_t {
	L4_IPC_ERROR_MASK = 0x1f,
	L4_IPC_SND_ERR_MASK = 0x01,
	L4_IPC_ENOT_EXISTENT = 0x04,
	L4_IPC_RETIMEOUT = 0x03,
	L4_IPC_SETIMEOUT = 0x02,
	L4_IPC_RECANCELED = 0x07,
	L4_IPC_SECANCELED = 0x06,
	L4_IPC_REMAPFAILED = 0x11,
	L4_IPC_SEMAPFAILED = 0x10,
	L4_IPC_RESNDPFTO = 0x0b,
	L4_IPC_SESNDPFTO = 0x0a,
	L4_IPC_RERCVPFTO = 0x0d,
	L4_IPC_SERCVPFTO = 0x0c,
	L4_IPC_REABORTED = 0x0f,
	L4_IPC_SEABORTED = 0x0e,
	L4_IPC_REMSGCUT = 0x09,
	L4_IPC_SEMSGCUT = 0x08,
	L4_IPC_NO_REPLY_CAP = 0x13,
};

/* Priorities a scheduler knows (docs/scheduling.md). */
enum l4_sched_consts_t {
	L4_SCHED_MIN_PRIO = 0,
	L4_SCHED_MAX_PRIO = 255,
};

/* UTCB geometry in machine words. */
enum l4_utcb_consts_t {
	L4_UTCB_GENERIC_DATA_SIZE = 63,
	L4_UTCB_GENERIC_BUFFERS_SIZE = 58,
	L4_UTCB_MSG_REGS_OFFSET = 0,
	L4_UTCB_BUF_REGS_OFFSET = 64 * 4,
	L4_UTCB_THREAD_REGS_OFFSET = 123 * 4,
	L4_UTCB_INHERIT_FPU = 1UL << 24,
	L4_UTCB_OFFSET = 512,
};

/* Pages. */
enum l4_page_consts_t {
	L4_PAGESHIFT = 12,
	L4_PAGESIZE = 1UL << 12,
	L4_PAGEMASK = ~(L4_PAGESIZE - 1),
	L4_SUPERPAGESHIFT = 20,
	L4_SUPERPAGESIZE = 1UL << 20,
	L4_SUPERPAGEMASK = ~(L4_SUPERPAGESIZE - 1),
	L4_LOG2_PAGESIZE = L4_PAGESHIFT,
	L4_LOG2_SUPERPAGESIZE = L4_SUPERPAGESHIFT,
};

/* An address no mapping has (L4Re's "invalid address"). */
enum l4_addr_consts_t {
	L4_INVALID_ADDR = ~0UL,
};
#define L4_INVALID_PTR ((void *)L4_INVALID_ADDR)

/* @address rounded down to its page. */
L4_INLINE l4_addr_t l4_trunc_page(l4_addr_t address)
{
	return address & L4_PAGEMASK;
}

/* @address rounded up to a page boundary (wraps to 0 in the last page). */
L4_INLINE l4_addr_t l4_round_page(l4_addr_t address)
{
	return (address + L4_PAGESIZE - 1) & L4_PAGEMASK;
}

/* @address rounded down to a multiple of 2^@bits (@bits below the word's width). */
L4_INLINE l4_addr_t l4_trunc_size(l4_addr_t address, unsigned char bits)
{
	return address & (~0UL << bits);
}

/* @value rounded up to a multiple of 2^@bits (@bits below the word's width). */
L4_INLINE l4_addr_t l4_round_size(l4_addr_t value, unsigned char bits)
{
	return (value + (1UL << bits) - 1) & (~0UL << bits);
}

/* How many machine words hold @size bytes. */
L4_INLINE unsigned l4_bytes_to_mwords(unsigned size)
{
	return (unsigned)((size + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t));
}

/* Typed arguments of factory create messages: type | size << 16, then the value. */
enum l4_varg_type_t {
	L4_VARG_TYPE_NIL = 0x00,
	L4_VARG_TYPE_UMWORD = 0x01,
	L4_VARG_TYPE_MWORD = 0x81,
	L4_VARG_TYPE_STRING = 0x02,
	L4_VARG_TYPE_FPAGE = 0x03,
	L4_VARG_TYPE_SIGN = 0x80,
};

/* Flexpage fields. */
enum l4_fpage_consts_t {
	L4_FPAGE_RIGHTS_SHIFT = 0,
	L4_FPAGE_TYPE_SHIFT = 4,
	L4_FPAGE_SIZE_SHIFT = 6,
	L4_FPAGE_ADDR_SHIFT = 12,
	L4_FPAGE_RIGHTS_BITS = 4,
	L4_FPAGE_TYPE_BITS = 2,
	L4_FPAGE_SIZE_BITS = 6,
	L4_FPAGE_ADDR_BITS = L4_MWORD_BITS - 12,
	L4_FPAGE_RIGHTS_MASK = 0xfUL << 0,
	L4_FPAGE_TYPE_MASK = 0x3UL << 4,
	L4_FPAGE_SIZE_MASK = 0x3fUL << 6,
	L4_FPAGE_ADDR_MASK = ~0UL << 12,
	L4_FPAGE_RIGHTS_ALL = 0xf, /* every right (a grant's) */
	L4_FPAGE_CONTROL_OFFSET = 12,
	L4_FPAGE_CONTROL_OFFSET_SHIFT = 12,
	L4_FPAGE_CONTROL_MASK = ~0UL << L4_FPAGE_CONTROL_OFFSET,
};

/* The order of the whole address space: the largest flexpage, and the order of the
 * special flexpage that covers every space (l4_fpage_all()). */
enum {
	L4_WHOLE_ADDRESS_SPACE = 63,
};

enum l4_fpage_type_t {
	L4_FPAGE_SPECIAL = 0,
	L4_FPAGE_MEMORY = 1,
	L4_FPAGE_IO = 2,
	L4_FPAGE_OBJ = 3,
};

enum l4_fpage_rights_t {
	L4_FPAGE_X = 0x1,
	L4_FPAGE_W = 0x2,
	L4_FPAGE_RO = 0x4,
	L4_FPAGE_RW = 0x6,
	L4_FPAGE_RX = 0x5,
	L4_FPAGE_RWX = 0x7,
	L4_FPAGE_R = 0x4,
};

enum l4_cap_fpage_rights_t {
	L4_CAP_FPAGE_W = 0x1,
	L4_CAP_FPAGE_S = 0x2,
	L4_CAP_FPAGE_R = 0x4,
	L4_CAP_FPAGE_D = 0x8,
	L4_CAP_FPAGE_RO = 0x4,
	L4_CAP_FPAGE_RW = 0x5,
	L4_CAP_FPAGE_RS = 0x6,
	L4_CAP_FPAGE_RWS = 0x7,
	L4_CAP_FPAGE_RSD = 0xe,
	L4_CAP_FPAGE_RWSD = 0xf,
};

/* Map items (send side, word 0) and receive buffer items. */
enum l4_msg_item_consts_t {
	L4_ITEM_MAP = 8,
	L4_ITEM_CONT = 1,
	L4_MAP_ITEM_GRANT = 2,
	L4_MAP_ITEM_MAP = 0,
	L4_RCV_ITEM_FORWARD_MAPPINGS = 1,
	L4_RCV_ITEM_SINGLE_CAP = L4_ITEM_MAP | 2,
	L4_RCV_ITEM_LOCAL_ID = 4,
	/* Return items (word 0 & 0x3e) the receiver finds in its MRs. */
	L4_RCV_ITEM_CAP_RECEIVED = 0x38,      /* mapped into the receive buffer's slot */
	L4_RCV_ITEM_ID_RECEIVED = 0x3c,	      /* word 1: the local gate's label | W/S */
	L4_RCV_ITEM_LOCAL_ID_RECEIVED = 0x3e, /* word 1: the sender's (same task) cap */
};

/* Object-specific rights carried in a map item's attribute bits (word 0, bits 4-7). */
enum l4_obj_fpage_ctl_t {
	L4_FPAGE_C_NO_REF_CNT = 0x10,
	L4_FPAGE_C_REF_CNT = 0x00,
	L4_FPAGE_C_OBJ_RIGHT1 = 0x20,
	L4_FPAGE_C_OBJ_RIGHT2 = 0x40,
	L4_FPAGE_C_OBJ_RIGHT3 = 0x80,
	L4_FPAGE_C_OBJ_RIGHTS = 0xe0,
	L4_FPAGE_C_IPCGATE_SVR = L4_FPAGE_C_OBJ_RIGHT1,
};

#endif
