/* irq.h - ABI constants of the ICU and IRQ objects: opcodes, flags and interrupt modes (L4Re's
 * names). */
#ifndef L4_SYS_ABI_IRQ_H
#define L4_SYS_ABI_IRQ_H

/* ICU opcodes (mr0, protocol IRQ), flags and interrupt modes (L4Re's names). */
enum L4_icu_op {
	L4_ICU_OP_BIND = 0,
	L4_ICU_OP_UNBIND = 1,
	L4_ICU_OP_INFO = 2,
	L4_ICU_OP_MSI_INFO = 3,
	L4_ICU_OP_UNMASK = 4,
	L4_ICU_OP_MASK = 5,
	L4_ICU_OP_SET_MODE = 6,
	/* Keel test kernels only: make a bindable line pending (mr1 = number). */
	L4_ICU_OP_KEEL_TEST_PEND = 0x7e,
	/* Keel test kernels only, root task only: check the kernel's object, capability
	 * and mapping structures (-L4_EIO: a problem, printed on the console). */
	L4_ICU_OP_KEEL_TEST_SELF_CHECK = 0x7d,
};

enum L4_icu_ctl_op {
	L4_ICU_CTL_UNMASK = 0,
	L4_ICU_CTL_MASK = 1,
};

enum L4_icu_flags {
	L4_ICU_FLAG_MSI = 0x80000000,
};

enum L4_irq_mode {
	L4_IRQ_F_NONE = 0,
	L4_IRQ_F_LEVEL = 0x2,
	L4_IRQ_F_EDGE = 0x0,
	L4_IRQ_F_POS = 0x0,
	L4_IRQ_F_NEG = 0x4,
	L4_IRQ_F_BOTH = 0x8,
	L4_IRQ_F_LEVEL_HIGH = 0x3,
	L4_IRQ_F_LEVEL_LOW = 0x7,
	L4_IRQ_F_POS_EDGE = 0x1,
	L4_IRQ_F_NEG_EDGE = 0x5,
	L4_IRQ_F_BOTH_EDGE = 0x9,
	L4_IRQ_F_MASK = 0xf,
	L4_IRQ_F_SET_WAKEUP = 0x10,
	L4_IRQ_F_CLEAR_WAKEUP = 0x20,
};

/* IRQ object opcodes (mr0): protocol IRQ_SENDER (detach) and IRQ (trigger, EOI). */
enum L4_irq_sender_op {
	L4_IRQ_SENDER_OP_ATTACH = 0,
	L4_IRQ_SENDER_OP_DETACH = 1,
};

enum L4_irq_op {
	L4_IRQ_OP_TRIGGER = 2,
	L4_IRQ_OP_EOI = 4,
};

#endif
