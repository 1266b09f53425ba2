/* arch_regs.h - ARMv7-A register bits used by the assembly and C parts of the arch layer. */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#define PSR_MODE_USR  0x10
#define PSR_MODE_FIQ  0x11
#define PSR_MODE_IRQ  0x12
#define PSR_MODE_SVC  0x13
#define PSR_MODE_ABT  0x17
#define PSR_MODE_HYP  0x1a
#define PSR_MODE_UND  0x1b
#define PSR_MODE_SYS  0x1f
#define PSR_MODE_MASK 0x1f
#define PSR_T	      0x20
#define PSR_F	      0x40
#define PSR_I	      0x80
#define PSR_A	      0x100
#define PSR_E	      0x200

#define SCTLR_M	  (1 << 0)
#define SCTLR_A	  (1 << 1)
#define SCTLR_C	  (1 << 2)
#define SCTLR_Z	  (1 << 11)
#define SCTLR_I	  (1 << 12)
#define SCTLR_V	  (1 << 13)
#define SCTLR_TRE (1 << 28)
#define SCTLR_AFE (1 << 29)
#define SCTLR_TE  (1 << 30)

/*
 * The kernel stack (entry.S): one per CPU, with an unmapped guard page right below
 * it (mmu.c), so that running off its end is a clear panic, not silent corruption.
 */
#define KERNEL_STACK_SIZE 16384
#define KERNEL_GUARD_SIZE 4096
/* Each exception mode's stack, used only on the way to a panic (kernel faults). */
#define EXCEPTION_STACK_SIZE 1024

/* Offsets into struct arch_context and struct arch_vspace, shared with entry.S. */
#define CTX_PC_OFFSET	    60
#define CTX_TPIDRURO_OFFSET 68
#define CTX_TPIDRURW_OFFSET 72
#define VSPACE_L1_PA_OFFSET 4
#define VSPACE_ASID_OFFSET  8
#define VSPACE_GEN_OFFSET   12
/* TTBR0's walk attributes: inner and outer write-back write-allocate, shareable. */
#define TTBR_WALK_FLAGS 0x6a
#define FPEXC_EN_BIT	(1 << 30)

#endif
