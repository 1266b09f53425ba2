/*
 * test_memory.c - memory and faults: memory flexpages mapped, granted and unmapped
 * through the mapping database (recursion, rights, partial unmap, task deletion, large
 * pages and sections, the UTCB area), memory items in IPC, page faults to pagers,
 * exceptions to exception handlers, alien threads.
 *
 * Whether a task has a page is asked of a "prober", a thread in that task that loads,
 * stores or calls on request; its exception handler (the test's fault server) skips a
 * faulting access and sets a flag instead, so probing never stops a thread.
 */
#include "ktest_util.h"
#include <string.h>

#define TASK L4_BASE_TASK_CAP
#define PG   0x1000UL
#define K64  0x10000UL
#define MB   0x100000UL

/* Fresh user RAM of the root task (identity-mapped there: the part tests may take,
 * kt_spare_ram()) and fresh virtual ranges that are not RAM (free in every task).
 * Neither is ever reused: tests may give pages away. */
#define VA_START 0x20000000UL
#define VA_END	 0x40000000UL

#define SRV_PRIO    (KT_MAIN_PRIO + 2)
#define WORKER_PRIO (KT_MAIN_PRIO + 1)
/* Below the main thread: a thread that might spin cannot stop the tests. */
#define LOW_PRIO (KT_MAIN_PRIO - 10)

/* l4_exc_regs_t: pfa, err, r0-r12, sp, lr, 0, pc, cpsr, tpidruro, tpidrurw. */
#define EXC_WORDS   22
#define MR_PFA	    0
#define MR_ERR	    1
#define MR_R(i)	    (2 + (i))
#define MR_SP	    15
#define MR_LR	    16
#define MR_PC	    18
#define MR_CPSR	    19
#define MR_TPIDRURO 20
#define MR_TPIDRURW 21

#define EXC_UNDEF 0x00
#define EXC_SVC	  0x11
#define EXC_PABT  0x20
#define EXC_DABT  0x24
#define PSR_T	  0x20UL
#define PSR_MODE  0x1fUL
#define MODE_USR  0x10UL

/* What a probe gives for an access that faulted, and for a probe that could not run. */
#define FAULT  0xfa17fa17UL
#define BROKEN 0xdeadd00dUL

/*
 * The state the test's code runs in: Thumb on ARMv7 (bit 0 of code addresses set, the
 * cpsr's T bit; an instruction the handlers skip is 2 bytes), ARM on ARMv5 (the
 * programs there are ARM code: bit 0 clear, T clear, 4 bytes).
 */
#if __ARM_ARCH >= 7
#define CODE_THUMB 1
#else
#define CODE_THUMB 0
#endif
#define CODE_ADDR_BIT ((l4_umword_t)CODE_THUMB) /* bit 0 of a code address */
#define CODE_PSR_T    (CODE_THUMB ? PSR_T : 0)	/* the cpsr's T bit */

/* Code that returns 42, put in a page and called by the tests. Thumb: movs r0, #42;
 * bx lr (one word). ARM: mov r0, #42 (CODE_RET42, the word tests read back); bx lr. */
#if __ARM_ARCH >= 7
#define CODE_RET42 0x4770202aUL
#else
#define CODE_RET42	0xe3a0002aUL
#define CODE_RET42_NEXT 0xe12fff1eUL
#endif

/* The pc after the instruction at the exception's pc (Thumb: 2 bytes, ARM: 4). */
static l4_umword_t next_insn(const l4_umword_t *mr)
{
	return mr[MR_PC] + ((mr[MR_CPSR] & PSR_T) ? 2 : 4);
}

static unsigned exc_class(l4_umword_t err)
{
	return (unsigned)(err >> 26);
}

/* The fault status (FS[4:0]) of a DFSR/IFSR in the low bits of err. */
static unsigned fault_status(l4_umword_t err)
{
	return (unsigned)((err & 0xf) | ((err >> 6) & 0x10));
}

/* The pager's mr0 for a fault at addr: address & ~7 | 1 translation | 2 write | 4 fetch. */
static l4_umword_t pf_word(l4_addr_t addr, unsigned bits)
{
	return (addr & ~7UL) | bits;
}

static int is_translation_fault(l4_umword_t err)
{
	return fault_status(err) == 0x05 || fault_status(err) == 0x07;
}

static int is_permission_fault(l4_umword_t err)
{
	return fault_status(err) == 0x0d || fault_status(err) == 0x0f;
}

/* ---- code with known instruction addresses ---- */

/*
 * mem_load/mem_store/mem_exec: r3 is cleared before the access and stored to *faulted
 * after it; the fault server's "skip" sets r3 = 1 and resumes after the access.
 */
uint32_t mem_load(l4_addr_t addr, volatile uint32_t *faulted);
void mem_store(l4_addr_t addr, uint32_t value, volatile uint32_t *faulted);
uint32_t mem_exec(l4_addr_t code, volatile uint32_t *faulted);
/* ldmia r0!, {r2, r4} (needs word alignment); r3 and *faulted as in mem_load. */
void mem_ldm(l4_addr_t addr, volatile uint32_t *faulted);
/* bkpt #0; r3 and *faulted as in mem_load. */
void bkpt_fn(volatile uint32_t *faulted);
/* udf #0 with r0 as given; returns r0 after it. */
uint32_t udf_fn(uint32_t r0);
/* A system call with r5 = 3 and r0 as given; returns r0 after it. */
uint32_t bad_svc_fn(uint32_t r0);
/* r0-r12 = 0xa000 + i, lr = 0xa00e, then udf #0; *sp_out = sp at the udf. */
void exc_regs_fn(volatile l4_umword_t *sp_out);
/* r0-r12 = 0xb000 + i, lr = 0xb00e, udf #0, then r0-r12, lr to exc_out[0..13]. */
void exc_load_fn(void);
/* udf #0, then returns the cpsr. */
uint32_t exc_cpsr_fn(void);
/* udf #0, then out[0] = TPIDRURO, out[1] = TPIDRURW. */
void exc_tls_fn(volatile l4_umword_t *out);
/* r0 = 0x1111, r4 = 0x4444, load from addr into r2; out = r0, r4, r2 after the load. */
void pf_regs_fn(l4_addr_t addr, volatile l4_umword_t *out);
/* r0-r7 = 0x10-0x17, svc #0; out = r0, r7 after it. */
void alien_svc_fn(volatile l4_umword_t *out);

extern const char mem_load_insn[], mem_store_insn[], mem_ldm_insn[], bkpt_insn[], udf_insn[],
    bad_svc_after[], exc_regs_insn[], exc_load_insn[], exc_cpsr_insn[], exc_tls_insn[],
    pf_regs_insn[], alien_svc_after[];
extern volatile l4_umword_t exc_out[14];
volatile l4_umword_t exc_out[14];

#if __ARM_ARCH >= 7
/* Thumb-2 (ARMv7). */
__asm__(".pushsection .text.test_memory_asm, \"ax\", %progbits\n"
	".syntax unified\n"
	".thumb\n"
	".balign 4\n"

	".global mem_load\n"
	".type mem_load, %function\n"
	".thumb_func\n"
	"mem_load:\n"
	"	movs r3, #0\n"
	".global mem_load_insn\n"
	"mem_load_insn:\n"
	"	ldr.n r0, [r0]\n"
	"	str.n r3, [r1]\n"
	"	bx lr\n"

	".global mem_store\n"
	".type mem_store, %function\n"
	".thumb_func\n"
	"mem_store:\n"
	"	movs r3, #0\n"
	".global mem_store_insn\n"
	"mem_store_insn:\n"
	"	str.n r1, [r0]\n"
	"	str.n r3, [r2]\n"
	"	bx lr\n"

	".global mem_exec\n"
	".type mem_exec, %function\n"
	".thumb_func\n"
	"mem_exec:\n"
	"	push {r1, lr}\n"
	"	movs r3, #0\n"
	"	blx r0\n"
	"	pop {r1, r2}\n"
	"	str.n r3, [r1]\n"
	"	bx r2\n"

	".global mem_ldm\n"
	".type mem_ldm, %function\n"
	".thumb_func\n"
	"mem_ldm:\n"
	"	push {r4, lr}\n"
	"	movs r3, #0\n"
	".global mem_ldm_insn\n"
	"mem_ldm_insn:\n"
	"	ldmia r0!, {r2, r4}\n"
	"	str.n r3, [r1]\n"
	"	pop {r4, pc}\n"

	".global bkpt_fn\n"
	".type bkpt_fn, %function\n"
	".thumb_func\n"
	"bkpt_fn:\n"
	"	movs r3, #0\n"
	".global bkpt_insn\n"
	"bkpt_insn:\n"
	"	bkpt #0\n"
	"	str.n r3, [r0]\n"
	"	bx lr\n"

	".global udf_fn\n"
	".type udf_fn, %function\n"
	".thumb_func\n"
	"udf_fn:\n"
	".global udf_insn\n"
	"udf_insn:\n"
	"	udf #0\n"
	"	bx lr\n"

	".global bad_svc_fn\n"
	".type bad_svc_fn, %function\n"
	".thumb_func\n"
	"bad_svc_fn:\n"
	"	push {r4, r5, r6, lr}\n"
	"	movs r5, #3\n"
	"	svc #0\n"
	".global bad_svc_after\n"
	"bad_svc_after:\n"
	"	pop {r4, r5, r6, pc}\n"

	".global exc_regs_fn\n"
	".type exc_regs_fn, %function\n"
	".thumb_func\n"
	"exc_regs_fn:\n"
	"	push {r4-r11, lr}\n"
	"	mov r1, sp\n"
	"	str r1, [r0]\n"
	"	movw r0, #0xa000\n"
	"	movw r1, #0xa001\n"
	"	movw r2, #0xa002\n"
	"	movw r3, #0xa003\n"
	"	movw r4, #0xa004\n"
	"	movw r5, #0xa005\n"
	"	movw r6, #0xa006\n"
	"	movw r7, #0xa007\n"
	"	movw r8, #0xa008\n"
	"	movw r9, #0xa009\n"
	"	movw r10, #0xa00a\n"
	"	movw r11, #0xa00b\n"
	"	movw r12, #0xa00c\n"
	"	movw lr, #0xa00e\n"
	".global exc_regs_insn\n"
	"exc_regs_insn:\n"
	"	udf #0\n"
	"	pop {r4-r11, pc}\n"

	".global exc_load_fn\n"
	".type exc_load_fn, %function\n"
	".thumb_func\n"
	"exc_load_fn:\n"
	"	push {r4-r11, lr}\n"
	"	movw r0, #0xb000\n"
	"	movw r1, #0xb001\n"
	"	movw r2, #0xb002\n"
	"	movw r3, #0xb003\n"
	"	movw r4, #0xb004\n"
	"	movw r5, #0xb005\n"
	"	movw r6, #0xb006\n"
	"	movw r7, #0xb007\n"
	"	movw r8, #0xb008\n"
	"	movw r9, #0xb009\n"
	"	movw r10, #0xb00a\n"
	"	movw r11, #0xb00b\n"
	"	movw r12, #0xb00c\n"
	"	movw lr, #0xb00e\n"
	".global exc_load_insn\n"
	"exc_load_insn:\n"
	"	udf #0\n"
	"	push {r12}\n"
	"	ldr r12, =exc_out\n"
	"	stmia r12!, {r0-r11}\n"
	"	pop {r0}\n"
	"	str r0, [r12]\n"
	"	str lr, [r12, #4]\n"
	"	pop {r4-r11, pc}\n"
	"	.ltorg\n"

	".global exc_cpsr_fn\n"
	".type exc_cpsr_fn, %function\n"
	".thumb_func\n"
	"exc_cpsr_fn:\n"
	".global exc_cpsr_insn\n"
	"exc_cpsr_insn:\n"
	"	udf #0\n"
	"	mrs r0, cpsr\n"
	"	bx lr\n"

	".global exc_tls_fn\n"
	".type exc_tls_fn, %function\n"
	".thumb_func\n"
	"exc_tls_fn:\n"
	"	mov r2, r0\n"
	".global exc_tls_insn\n"
	"exc_tls_insn:\n"
	"	udf #0\n"
	"	mrc p15, 0, r0, c13, c0, 3\n"
	"	mrc p15, 0, r1, c13, c0, 2\n"
	"	str r0, [r2]\n"
	"	str r1, [r2, #4]\n"
	"	bx lr\n"

	".global pf_regs_fn\n"
	".type pf_regs_fn, %function\n"
	".thumb_func\n"
	"pf_regs_fn:\n"
	"	push {r4, r5, r6, lr}\n"
	"	mov r5, r0\n"
	"	mov r6, r1\n"
	"	movw r0, #0x1111\n"
	"	movw r4, #0x4444\n"
	".global pf_regs_insn\n"
	"pf_regs_insn:\n"
	"	ldr r2, [r5]\n"
	"	str r0, [r6]\n"
	"	str r4, [r6, #4]\n"
	"	str r2, [r6, #8]\n"
	"	pop {r4, r5, r6, pc}\n"

	".global alien_svc_fn\n"
	".type alien_svc_fn, %function\n"
	".thumb_func\n"
	"alien_svc_fn:\n"
	"	push {r4-r8, lr}\n"
	"	mov r8, r0\n"
	"	movs r0, #0x10\n"
	"	movs r1, #0x11\n"
	"	movs r2, #0x12\n"
	"	movs r3, #0x13\n"
	"	movs r4, #0x14\n"
	"	movs r5, #0x15\n"
	"	movs r6, #0x16\n"
	"	movs r7, #0x17\n"
	"	svc #0\n"
	".global alien_svc_after\n"
	"alien_svc_after:\n"
	"	str r0, [r8]\n"
	"	str r7, [r8, #4]\n"
	"	pop {r4-r8, pc}\n"
	".popsection\n");
#else
/* ARM code (ARMv5: no Thumb-2, so no movw; the TLS and UTCB pointers are thread words):
 * the same functions and labels, the same registers. */
__asm__(".pushsection .text.test_memory_asm, \"ax\", %progbits\n"
	".syntax unified\n"
	".arm\n"
	".balign 4\n"

	".global mem_load\n"
	".type mem_load, %function\n"
	"mem_load:\n"
	"	mov r3, #0\n"
	".global mem_load_insn\n"
	"mem_load_insn:\n"
	"	ldr r0, [r0]\n"
	"	str r3, [r1]\n"
	"	bx lr\n"

	".global mem_store\n"
	".type mem_store, %function\n"
	"mem_store:\n"
	"	mov r3, #0\n"
	".global mem_store_insn\n"
	"mem_store_insn:\n"
	"	str r1, [r0]\n"
	"	str r3, [r2]\n"
	"	bx lr\n"

	".global mem_exec\n"
	".type mem_exec, %function\n"
	"mem_exec:\n"
	"	push {r1, lr}\n"
	"	mov r3, #0\n"
	"	blx r0\n"
	"	pop {r1, r2}\n"
	"	str r3, [r1]\n"
	"	bx r2\n"

	".global mem_ldm\n"
	".type mem_ldm, %function\n"
	"mem_ldm:\n"
	"	push {r4, lr}\n"
	"	mov r3, #0\n"
	".global mem_ldm_insn\n"
	"mem_ldm_insn:\n"
	"	ldmia r0!, {r2, r4}\n"
	"	str r3, [r1]\n"
	"	pop {r4, pc}\n"

	".global bkpt_fn\n"
	".type bkpt_fn, %function\n"
	"bkpt_fn:\n"
	"	mov r3, #0\n"
	".global bkpt_insn\n"
	"bkpt_insn:\n"
	"	bkpt #0\n"
	"	str r3, [r0]\n"
	"	bx lr\n"

	".global udf_fn\n"
	".type udf_fn, %function\n"
	"udf_fn:\n"
	".global udf_insn\n"
	"udf_insn:\n"
	"	udf #0\n"
	"	bx lr\n"

	".global bad_svc_fn\n"
	".type bad_svc_fn, %function\n"
	"bad_svc_fn:\n"
	"	push {r4, r5, r6, lr}\n"
	"	mov r5, #3\n"
	"	svc #0\n"
	".global bad_svc_after\n"
	"bad_svc_after:\n"
	"	pop {r4, r5, r6, pc}\n"

	".global exc_regs_fn\n"
	".type exc_regs_fn, %function\n"
	"exc_regs_fn:\n"
	"	push {r4-r11, lr}\n"
	"	mov r1, sp\n"
	"	str r1, [r0]\n"
	"	ldr r0, =0xa000\n"
	"	ldr r1, =0xa001\n"
	"	ldr r2, =0xa002\n"
	"	ldr r3, =0xa003\n"
	"	ldr r4, =0xa004\n"
	"	ldr r5, =0xa005\n"
	"	ldr r6, =0xa006\n"
	"	ldr r7, =0xa007\n"
	"	ldr r8, =0xa008\n"
	"	ldr r9, =0xa009\n"
	"	ldr r10, =0xa00a\n"
	"	ldr r11, =0xa00b\n"
	"	ldr r12, =0xa00c\n"
	"	ldr lr, =0xa00e\n"
	".global exc_regs_insn\n"
	"exc_regs_insn:\n"
	"	udf #0\n"
	"	pop {r4-r11, pc}\n"
	"	.ltorg\n"

	".global exc_load_fn\n"
	".type exc_load_fn, %function\n"
	"exc_load_fn:\n"
	"	push {r4-r11, lr}\n"
	"	ldr r0, =0xb000\n"
	"	ldr r1, =0xb001\n"
	"	ldr r2, =0xb002\n"
	"	ldr r3, =0xb003\n"
	"	ldr r4, =0xb004\n"
	"	ldr r5, =0xb005\n"
	"	ldr r6, =0xb006\n"
	"	ldr r7, =0xb007\n"
	"	ldr r8, =0xb008\n"
	"	ldr r9, =0xb009\n"
	"	ldr r10, =0xb00a\n"
	"	ldr r11, =0xb00b\n"
	"	ldr r12, =0xb00c\n"
	"	ldr lr, =0xb00e\n"
	".global exc_load_insn\n"
	"exc_load_insn:\n"
	"	udf #0\n"
	"	push {r12}\n"
	"	ldr r12, =exc_out\n"
	"	stmia r12!, {r0-r11}\n"
	"	pop {r0}\n"
	"	str r0, [r12]\n"
	"	str lr, [r12, #4]\n"
	"	pop {r4-r11, pc}\n"
	"	.ltorg\n"

	".global exc_cpsr_fn\n"
	".type exc_cpsr_fn, %function\n"
	"exc_cpsr_fn:\n"
	".global exc_cpsr_insn\n"
	"exc_cpsr_insn:\n"
	"	udf #0\n"
	"	mrs r0, cpsr\n"
	"	bx lr\n"

	".global exc_tls_fn\n"
	".type exc_tls_fn, %function\n"
	"exc_tls_fn:\n"
	"	mov r2, r0\n"
	".global exc_tls_insn\n"
	"exc_tls_insn:\n"
	"	udf #0\n"
	"	ldr r3, =0xffff1000\n" /* L4_ARMV5_THREAD_WORDS */
	"	ldr r0, [r3, #4]\n"    /* the TLS pointer (ARMv7: TPIDRURO) */
	"	ldr r1, [r3]\n"	       /* the UTCB pointer (ARMv7: TPIDRURW) */
	"	str r0, [r2]\n"
	"	str r1, [r2, #4]\n"
	"	bx lr\n"
	"	.ltorg\n"

	".global pf_regs_fn\n"
	".type pf_regs_fn, %function\n"
	"pf_regs_fn:\n"
	"	push {r4, r5, r6, lr}\n"
	"	mov r5, r0\n"
	"	mov r6, r1\n"
	"	ldr r0, =0x1111\n"
	"	ldr r4, =0x4444\n"
	".global pf_regs_insn\n"
	"pf_regs_insn:\n"
	"	ldr r2, [r5]\n"
	"	str r0, [r6]\n"
	"	str r4, [r6, #4]\n"
	"	str r2, [r6, #8]\n"
	"	pop {r4, r5, r6, pc}\n"
	"	.ltorg\n"

	".global alien_svc_fn\n"
	".type alien_svc_fn, %function\n"
	"alien_svc_fn:\n"
	"	push {r4-r8, lr}\n"
	"	mov r8, r0\n"
	"	mov r0, #0x10\n"
	"	mov r1, #0x11\n"
	"	mov r2, #0x12\n"
	"	mov r3, #0x13\n"
	"	mov r4, #0x14\n"
	"	mov r5, #0x15\n"
	"	mov r6, #0x16\n"
	"	mov r7, #0x17\n"
	"	svc #0\n"
	".global alien_svc_after\n"
	"alien_svc_after:\n"
	"	str r0, [r8]\n"
	"	str r7, [r8, #4]\n"
	"	pop {r4-r8, pc}\n"
	".popsection\n");
#endif

static l4_umword_t addr_of(const char *label)
{
	return (l4_umword_t)(uintptr_t)label;
}

/* ---- memory ---- */

static l4_addr_t ram_next, ram_end, va_next = VA_START;

/* The word the root task writes at the start of every page of fresh RAM. */
static l4_umword_t pat(l4_addr_t page)
{
	return (page >> 12) ^ 0x5a000000UL;
}

/* size bytes of fresh RAM, size-aligned, each page starting with pat(page); 0 if none. */
static l4_addr_t ram(unsigned long size)
{
	if (!ram_end)
		kt_spare_ram(&ram_next, &ram_end);
	l4_addr_t a = (ram_next + size - 1) & ~(size - 1);
	if (!a || a + size > ram_end)
		return 0;
	ram_next = a + size;
	for (l4_addr_t p = a; p < a + size; p += PG)
		*(volatile l4_umword_t *)p = pat(p);
	return a;
}

/* A fresh, size-aligned virtual range outside RAM; 0 if none. */
static l4_addr_t va(unsigned long size)
{
	l4_addr_t a = (va_next + size - 1) & ~(size - 1);
	if (a + size > VA_END)
		return 0;
	va_next = a + size;
	return a;
}

static volatile l4_umword_t *word(l4_addr_t a)
{
	return (volatile l4_umword_t *)a;
}

static long map_ctl(l4_cap_idx_t dst, l4_cap_idx_t src, l4_addr_t from, unsigned order,
		    unsigned rights, l4_addr_t to, unsigned grant)
{
	return l4_error(l4_task_map(dst, src, l4_fpage(from, order, (unsigned char)rights),
				    l4_map_control(to, 0, grant)));
}

static long map(l4_cap_idx_t dst, l4_cap_idx_t src, l4_addr_t from, unsigned order, unsigned rights,
		l4_addr_t to)
{
	return map_ctl(dst, src, from, order, rights, to, 0);
}

static long grant(l4_cap_idx_t dst, l4_cap_idx_t src, l4_addr_t from, unsigned order,
		  unsigned rights, l4_addr_t to)
{
	return map_ctl(dst, src, from, order, rights, to, L4_MAP_ITEM_GRANT);
}

static long unmap(l4_cap_idx_t task, l4_addr_t a, unsigned order, unsigned rights, l4_umword_t mask)
{
	return l4_error(l4_task_unmap(task, l4_fpage(a, order, (unsigned char)rights), mask));
}

/* CPU time a thread has consumed (us), or ~0 on error. */
static uint64_t cpu_us(l4_cap_idx_t th)
{
	l4_kernel_clock_t us = 0;
	if (l4_error(l4_thread_stats_time(th, &us)))
		return ~(uint64_t)0;
	return us;
}

/*
 * A thread that stopped uses no CPU time at all: true once the thread's CPU time did
 * not change over one whole sleep of the main thread (in which a thread that went on
 * faulting or retrying would have run), tried for up to 50 sleeps. Not judged by an
 * upper bound on its CPU time: a host that stops QEMU charges the lost time to
 * whichever thread is running, a thread about to fault as well.
 */
static int stays_stopped(l4_cap_idx_t th)
{
	uint64_t before = cpu_us(th);
	for (int i = 0; i < 50; i++) {
		kt_sleep_us(5000);
		uint64_t now = cpu_us(th);
		if (now == before)
			return 1;
		before = now;
	}
	return 0;
}

/* ---- the fault server: pager and exception handler ---- */

#define LOG_N 8

enum pf_mode {
	PF_MAP,		/* map the page at fault page + pf_delta of the root task */
	PF_NEG,		/* refuse: reply with a negative label */
	PF_EMPTY_FIRST, /* first reply without a mapping, then PF_MAP */
	PF_HOLD,	/* never reply */
	PF_WAIT,	/* wait until release is set, then PF_MAP */
	PF_BAD_ITEM,	/* reply with a map item of an invalid order */
	PF_LONG,	/* PF_MAP, the item after 61 words of junk */
};

enum exc_mode {
	EXC_SKIP,  /* resume after the faulting access with r3 = 1 */
	EXC_NEG,   /* refuse: reply with a negative label */
	EXC_SHORT, /* reply without words */
	EXC_FN,	   /* on_exc decides */
};

struct fsrv {
	/* set by the test before the start */
	int pf_mode;
	long pf_delta;
	unsigned pf_rights; /* 0: read-only for read faults, read-write for write faults */
	unsigned pf_order;  /* of the flexpage mapped (0: a page), around the fault */
	int exc_mode;
	l4_msgtag_t (*on_exc)(struct fsrv *s, l4_umword_t *mr); /* edits mr, gives the reply */
	/* results */
	volatile int release;
	volatile int ready;
	volatile int pf_count, exc_count, other_count, errors;
	volatile l4_umword_t label; /* receive label of the last message */
	volatile l4_umword_t pf[LOG_N], pf_pc[LOG_N];
	volatile l4_umword_t exc[EXC_WORDS]; /* the first exception message */
	volatile l4_umword_t exc_pc[LOG_N], exc_pfa[LOG_N];
	volatile long ext[2];
};

static struct fsrv fs, fs2;
static l4_cap_idx_t fs_cap, fs2_cap;

/* Resume after the access that faulted, with r3 = 1 (mem_load/store/exec's flag). */
static void skip(l4_umword_t *mr)
{
	unsigned cls = exc_class(mr[MR_ERR]);
	if (cls == EXC_PABT && mr[MR_PFA] == mr[MR_PC])
		mr[MR_PC] = mr[MR_LR] & ~1UL; /* a call to a bad address: back to the caller */
	else if (cls != EXC_SVC)
		mr[MR_PC] = next_insn(mr);
	mr[MR_R(3)] = 1;
}

static l4_msgtag_t page_fault(struct fsrv *s, l4_umword_t *mr)
{
	int n = s->pf_count;
	l4_umword_t pfa = mr[0];
	if (n < LOG_N) {
		s->pf[n] = pfa;
		s->pf_pc[n] = mr[1];
	}
	s->pf_count = n + 1;
	if (s->pf_mode == PF_NEG)
		return l4_msgtag(-1, 0, 0, 0);
	if (s->pf_mode == PF_HOLD)
		for (;;)
			l4_ipc_sleep(L4_IPC_NEVER);
	if (s->pf_mode == PF_EMPTY_FIRST && n == 0)
		return l4_msgtag(0, 0, 0, 0);
	while (s->pf_mode == PF_WAIT && !s->release)
		kt_sleep_us(1000);
	unsigned rights = s->pf_rights ? s->pf_rights : (pfa & 2) ? L4_FPAGE_RW : L4_FPAGE_RO;
	unsigned junk = s->pf_mode == PF_LONG ? L4_UTCB_GENERIC_DATA_SIZE - 2 : 0;
	for (unsigned i = 0; i < junk; i++)
		mr[i] = 0xbad00000UL + i;
	unsigned order = s->pf_order ? s->pf_order : L4_PAGESHIFT;
	l4_addr_t base = pfa & ~((1UL << order) - 1);
	mr[junk] = l4_map_control(base, 0, 0);
	mr[junk + 1] =
	    l4_fpage(base + (l4_addr_t)s->pf_delta,
		     s->pf_mode == PF_BAD_ITEM ? L4_PAGESHIFT - 1 : order, (unsigned char)rights)
		.raw;
	return l4_msgtag(0, junk, 1, 0);
}

static l4_msgtag_t exception(struct fsrv *s, l4_umword_t *mr)
{
	int n = s->exc_count;
	if (n == 0)
		for (unsigned i = 0; i < EXC_WORDS; i++)
			s->exc[i] = mr[i];
	if (n < LOG_N) {
		s->exc_pc[n] = mr[MR_PC];
		s->exc_pfa[n] = mr[MR_PFA];
	}
	s->exc_count = n + 1;
	switch (s->exc_mode) {
	case EXC_NEG:
		return l4_msgtag(-1, 0, 0, 0);
	case EXC_SHORT:
		return l4_msgtag(0, 0, 0, 0);
	case EXC_FN:
		return s->on_exc(s, mr);
	default:
		skip(mr);
		return l4_msgtag(0, EXC_WORDS, 0, 0);
	}
}

static void fsrv_fn(void *arg)
{
	struct fsrv *s = arg;
	l4_umword_t label = 0;
	s->ready = 1;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_umword_t *mr = l4_utcb_mr()->mr;
		l4_msgtag_t reply;
		if (l4_ipc_error(tag, l4_utcb())) {
			s->errors++;
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		s->label = label;
		if (l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT && l4_msgtag_words(tag) == 2) {
			reply = page_fault(s, mr);
		} else if (l4_msgtag_label(tag) == L4_PROTO_EXCEPTION &&
			   l4_msgtag_words(tag) == EXC_WORDS) {
			reply = exception(s, mr);
		} else {
			s->other_count++;
			reply = l4_msgtag(-1, 0, 0, 0);
		}
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

static void fsrv_init(struct fsrv *s)
{
	memset((void *)s, 0, sizeof(*s));
}

static int fsrv_start(struct fsrv *s, l4_cap_idx_t *cap)
{
	int err = kt_thread_start(cap, fsrv_fn, s, SRV_PRIO);
	if (!err && !kt_wait_ge(&s->ready, 1, KT_SAFETY_US))
		err = -L4_EAGAIN;
	return err;
}

/* ---- threads with pagers and exception handlers ---- */

/* A root capability in a fresh slot of task (the same slot in the root task). */
static l4_cap_idx_t import(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	if (l4_is_invalid_cap(cap) || l4_capability_equal(task, TASK))
		return cap;
	l4_cap_idx_t slot = kt_cap_alloc();
	if (kt_map(task, TASK, cap, slot, L4_CAP_FPAGE_RWS) != 0)
		return L4_INVALID_CAP;
	return slot;
}

/* Start fn(arg) in task at prio, with a pager and an exception handler (root caps, made
 * available in task; L4_INVALID_CAP: none), alien or not. */
static int spawn(l4_cap_idx_t *cap, l4_cap_idx_t task, void (*fn)(void *), void *arg, unsigned prio,
		 l4_cap_idx_t pager, l4_cap_idx_t exc, int alien)
{
	l4_cap_idx_t p = import(task, pager), e = import(task, exc);
	int err = kt_thread_create(cap, task, fn, arg);
	if (err)
		return err;
	l4_thread_control_start();
	if (l4_is_valid_cap(pager))
		l4_thread_control_pager(p);
	if (l4_is_valid_cap(exc))
		l4_thread_control_exc_handler(e);
	if (alien)
		l4_thread_control_alien(1);
	err = (int)l4_error(l4_thread_control_commit(*cap));
	if (err)
		return err;
	return (int)kt_thread_run(*cap, prio);
}

/* ---- probers ---- */

enum { OP_READ = 1, OP_WRITE, OP_EXEC };

/* Loop: request mr0 op, mr1 address, mr2 value; reply mr0 faulted, mr1 value. */
static void prober_fn(void *arg)
{
	(void)arg;
	l4_umword_t label = 0;
	l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msg_regs_t *mr = l4_utcb_mr();
		l4_umword_t op = mr->mr[0], addr = mr->mr[1], val = mr->mr[2];
		volatile uint32_t faulted = 0;
		if (op == OP_READ)
			val = mem_load(addr, &faulted);
		else if (op == OP_WRITE)
			mem_store(addr, (uint32_t)val, &faulted);
		else if (op == OP_EXEC)
			val = mem_exec(addr, &faulted);
		mr->mr[0] = faulted;
		mr->mr[1] = val;
		l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 2, 0, 0), &label, L4_IPC_NEVER);
	}
}

/* A task (or the root task) with a prober. */
struct space {
	l4_cap_idx_t task, pr;
};

static int space_in(struct space *s, l4_cap_idx_t task, l4_cap_idx_t pager, l4_cap_idx_t exc)
{
	s->task = task;
	return spawn(&s->pr, task, prober_fn, NULL, WORKER_PRIO, pager, exc, 0);
}

static int space_new(struct space *s, l4_cap_idx_t exc)
{
	l4_cap_idx_t task;
	int err = kt_task_create(&task);
	return err ? err : space_in(s, task, L4_INVALID_CAP, exc);
}

static l4_umword_t probe(l4_cap_idx_t pr, unsigned op, l4_addr_t addr, l4_umword_t val)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = op;
	mr->mr[1] = addr;
	mr->mr[2] = val;
	l4_msgtag_t tag = l4_ipc_call(pr, l4_utcb(), l4_msgtag(0, 3, 0, 0), kt_safety_timeout());
	if (l4_ipc_error(tag, l4_utcb()) || l4_msgtag_words(tag) != 2)
		return BROKEN;
	return mr->mr[0] ? FAULT : mr->mr[1];
}

/* The word at a in the prober's task, or FAULT. */
static l4_umword_t rd(const struct space *s, l4_addr_t a)
{
	return probe(s->pr, OP_READ, a, 0);
}

/* Store v at a in the prober's task: v, or FAULT. */
static l4_umword_t wr(const struct space *s, l4_addr_t a, l4_umword_t v)
{
	return probe(s->pr, OP_WRITE, a, v);
}

/* Call the code at a (Thumb on ARMv7, ARM on ARMv5) in the prober's task: its r0, or
 * FAULT. */
static l4_umword_t ex(const struct space *s, l4_addr_t a)
{
	return probe(s->pr, OP_EXEC, a | CODE_ADDR_BIT, 0);
}

/* Put the code that returns 42 at a (CODE_RET42 is its first word). */
static void put_ret42(l4_addr_t a)
{
	*(volatile l4_umword_t *)a = CODE_RET42;
#ifdef CODE_RET42_NEXT
	*(volatile l4_umword_t *)(a + 4) = CODE_RET42_NEXT;
#endif
}

/* The fault server fs (skipping faulting accesses) and n child tasks with probers. */
static int setup(struct space *sp, unsigned n)
{
	fsrv_init(&fs);
	int err = fsrv_start(&fs, &fs_cap);
	for (unsigned i = 0; i < n && !err; i++)
		err = space_new(&sp[i], fs_cap);
	return err;
}

/* ---- mapping ---- */

KTEST(map_page_shares_memory)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(rd(&c, v), FAULT);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_DABT);
	KT_EQ(fs.exc[MR_PFA], v);
	KT_ASSERT(is_translation_fault(fs.exc[MR_ERR]));
	KT_EQ(map(c.task, TASK, p, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&c, v), pat(p));
	KT_EQ(wr(&c, v + 8, 0x600d), 0x600d);
	KT_EQ(*word(p + 8), 0x600d);
	*word(p + 0xffc) = 0x1234;
	KT_EQ(rd(&c, v + 0xffc), 0x1234);
	KT_EQ(fs.exc_count, 1);
}

KTEST(map_read_only_write_faults)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	*word(p + 4) = 0x55;
	KT_EQ(map(c.task, TASK, p, 12, L4_FPAGE_RO, v), 0);
	KT_EQ(rd(&c, v + 4), 0x55);
	KT_EQ(wr(&c, v + 4, 0x77), FAULT);
	KT_EQ(*word(p + 4), 0x55);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_DABT);
	KT_EQ(fs.exc[MR_PFA], v + 4);
	KT_ASSERT(is_permission_fault(fs.exc[MR_ERR]));
	/* WnR: a write (ARMv5's FSR has no such bit: the kernel sets it from the
	 * decoded instruction, as on ARMv7) */
	KT_ASSERT(fs.exc[MR_ERR] & (1UL << 11));
	KT_EQ(fs.exc[MR_PC], addr_of(mem_store_insn));
}

/* The rights are the source's AND the flexpage's. */
KTEST(map_rights_are_source_and_fpage_rights)
{
	KT_SCOPE();
	struct space s[3];
	KT_EQ(setup(s, 3), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RO, v), 0);
	KT_EQ(map(s[1].task, s[0].task, v, 12, L4_FPAGE_RWX, v), 0);
	KT_EQ(rd(&s[1], v), pat(p));
	KT_EQ(wr(&s[1], v, 1), FAULT);
	KT_EQ(map(s[2].task, TASK, p, 12, L4_FPAGE_RWX, v), 0);
	KT_EQ(wr(&s[2], v + 4, 2), 2);
	KT_EQ(*word(p + 4), 2);
	/* W alone implies R. */
	l4_addr_t v2 = va(PG);
	KT_EQ(map(s[2].task, TASK, p, 12, L4_FPAGE_W, v2), 0);
	KT_EQ(rd(&s[2], v2), pat(p));
	KT_EQ(wr(&s[2], v2 + 4, 3), 3);
	KT_EQ(*word(p + 4), 3);
}

/* Left out on ARMv5, which has no execute-never: every readable user page is
 * executable there, so a page without the execute right cannot make a fetch fault. */
#if __ARM_ARCH >= 7
KTEST(map_execute_right)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), vx = va(PG), vr = va(PG);
	KT_ASSERT(p && vx && vr);
	put_ret42(p);
	KT_EQ(map(c.task, TASK, p, 12, L4_FPAGE_RX, vx), 0);
	KT_EQ(map(c.task, TASK, p, 12, L4_FPAGE_RO, vr), 0);
	KT_EQ(ex(&c, vx), 42);
	KT_EQ(fs.exc_count, 0);
	KT_EQ(rd(&c, vr), CODE_RET42);
	KT_EQ(ex(&c, vr), FAULT);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_PABT);
	KT_EQ(fs.exc[MR_PFA], vr);
	KT_EQ(fs.exc[MR_PC], vr);
	KT_ASSERT(is_permission_fault(fs.exc[MR_ERR]));
	/* Nothing there: a prefetch abort, translation fault. */
	l4_addr_t vn = va(PG);
	KT_EQ(ex(&c, vn + 0x10), FAULT);
	KT_EQ(fs.exc_count, 2);
	KT_EQ(fs.exc_pfa[1], vn + 0x10);
	KT_EQ(fs.exc_pc[1], vn + 0x10);
	/* X alone implies R. */
	l4_addr_t v2 = va(PG);
	KT_EQ(map(c.task, TASK, p, 12, L4_FPAGE_X, v2), 0);
	KT_EQ(ex(&c, v2), 42);
	KT_EQ(rd(&c, v2), CODE_RET42);
	KT_EQ(wr(&c, v2, 0), FAULT);
}
#endif

KTEST(map_64k_flexpage)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(K64), v = va(2 * K64);
	KT_ASSERT(p && v);
	KT_EQ(map(c.task, TASK, p, 16, L4_FPAGE_RW, v), 0);
	for (unsigned i = 0; i < 16; i++)
		KT_EQ(rd(&c, v + i * PG), pat(p + i * PG));
	KT_EQ(rd(&c, v + K64), FAULT);
	KT_EQ(wr(&c, v + 15 * PG + 4, 0x1515), 0x1515);
	KT_EQ(*word(p + 15 * PG + 4), 0x1515);
}

KTEST(map_1mb_flexpage)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(MB), v = va(2 * MB);
	KT_ASSERT(p && v);
	KT_EQ(map(c.task, TASK, p, 20, L4_FPAGE_RW, v), 0);
	static const unsigned pages[] = {0, 1, 17, 128, 254, 255};
	for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		KT_EQ(rd(&c, v + pages[i] * PG), pat(p + pages[i] * PG));
	KT_EQ(rd(&c, v + MB), FAULT);
	KT_EQ(wr(&c, v + 200 * PG, 0x200), 0x200);
	KT_EQ(*word(p + 200 * PG), 0x200);
}

/* Source address and destination are aligned down to the flexpage's size. */
KTEST(map_addresses_aligned_down)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(K64), v = va(2 * K64);
	KT_ASSERT(p && v);
	KT_EQ(map(c.task, TASK, p + 5 * PG, 16, L4_FPAGE_RW, v + 3 * PG), 0);
	KT_EQ(rd(&c, v), pat(p));
	KT_EQ(rd(&c, v + 3 * PG), pat(p + 3 * PG));
	KT_EQ(rd(&c, v + 15 * PG), pat(p + 15 * PG));
	KT_EQ(rd(&c, v + K64), FAULT);
}

/* Pages the source lacks are skipped; a source without any maps nothing. */
KTEST(map_skips_pages_the_source_lacks)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(K64), vb = va(K64), vc = va(K64);
	KT_ASSERT(p && vb && vc);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(map(s[0].task, TASK, p + 5 * PG, 12, L4_FPAGE_RW, vb + 5 * PG), 0);
	KT_EQ(map(s[1].task, s[0].task, vb, 16, L4_FPAGE_RW, vc), 0);
	KT_EQ(rd(&s[1], vc), pat(p));
	KT_EQ(rd(&s[1], vc + 5 * PG), pat(p + 5 * PG));
	KT_EQ(rd(&s[1], vc + PG), FAULT);
	KT_EQ(rd(&s[1], vc + 15 * PG), FAULT);
	l4_addr_t vnone = va(PG), v2 = va(PG);
	KT_EQ(map(s[1].task, s[0].task, vnone, 12, L4_FPAGE_RW, v2), 0);
	KT_EQ(rd(&s[1], v2), FAULT);
}

/* Mapping over an existing mapping replaces it (and it no longer derives from the old
 * source). */
KTEST(map_over_existing_replaces)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p1 = ram(PG), p2 = ram(PG), v = va(PG);
	KT_ASSERT(p1 && p2 && v);
	KT_EQ(map(c.task, TASK, p1, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&c, v), pat(p1));
	KT_EQ(map(c.task, TASK, p2, 12, L4_FPAGE_RO, v), 0);
	KT_EQ(rd(&c, v), pat(p2));
	KT_EQ(wr(&c, v, 1), FAULT);
	KT_EQ(unmap(TASK, p1, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&c, v), pat(p2));
	KT_EQ(unmap(TASK, p2, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&c, v), FAULT);
}

/* The same page again with more rights (what a pager does after a write fault). */
KTEST(map_same_page_again_upgrades)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RO, v), 0);
	KT_EQ(wr(&s[0], v, 1), FAULT);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(wr(&s[0], v + 4, 0x44), 0x44);
	KT_EQ(*word(p + 4), 0x44);
	/* Still derived from the root's page: revocable, with what it gave on. */
	KT_EQ(map(s[1].task, s[0].task, v, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&s[1], v + 4), 0x44);
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&s[0], v), FAULT);
	KT_EQ(rd(&s[1], v), FAULT);
	KT_EQ(*word(p), pat(p));
}

/* Mapping onto the mapping the source's page derives from removes that page too, so
 * nothing is mapped. */
KTEST(map_onto_own_source_maps_nothing)
{
	KT_SCOPE();
	struct space s[2], r;
	KT_EQ(setup(s, 2), 0);
	KT_EQ(space_in(&r, TASK, L4_INVALID_CAP, fs_cap), 0);
	l4_addr_t p = ram(2 * PG), vb = va(PG), vc = va(PG);
	KT_ASSERT(p && vb && vc);
	/* Root -> B -> C; C's page onto B's. */
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(map(s[1].task, s[0].task, vb, 12, L4_FPAGE_RW, vc), 0);
	KT_EQ(map(s[0].task, s[1].task, vc, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(rd(&s[0], vb), FAULT);
	KT_EQ(rd(&s[1], vc), FAULT);
	KT_EQ(*word(p), pat(p));
	/* B's page back onto the root's. */
	KT_EQ(map(s[0].task, TASK, p + PG, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(map(TASK, s[0].task, vb, 12, L4_FPAGE_RW, p + PG), 0);
	KT_EQ(rd(&s[0], vb), FAULT);
	KT_EQ(rd(&r, p + PG), FAULT);
	KT_EQ(rd(&r, p), pat(p));
}

static volatile l4_umword_t prog_page[PG / sizeof(l4_umword_t)] __attribute__((aligned(4096)));

/* The root task's program pages (kernel-allocated, owned by the root) are mappable. */
KTEST(map_program_page)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t v = va(PG), page = (l4_addr_t)prog_page;
	KT_ASSERT(v);
	prog_page[3] = 0xabcd;
	KT_EQ(map(c.task, TASK, page, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&c, v + 12), 0xabcd);
	KT_EQ(wr(&c, v + 16, 0x5151), 0x5151);
	KT_EQ(prog_page[4], 0x5151);
	KT_EQ(unmap(TASK, page, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&c, v + 12), FAULT);
	KT_EQ(prog_page[3], 0xabcd);
}

KTEST(map_and_unmap_invalid_flexpages)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(map(c.task, TASK, p, 11, L4_FPAGE_RW, v), -L4_EINVAL);
	KT_EQ(map(c.task, TASK, p, 0, L4_FPAGE_RW, v), -L4_EINVAL);
	KT_EQ(map(c.task, TASK, 0, 32, L4_FPAGE_RW, 0), -L4_EINVAL);
	KT_EQ(map(c.task, TASK, p, 12, L4_FPAGE_RW, 0xc0000000UL), -L4_EINVAL);
	KT_EQ(map(c.task, TASK, p, 12, L4_FPAGE_RW, 0xfffff000UL), -L4_EINVAL);
	KT_EQ(map(c.task, TASK, 0xc0000000UL, 12, L4_FPAGE_RW, v), -L4_EINVAL);
	KT_EQ(map(c.task, TASK, 0x80000000UL, 31, L4_FPAGE_RW, 0), -L4_EINVAL);
	KT_EQ(unmap(c.task, v, 11, L4_FPAGE_RWX, L4_FP_ALL_SPACES), -L4_EINVAL);
	KT_EQ(unmap(c.task, 0xc0000000UL, 12, L4_FPAGE_RWX, L4_FP_ALL_SPACES), -L4_EINVAL);
	KT_EQ(rd(&c, v), FAULT);
	/* Mapping needs W on the destination task's capability. */
	l4_cap_idx_t ro = kt_copy(c.task, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	KT_EQ(map(ro, TASK, p, 12, L4_FPAGE_RW, v), -L4_EPERM);
	KT_EQ(unmap(ro, v, 12, L4_FPAGE_RWX, L4_FP_ALL_SPACES), -L4_EPERM);
	KT_EQ(rd(&c, v), FAULT);
	KT_EQ(*word(p), pat(p));
}

/* ---- unmapping ---- */

/* Root -> B -> C: unmapping the root's page from the other spaces takes both. */
KTEST(unmap_other_spaces_is_recursive)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(PG), vb = va(PG), vc = va(PG);
	KT_ASSERT(p && vb && vc);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(map(s[1].task, s[0].task, vb, 12, L4_FPAGE_RW, vc), 0);
	KT_EQ(rd(&s[0], vb), pat(p));
	KT_EQ(rd(&s[1], vc), pat(p));
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&s[0], vb), FAULT);
	KT_EQ(rd(&s[1], vc), FAULT);
	KT_EQ(*word(p), pat(p));
	/* The root can hand it out again. */
	KT_EQ(map(s[1].task, TASK, p, 12, L4_FPAGE_RW, vc), 0);
	KT_EQ(rd(&s[1], vc), pat(p));
}

/* Root -> B -> C and root -> D: B revokes C; then B drops its own copy. */
KTEST(unmap_in_the_middle_of_a_chain)
{
	KT_SCOPE();
	struct space s[3];
	KT_EQ(setup(s, 3), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(map(s[1].task, s[0].task, v, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(map(s[2].task, TASK, p, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(unmap(s[0].task, v, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&s[0], v), pat(p));
	KT_EQ(rd(&s[1], v), FAULT);
	KT_EQ(rd(&s[2], v), pat(p));
	KT_EQ(map(s[1].task, s[0].task, v, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&s[1], v), pat(p));
	KT_EQ(unmap(s[0].task, v, 12, L4_FPAGE_RWX, L4_FP_ALL_SPACES), 0);
	KT_EQ(rd(&s[0], v), FAULT);
	KT_EQ(rd(&s[1], v), FAULT);
	KT_EQ(rd(&s[2], v), pat(p));
	KT_EQ(*word(p), pat(p));
}

/* Withdrawing only W leaves everything derived read-only. */
KTEST(unmap_write_right_makes_read_only)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(PG), vb = va(PG), vc = va(PG);
	KT_ASSERT(p && vb && vc);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(map(s[1].task, s[0].task, vb, 12, L4_FPAGE_RW, vc), 0);
	KT_EQ(wr(&s[1], vc + 4, 4), 4);
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_W, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&s[0], vb + 4), 4);
	KT_EQ(rd(&s[1], vc + 4), 4);
	KT_EQ(wr(&s[0], vb + 4, 5), FAULT);
	KT_EQ(wr(&s[1], vc + 4, 6), FAULT);
	KT_EQ(*word(p + 4), 4);
	/* The root still writes, and they still see its page. */
	*word(p + 8) = 0x88;
	KT_EQ(rd(&s[1], vc + 8), 0x88);
	/* In B's own copy too (ALL_SPACES). */
	l4_addr_t v2 = va(PG);
	KT_EQ(map(s[1].task, TASK, p, 12, L4_FPAGE_RW, v2), 0);
	KT_EQ(unmap(s[1].task, v2, 12, L4_FPAGE_W, L4_FP_ALL_SPACES), 0);
	KT_EQ(rd(&s[1], v2 + 8), 0x88);
	KT_EQ(wr(&s[1], v2 + 8, 9), FAULT);
}

/* Left out on ARMv5, which has no execute-never: every readable user page is
 * executable there, so a page without the execute right cannot make a fetch fault. */
#if __ARM_ARCH >= 7
KTEST(unmap_execute_right)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	put_ret42(p);
	KT_EQ(map(c.task, TASK, p, 12, L4_FPAGE_RWX, v), 0);
	KT_EQ(ex(&c, v), 42);
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_X, L4_FP_OTHER_SPACES), 0);
	KT_EQ(ex(&c, v), FAULT);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_PABT);
	KT_EQ(rd(&c, v), CODE_RET42);
	KT_EQ(wr(&c, v + 4, 7), 7);
}
#endif

KTEST(unmap_one_page_of_64k_mapping)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(K64), v = va(K64);
	KT_ASSERT(p && v);
	KT_EQ(map(c.task, TASK, p, 16, L4_FPAGE_RW, v), 0);
	KT_EQ(unmap(TASK, p + 3 * PG, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	for (unsigned i = 0; i < 16; i++)
		KT_EQ(rd(&c, v + i * PG), i == 3 ? FAULT : pat(p + i * PG));
}

KTEST(unmap_one_page_of_1mb_mapping)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(MB), v = va(MB);
	KT_ASSERT(p && v);
	KT_EQ(map(c.task, TASK, p, 20, L4_FPAGE_RW, v), 0);
	/* The task drops one page of its own. */
	KT_EQ(unmap(c.task, v + 100 * PG, 12, L4_FPAGE_RWX, L4_FP_ALL_SPACES), 0);
	KT_EQ(rd(&c, v + 100 * PG), FAULT);
	KT_EQ(rd(&c, v + 99 * PG), pat(p + 99 * PG));
	KT_EQ(rd(&c, v + 101 * PG), pat(p + 101 * PG));
	KT_EQ(rd(&c, v), pat(p));
	KT_EQ(rd(&c, v + 255 * PG), pat(p + 255 * PG));
	KT_EQ(*word(p + 100 * PG), pat(p + 100 * PG));
}

/* The root's own RAM (1 MiB sections) loses one page; the rest of the MiB stays. */
KTEST(unmap_root_page_inside_section)
{
	KT_SCOPE();
	struct space r;
	fsrv_init(&fs);
	KT_EQ(fsrv_start(&fs, &fs_cap), 0);
	KT_EQ(space_in(&r, TASK, L4_INVALID_CAP, fs_cap), 0);
	l4_addr_t p = ram(MB);
	KT_ASSERT(p);
	KT_EQ(rd(&r, p + PG), pat(p + PG));
	KT_EQ(unmap(TASK, p + PG, 12, L4_FPAGE_RWX, L4_FP_ALL_SPACES), 0);
	KT_EQ(rd(&r, p + PG), FAULT);
	KT_EQ(rd(&r, p), pat(p));
	KT_EQ(rd(&r, p + 2 * PG), pat(p + 2 * PG));
	KT_EQ(rd(&r, p + 255 * PG), pat(p + 255 * PG));
	KT_EQ(wr(&r, p + 2 * PG + 8, 0x42), 0x42);
	KT_EQ(*word(p + 2 * PG + 8), 0x42);
	KT_EQ(*word(p + 3 * PG), pat(p + 3 * PG));
}

/* ---- grant ---- */

KTEST(grant_moves_the_page)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(PG), vb = va(PG), vc = va(PG);
	KT_ASSERT(p && vb && vc);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(grant(s[1].task, s[0].task, vb, 12, L4_FPAGE_RW, vc), 0);
	KT_EQ(rd(&s[0], vb), FAULT);
	KT_EQ(rd(&s[1], vc), pat(p));
	KT_EQ(wr(&s[1], vc + 4, 0x66), 0x66);
	KT_EQ(*word(p + 4), 0x66);
	/* Still derived from the root's page. */
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&s[1], vc), FAULT);
}

/* Root -> B -> D; B grants to C: D stays, now derived from C's page. */
KTEST(grant_keeps_derived_mappings)
{
	KT_SCOPE();
	struct space s[3];
	KT_EQ(setup(s, 3), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(map(s[2].task, s[0].task, v, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(grant(s[1].task, s[0].task, v, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&s[0], v), FAULT);
	KT_EQ(rd(&s[1], v), pat(p));
	KT_EQ(rd(&s[2], v), pat(p));
	KT_EQ(unmap(s[1].task, v, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&s[1], v), pat(p));
	KT_EQ(rd(&s[2], v), FAULT);
}

/* A grant with fewer rights: the receiver gets fewer, what was derived keeps its own. */
KTEST(grant_with_fewer_rights)
{
	KT_SCOPE();
	struct space s[3];
	KT_EQ(setup(s, 3), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(map(s[2].task, s[0].task, v, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(grant(s[1].task, s[0].task, v, 12, L4_FPAGE_RO, v), 0);
	KT_EQ(rd(&s[0], v), FAULT);
	KT_EQ(rd(&s[1], v), pat(p));
	KT_EQ(wr(&s[1], v + 4, 1), FAULT);
	KT_EQ(wr(&s[2], v + 4, 2), 2);
	KT_EQ(*word(p + 4), 2);
}

KTEST(grant_from_root_task)
{
	KT_SCOPE();
	struct space c, r;
	KT_EQ(setup(&c, 1), 0);
	KT_EQ(space_in(&r, TASK, L4_INVALID_CAP, fs_cap), 0);
	l4_addr_t p = ram(2 * PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(grant(c.task, TASK, p, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&c, v), pat(p));
	KT_EQ(rd(&r, p), FAULT);
	KT_EQ(rd(&r, p + PG), pat(p + PG));
}

/* ---- task deletion ---- */

/* Root -> B -> C; deleting B takes C's page too; the root keeps its own. */
KTEST(delete_task_removes_derived_mappings)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(PG), vb = va(PG), vc = va(PG);
	KT_ASSERT(p && vb && vc);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(map(s[1].task, s[0].task, vb, 12, L4_FPAGE_RW, vc), 0);
	KT_EQ(rd(&s[1], vc), pat(p));
	KT_EQ(l4_error(l4_task_delete_obj(TASK, s[0].task)), 0);
	KT_EQ(rd(&s[1], vc), FAULT);
	KT_EQ(*word(p), pat(p));
	KT_EQ(map(s[1].task, TASK, p, 12, L4_FPAGE_RW, vc), 0);
	KT_EQ(rd(&s[1], vc), pat(p));
	/* Deleting the leaf leaves the root's page alone, too. */
	KT_EQ(l4_error(l4_task_delete_obj(TASK, s[1].task)), 0);
	*word(p + 4) = 0x4444;
	KT_EQ(*word(p + 4), 0x4444);
}

/* Pages at the ends of tables and 32 MiB regions, far apart, some MiBs with a page
 * each (more tables than one bounded look reads): walks skip what maps nothing and
 * stop and go on, and must still find every page. */
static const l4_addr_t spread[] = {
    0x0,       0x1000,	  0xff000,   0x1ff000,	0x1fff000, 0x2000000, 0x20ff000, 0x22ff000,
    0x24ff000, 0x26ff000, 0x28ff000, 0x2aff000, 0x3fff000, 0x5007000, 0x7fff000,
};
#define SPREAD_N     (sizeof(spread) / sizeof(spread[0]))
#define SPREAD_ORDER 27 /* the 128 MiB they are in */

/* s[0] gets a fresh page at each offset from @base, s[1] it from s[0]. */
static int map_spread(struct space *s, l4_addr_t base, l4_addr_t *pages)
{
	for (unsigned i = 0; i < SPREAD_N; i++) {
		pages[i] = ram(PG);
		if (!pages[i] ||
		    map(s[0].task, TASK, pages[i], 12, L4_FPAGE_RW, base + spread[i]) ||
		    map(s[1].task, s[0].task, base + spread[i], 12, L4_FPAGE_RW,
			base + spread[i]) ||
		    rd(&s[1], base + spread[i]) != pat(pages[i]))
			return -1;
	}
	return 0;
}

/* How many of the spread pages the space still reads. */
static unsigned spread_left(const struct space *s, l4_addr_t base)
{
	unsigned n = 0;
	for (unsigned i = 0; i < SPREAD_N; i++)
		n += rd(s, base + spread[i]) != FAULT;
	return n;
}

KTEST(unmap_range_finds_pages_far_apart)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t base = va(1UL << SPREAD_ORDER), pages[SPREAD_N];
	KT_ASSERT(base);
	KT_EQ(map_spread(s, base, pages), 0);
	KT_EQ(spread_left(&s[0], base), SPREAD_N);
	KT_EQ(unmap(s[0].task, base, SPREAD_ORDER, L4_FPAGE_RWX, L4_FP_ALL_SPACES), 0);
	KT_EQ(spread_left(&s[0], base), 0);
	KT_EQ(spread_left(&s[1], base), 0);
	/* The range can be mapped again, and unmapped from the root down. */
	KT_EQ(map_spread(s, base, pages), 0);
	for (unsigned i = 0; i < SPREAD_N; i++)
		KT_EQ(unmap(TASK, pages[i], 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(spread_left(&s[1], base), 0);
	KT_EQ(spread_left(&s[0], base), 0);
}

KTEST(delete_task_finds_pages_far_apart)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t base = va(1UL << SPREAD_ORDER), pages[SPREAD_N];
	KT_ASSERT(base);
	KT_EQ(map_spread(s, base, pages), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, s[0].task)), 0);
	KT_EQ(spread_left(&s[1], base), 0);
	for (unsigned i = 0; i < SPREAD_N; i++)
		KT_EQ(*word(pages[i]), pat(pages[i]));
}

/* A factory that can pay for a task but not for its first-level page table: the
 * half-made task is deleted again, and the factory's quota is whole. */
KTEST(create_task_without_memory_for_its_page_table)
{
	KT_SCOPE();
	l4_cap_idx_t f, t = kt_cap_alloc();
	KT_EQ(kt_factory_create(&f, 8 * 1024), 0);
	long stop;
	unsigned before = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	l4_fpage_t utcb = l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW);
	KT_EQ(l4_error(l4_factory_create_task(f, t, utcb)), -L4_ENOMEM);
	KT_EQ(kt_valid(TASK, t), 0);
	KT_EQ(kt_count_creatable(f, KT_OBJ_THREAD, &stop), before);
}

/* ---- large pages and sections ---- */

/*
 * A naturally aligned 64 KiB or 1 MiB block whose frames are aligned alike, with one
 * set of rights, is mapped with one large page or section; changing part of it splits
 * it. The tests check what a task sees, before and after a split (a first access puts
 * the large entry into the TLB).
 */

#define ALL_PAGES (~0u)

/* The number of the n pages at v in s that do not read pat(p + i * PG); page `other`
 * must read other_val instead (FAULT: it must fault). */
static unsigned bad_pages(const struct space *s, l4_addr_t v, l4_addr_t p, unsigned n,
			  unsigned other, l4_umword_t other_val)
{
	unsigned bad = 0;
	for (unsigned i = 0; i < n; i++)
		bad += rd(s, v + i * PG) != (i == other ? other_val : pat(p + i * PG));
	return bad;
}

/* Store a word into each of the n pages at v in s; the number that did not arrive in
 * the root's frames from p. */
static unsigned bad_writes(const struct space *s, l4_addr_t v, l4_addr_t p, unsigned n)
{
	unsigned bad = 0;
	for (unsigned i = 0; i < n; i++) {
		l4_umword_t val = 0x77000000UL | (v >> 12) | i;
		bad += wr(s, v + i * PG + 8, val) != val || *word(p + i * PG + 8) != val;
	}
	return bad;
}

KTEST(large_page_and_section_every_page)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p64 = ram(K64), p1m = ram(MB), v64 = va(K64), v1m = va(MB);
	KT_ASSERT(p64 && p1m && v64 && v1m);
	KT_EQ(map(c.task, TASK, p64, 16, L4_FPAGE_RW, v64), 0);
	KT_EQ(map(c.task, TASK, p1m, 20, L4_FPAGE_RW, v1m), 0);
	KT_EQ(bad_pages(&c, v64, p64, 16, ALL_PAGES, 0), 0);
	KT_EQ(bad_writes(&c, v64, p64, 16), 0);
	KT_EQ(bad_pages(&c, v1m, p1m, 256, ALL_PAGES, 0), 0);
	KT_EQ(bad_writes(&c, v1m, p1m, 256), 0);
	KT_EQ(fs.exc_count, 0);
}

/* Frames that follow each other but are not 64 KiB aligned, or one page with other
 * rights, keep 4 KiB pages: every page still shows its own frame and rights. */
KTEST(large_page_needs_aligned_frames_and_equal_rights)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(2 * K64), va1 = va(K64), va2 = va(K64), vb1 = va(K64), vb2 = va(K64);
	KT_ASSERT(p && va1 && va2 && vb1 && vb2);
	for (unsigned i = 0; i < 16; i++) {
		unsigned rights = i == 5 ? L4_FPAGE_RO : L4_FPAGE_RW;
		KT_EQ(map(s[0].task, TASK, p + (i + 1) * PG, 12, L4_FPAGE_RW, va1 + i * PG), 0);
		KT_EQ(map(s[0].task, TASK, p + i * PG, 12, rights, va2 + i * PG), 0);
	}
	KT_EQ(map(s[1].task, s[0].task, va1, 16, L4_FPAGE_RW, vb1), 0);
	KT_EQ(map(s[1].task, s[0].task, va2, 16, L4_FPAGE_RW, vb2), 0);
	KT_EQ(bad_pages(&s[1], vb1, p + PG, 16, ALL_PAGES, 0), 0);
	KT_EQ(bad_pages(&s[1], vb2, p, 16, ALL_PAGES, 0), 0);
	KT_EQ(wr(&s[1], vb2 + 5 * PG + 8, 1), FAULT);
	KT_EQ(bad_writes(&s[1], vb2 + 4 * PG, p + 4 * PG, 1), 0);
	KT_EQ(bad_writes(&s[1], vb2 + 6 * PG, p + 6 * PG, 1), 0);
	KT_EQ(fs.exc_count, 1);
}

/* One page in the middle of a 64 KiB and of a 1 MiB mapping is unmapped: it faults,
 * every other page stays; mapping the block again brings it back. */
KTEST(large_page_and_section_lose_one_page)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p64 = ram(K64), p1m = ram(MB), v64 = va(K64), v1m = va(MB);
	KT_ASSERT(p64 && p1m && v64 && v1m);
	KT_EQ(map(c.task, TASK, p64, 16, L4_FPAGE_RW, v64), 0);
	KT_EQ(map(c.task, TASK, p1m, 20, L4_FPAGE_RW, v1m), 0);
	KT_EQ(rd(&c, v64 + 7 * PG), pat(p64 + 7 * PG));
	KT_EQ(rd(&c, v1m + 130 * PG), pat(p1m + 130 * PG));
	KT_EQ(unmap(TASK, p64 + 7 * PG, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(unmap(c.task, v1m + 130 * PG, 12, L4_FPAGE_RWX, L4_FP_ALL_SPACES), 0);
	KT_EQ(bad_pages(&c, v64, p64, 16, 7, FAULT), 0);
	KT_EQ(bad_pages(&c, v1m, p1m, 256, 130, FAULT), 0);
	KT_EQ(fs.exc_count, 2);
	KT_EQ(fs.exc_pfa[0], v64 + 7 * PG);
	KT_EQ(fs.exc_pfa[1], v1m + 130 * PG);
	KT_ASSERT(is_translation_fault(fs.exc[MR_ERR]));
	KT_EQ(bad_writes(&c, v64 + 8 * PG, p64 + 8 * PG, 8), 0);
	KT_EQ(bad_writes(&c, v1m + 131 * PG, p1m + 131 * PG, 125), 0);
	KT_EQ(map(c.task, TASK, p64, 16, L4_FPAGE_RW, v64), 0);
	KT_EQ(rd(&c, v64 + 7 * PG), pat(p64 + 7 * PG));
	KT_EQ(fs.exc_count, 2);
}

/* W withdrawn from one page of a 1 MiB mapping: that page is read-only, every other
 * page stays writable. */
KTEST(section_loses_write_right_on_one_page)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(MB), v = va(MB);
	KT_ASSERT(p && v);
	KT_EQ(map(c.task, TASK, p, 20, L4_FPAGE_RW, v), 0);
	KT_EQ(wr(&c, v + 77 * PG + 8, 0x77), 0x77);
	KT_EQ(unmap(TASK, p + 77 * PG, 12, L4_FPAGE_W, L4_FP_OTHER_SPACES), 0);
	KT_EQ(wr(&c, v + 77 * PG + 8, 0x78), FAULT);
	KT_EQ(fs.exc_count, 1);
	KT_ASSERT(is_permission_fault(fs.exc[MR_ERR]));
	KT_EQ(*word(p + 77 * PG + 8), 0x77);
	KT_EQ(bad_pages(&c, v, p, 256, ALL_PAGES, 0), 0);
	KT_EQ(bad_writes(&c, v, p, 77), 0);
	KT_EQ(bad_writes(&c, v + 78 * PG, p + 78 * PG, 256 - 78), 0);
	KT_EQ(fs.exc_count, 1);
}

/* Left out on ARMv5, which has no execute-never: every readable user page is
 * executable there, so a page without the execute right cannot make a fetch fault. */
#if __ARM_ARCH >= 7
/* X withdrawn from one page of a 64 KiB mapping: only that page stops executing. */
KTEST(large_page_loses_execute_right_on_one_page)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(K64), v = va(K64);
	KT_ASSERT(p && v);
	put_ret42(p + 3 * PG);
	put_ret42(p + 4 * PG);
	KT_EQ(map(c.task, TASK, p, 16, L4_FPAGE_RWX, v), 0);
	KT_EQ(ex(&c, v + 3 * PG), 42);
	KT_EQ(unmap(TASK, p + 3 * PG, 12, L4_FPAGE_X, L4_FP_OTHER_SPACES), 0);
	KT_EQ(ex(&c, v + 3 * PG), FAULT);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_PABT);
	KT_EQ(ex(&c, v + 4 * PG), 42);
	KT_EQ(rd(&c, v + 3 * PG), CODE_RET42);
	KT_EQ(bad_writes(&c, v, p, 16), 0);
	KT_EQ(fs.exc_count, 1);
}
#endif

/* A page mapped over one page of a 64 KiB and of a 1 MiB mapping replaces just that
 * page; it stays when the blocks are unmapped. */
KTEST(map_over_one_page_of_large_page_and_section)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p64 = ram(K64), p1m = ram(MB), q = ram(2 * PG), v64 = va(K64), v1m = va(MB);
	KT_ASSERT(p64 && p1m && q && v64 && v1m);
	KT_EQ(map(c.task, TASK, p64, 16, L4_FPAGE_RW, v64), 0);
	KT_EQ(map(c.task, TASK, p1m, 20, L4_FPAGE_RW, v1m), 0);
	KT_EQ(rd(&c, v64 + 9 * PG), pat(p64 + 9 * PG));
	KT_EQ(rd(&c, v1m + 200 * PG), pat(p1m + 200 * PG));
	KT_EQ(map(c.task, TASK, q, 12, L4_FPAGE_RO, v64 + 9 * PG), 0);
	KT_EQ(map(c.task, TASK, q + PG, 12, L4_FPAGE_RO, v1m + 200 * PG), 0);
	KT_EQ(bad_pages(&c, v64, p64, 16, 9, pat(q)), 0);
	KT_EQ(bad_pages(&c, v1m, p1m, 256, 200, pat(q + PG)), 0);
	KT_EQ(wr(&c, v64 + 9 * PG + 8, 1), FAULT);
	KT_EQ(wr(&c, v1m + 200 * PG + 8, 1), FAULT);
	KT_EQ(bad_writes(&c, v64 + 10 * PG, p64 + 10 * PG, 6), 0);
	KT_EQ(bad_writes(&c, v1m + 199 * PG, p1m + 199 * PG, 1), 0);
	KT_EQ(unmap(TASK, p64, 16, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(unmap(TASK, p1m, 20, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&c, v64 + 8 * PG), FAULT);
	KT_EQ(rd(&c, v64 + 9 * PG), pat(q));
	KT_EQ(rd(&c, v1m + 201 * PG), FAULT);
	KT_EQ(rd(&c, v1m + 200 * PG), pat(q + PG));
}

/* A task with a 1 MiB mapping grants one page and one 64 KiB block of it on: those
 * leave it, the rest stays, and they still derive from the root's pages. */
KTEST(grant_part_of_section)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(MB), v = va(MB), vb = va(PG), vb64 = va(K64);
	KT_ASSERT(p && v && vb && vb64);
	KT_EQ(map(s[0].task, TASK, p, 20, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&s[0], v + 9 * PG), pat(p + 9 * PG));
	KT_EQ(grant(s[1].task, s[0].task, v + 9 * PG, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(grant(s[1].task, s[0].task, v + 2 * K64, 16, L4_FPAGE_RW, vb64), 0);
	KT_EQ(rd(&s[1], vb), pat(p + 9 * PG));
	KT_EQ(bad_pages(&s[1], vb64, p + 2 * K64, 16, ALL_PAGES, 0), 0);
	KT_EQ(bad_writes(&s[1], vb64, p + 2 * K64, 16), 0);
	KT_EQ(bad_pages(&s[0], v, p, 32, 9, FAULT), 0);
	for (unsigned i = 32; i < 48; i++)
		KT_EQ(rd(&s[0], v + i * PG), FAULT);
	KT_EQ(bad_pages(&s[0], v + 48 * PG, p + 48 * PG, 208, ALL_PAGES, 0), 0);
	KT_EQ(bad_writes(&s[0], v + 8 * PG, p + 8 * PG, 1), 0);
	KT_EQ(unmap(TASK, p + 9 * PG, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(unmap(TASK, p + 2 * K64, 16, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&s[1], vb), FAULT);
	KT_EQ(rd(&s[1], vb64 + 5 * PG), FAULT);
	KT_EQ(rd(&s[0], v + 10 * PG), pat(p + 10 * PG));
}

/* Root -> B -> C, 1 MiB each, and C also has 64 KiB from the root: deleting B takes
 * B's MiB from C, not the root's 64 KiB. */
KTEST(delete_task_with_section)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(MB), q = ram(K64), vb = va(MB), vc = va(MB), vq = va(K64);
	KT_ASSERT(p && q && vb && vc && vq);
	KT_EQ(map(s[0].task, TASK, p, 20, L4_FPAGE_RW, vb), 0);
	KT_EQ(map(s[1].task, s[0].task, vb, 20, L4_FPAGE_RW, vc), 0);
	KT_EQ(map(s[1].task, TASK, q, 16, L4_FPAGE_RW, vq), 0);
	KT_EQ(rd(&s[1], vc + 100 * PG), pat(p + 100 * PG));
	KT_EQ(l4_error(l4_task_delete_obj(TASK, s[0].task)), 0);
	KT_EQ(rd(&s[1], vc), FAULT);
	KT_EQ(rd(&s[1], vc + 100 * PG), FAULT);
	KT_EQ(rd(&s[1], vc + 255 * PG), FAULT);
	KT_EQ(bad_pages(&s[1], vq, q, 16, ALL_PAGES, 0), 0);
}

/*
 * Root -> T -> C, 1 MiB each, with T's page tables and mapping nodes charged to a
 * factory that is then full: a page unmapped or made read-only below the root splits
 * T's section without memory (a section keeps its page table), and T's page tables
 * show it (what T maps on afterwards).
 */
KTEST(split_of_section_needs_no_memory)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_cap_idx_t f, t = kt_cap_alloc();
	KT_EQ(kt_factory_create(&f, 64 * 1024), 0);
	KT_EQ(l4_error(l4_factory_create_task(f, t, l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW))), 0);
	kt_own(t);
	l4_addr_t p = ram(MB), vt = va(MB), vc = va(MB), v40 = va(PG), v41 = va(PG);
	KT_ASSERT(p && vt && vc && v40 && v41);
	KT_EQ(map(t, TASK, p, 20, L4_FPAGE_RW, vt), 0);
	KT_EQ(map(c.task, t, vt, 20, L4_FPAGE_RW, vc), 0);
	long stop;
	unsigned n = kt_fill(f, KT_OBJ_THREAD, &stop);
	long unmap_err = unmap(TASK, p + 40 * PG, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES);
	long protect_err = unmap(TASK, p + 41 * PG, 12, L4_FPAGE_W, L4_FP_OTHER_SPACES);
	kt_unfill(n);
	KT_EQ(stop, -L4_ENOMEM);
	KT_EQ(unmap_err, 0);
	KT_EQ(protect_err, 0);
	KT_EQ(bad_pages(&c, vc, p, 256, 40, FAULT), 0);
	KT_EQ(wr(&c, vc + 41 * PG + 8, 1), FAULT);
	KT_EQ(bad_writes(&c, vc + 42 * PG, p + 42 * PG, 1), 0);
	KT_EQ(map(c.task, t, vt + 40 * PG, 12, L4_FPAGE_RW, v40), 0);
	KT_EQ(map(c.task, t, vt + 41 * PG, 12, L4_FPAGE_RW, v41), 0);
	KT_EQ(rd(&c, v40), FAULT);
	KT_EQ(rd(&c, v41), pat(p + 41 * PG));
	KT_EQ(wr(&c, v41 + 8, 1), FAULT);
}

/* A task whose 4 MiB became three sections and 16 large pages (the last MiB keeps the
 * table page of the four) gives all its page-table memory back when it is deleted,
 * also after the sections were split. */
KTEST(deleting_task_with_sections_returns_quota)
{
	KT_SCOPE();
	l4_cap_idx_t f, t = kt_cap_alloc();
	KT_EQ(kt_factory_create(&f, 128 * 1024), 0);
	long stop;
	unsigned before = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(before > 0 && before < KT_FILL_MAX);
	KT_EQ(l4_error(l4_factory_create_task(f, t, l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW))), 0);
	kt_own(t);
	l4_addr_t p = ram(4 * MB), v = va(4 * MB);
	KT_ASSERT(p && v);
	KT_EQ(map(t, TASK, p, 22, L4_FPAGE_RW, v), 0);
	for (unsigned i = 0; i < 4; i++)
		KT_EQ(unmap(TASK, p + i * MB + 5 * PG, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_ASSERT(kt_count_creatable(f, KT_OBJ_THREAD, &stop) < before);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, t)), 0);
	KT_EQ(kt_count_creatable(f, KT_OBJ_THREAD, &stop), before);
}

/* Charge nearly all of the root factory's quota to new factories in the fill slots:
 * the root task cannot get another page table. Returns how many. */
static unsigned drain_root_quota(void)
{
	unsigned n = 0;
	for (unsigned long limit = 1UL << 30; limit >= 1024 && n < KT_FILL_MAX;) {
		if (l4_error(
			l4_factory_create_factory(L4_BASE_FACTORY_CAP, kt_fill_slot(n), limit)))
			limit /= 2;
		else
			n++;
	}
	return n;
}

/* The root task's own sections have no page table to split into: without memory,
 * unmapping or granting one of their pages fails with -L4_ENOMEM and changes nothing. */
KTEST(split_of_root_section_without_memory_fails_cleanly)
{
	KT_SCOPE();
	struct space c, r;
	KT_EQ(setup(&c, 1), 0);
	KT_EQ(space_in(&r, TASK, L4_INVALID_CAP, fs_cap), 0);
	l4_addr_t p = ram(4 * MB), v = va(PG); /* 4 MiB: none of it split yet */
	KT_ASSERT(p && v);
	unsigned n = drain_root_quota();
	long unmap_err = unmap(TASK, p + PG, 12, L4_FPAGE_RWX, L4_FP_ALL_SPACES);
	long grant_err = grant(c.task, TASK, p + 2 * PG, 12, L4_FPAGE_RW, v);
	kt_unfill(n);
	KT_EQ(unmap_err, -L4_ENOMEM);
	KT_EQ(grant_err, -L4_ENOMEM);
	KT_EQ(rd(&r, p + PG), pat(p + PG));
	KT_EQ(rd(&r, p + 2 * PG), pat(p + 2 * PG));
	KT_EQ(rd(&c, v), FAULT);
	KT_EQ(unmap(TASK, p + PG, 12, L4_FPAGE_RWX, L4_FP_ALL_SPACES), 0);
	KT_EQ(grant(c.task, TASK, p + 2 * PG, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&r, p + PG), FAULT);
	KT_EQ(rd(&r, p + 2 * PG), FAULT);
	KT_EQ(rd(&c, v), pat(p + 2 * PG));
	KT_EQ(bad_pages(&r, p + 3 * PG, p + 3 * PG, 2, ALL_PAGES, 0), 0);
}

/* ---- the UTCB area ---- */

KTEST(utcb_area_cannot_be_mapped_from)
{
	KT_SCOPE();
	struct space s[2];
	KT_EQ(setup(s, 2), 0);
	l4_addr_t v = va(K64);
	KT_ASSERT(v);
	KT_EQ(map(s[0].task, TASK, KT_UTCB_AREA, 16, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&s[0], v), FAULT);
	KT_EQ(rd(&s[0], v + PG), FAULT);
	KT_EQ(map(s[1].task, s[0].task, KT_UTCB_AREA, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&s[1], v), FAULT);
	KT_EQ(grant(s[1].task, s[0].task, KT_UTCB_AREA, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(rd(&s[1], v), FAULT);
	/* The prober's own UTCB (the first of its task) holds its request: mr0 = op. */
	KT_EQ(rd(&s[0], KT_UTCB_AREA), OP_READ);
}

KTEST(utcb_area_cannot_be_mapped_on)
{
	KT_SCOPE();
	struct space c, r;
	KT_EQ(setup(&c, 1), 0);
	KT_EQ(space_in(&r, TASK, L4_INVALID_CAP, fs_cap), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	KT_ASSERT(map(c.task, TASK, p, 12, L4_FPAGE_RW, KT_UTCB_AREA) < 0);
	KT_EQ(rd(&c, KT_UTCB_AREA), OP_READ);
	KT_ASSERT(grant(c.task, TASK, p, 12, L4_FPAGE_RW, KT_UTCB_AREA) < 0);
	KT_EQ(rd(&c, KT_UTCB_AREA), OP_READ);
	KT_EQ(rd(&r, p), pat(p)); /* the failed grant left the root its page */
	KT_ASSERT(map(TASK, TASK, p, 12, L4_FPAGE_RW, KT_UTCB_AREA) < 0);
	l4_utcb_mr()->mr[7] = 0x77;
	KT_EQ(l4_utcb_mr()->mr[7], 0x77);
	KT_EQ(kt_valid(TASK, TASK), 1);
}

KTEST(utcb_area_cannot_be_unmapped)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	KT_EQ(unmap(c.task, KT_UTCB_AREA, 16, L4_FPAGE_RWX, L4_FP_ALL_SPACES), 0);
	KT_EQ(unmap(c.task, KT_UTCB_AREA, 20, L4_FPAGE_W, L4_FP_ALL_SPACES), 0);
	KT_EQ(rd(&c, KT_UTCB_AREA), OP_READ);
	KT_EQ(wr(&c, KT_UTCB_AREA + 0x1f8, 0x99), 0x99); /* a user word of its UTCB */
	KT_EQ(unmap(TASK, KT_UTCB_AREA, 16, L4_FPAGE_RWX, L4_FP_ALL_SPACES), 0);
	KT_EQ(unmap(TASK, KT_UTCB_AREA, 16, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	l4_utcb_mr()->mr[7] = 0x77;
	KT_EQ(l4_utcb_mr()->mr[7], 0x77);
	KT_EQ(kt_valid(TASK, TASK), 1);
	KT_EQ(rd(&c, KT_UTCB_AREA), OP_READ);
}

/* ---- memory items in IPC ---- */

struct rcv {
	l4_umword_t br0; /* the receive window */
	l4_addr_t check; /* read after the receive */
	volatile int done;
	volatile long err; /* IPC error of the receive */
	volatile unsigned items;
	volatile l4_umword_t w0, w1;
	volatile l4_umword_t val;
	volatile uint32_t faulted;
};

static struct rcv rcv;

static void rcv_fn(void *arg)
{
	struct rcv *r = arg;
	l4_umword_t label = 0;
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = r->br0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_safety_timeout());
	r->err = l4_ipc_error(tag, l4_utcb());
	r->items = l4_msgtag_items(tag);
	r->w0 = l4_utcb_mr()->mr[0];
	r->w1 = l4_utcb_mr()->mr[1];
	l4_utcb_br()->br[0] = 0;
	r->val = mem_load(r->check, &r->faulted);
	r->done = 1;
}

/* A receiver in task with window br0 that reads check afterwards. */
static int start_rcv(l4_cap_idx_t *cap, l4_cap_idx_t task, l4_umword_t br0, l4_addr_t check)
{
	memset((void *)&rcv, 0, sizeof(rcv));
	rcv.br0 = br0;
	rcv.check = check;
	return spawn(cap, task, rcv_fn, &rcv, WORKER_PRIO, L4_INVALID_CAP, fs_cap, 0);
}

/* Send one memory item (no words); returns the IPC error. */
static long send_item(l4_cap_idx_t to, l4_umword_t w0, l4_fpage_t fp)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = w0;
	mr->mr[1] = fp.raw;
	l4_msgtag_t tag = l4_ipc_send(to, l4_utcb(), l4_msgtag(0, 0, 1, 0), kt_safety_timeout());
	return l4_ipc_error(tag, l4_utcb());
}

static l4_umword_t window(l4_addr_t base, unsigned order)
{
	return l4_fpage(base, order, 0).raw | L4_ITEM_MAP;
}

/* The page lands at the window's base plus the send base's offset in the window. */
KTEST(ipc_item_into_receive_window)
{
	KT_SCOPE();
	struct space c;
	l4_cap_idx_t th;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), win = va(K64);
	KT_ASSERT(p && win);
	KT_EQ(start_rcv(&th, c.task, window(win, 16), win + 0x3000), 0);
	KT_EQ(send_item(th, l4_map_control(0x12343000UL, 0, 0), l4_fpage(p, 12, L4_FPAGE_RW)), 0);
	KT_ASSERT(kt_wait_ge(&rcv.done, 1, KT_SAFETY_US));
	KT_EQ(rcv.err, 0);
	KT_EQ(rcv.items, 1);
	KT_EQ(rcv.w1, l4_fpage(win + 0x3000, 12, L4_FPAGE_RW).raw);
	KT_EQ(rcv.faulted, 0);
	KT_EQ(rcv.val, pat(p));
	KT_EQ(rd(&c, win + 0x3000), pat(p));
	KT_EQ(rd(&c, win), FAULT);
	KT_EQ(wr(&c, win + 0x3004, 0x3004), 0x3004);
	KT_EQ(*word(p + 4), 0x3004);
	/* Derived from the sender's page. */
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&c, win + 0x3000), FAULT);
}

KTEST(ipc_item_into_whole_address_space)
{
	KT_SCOPE();
	struct space c;
	l4_cap_idx_t th;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(start_rcv(&th, c.task, l4_fpage_all().raw | L4_ITEM_MAP, v), 0);
	KT_EQ(send_item(th, l4_map_control(v, 0, 0), l4_fpage(p, 12, L4_FPAGE_RO)), 0);
	KT_ASSERT(kt_wait_ge(&rcv.done, 1, KT_SAFETY_US));
	KT_EQ(rcv.err, 0);
	KT_EQ(rcv.val, pat(p));
	KT_EQ(rcv.w1, l4_fpage(v, 12, L4_FPAGE_RO).raw);
	KT_EQ(wr(&c, v, 1), FAULT);
}

KTEST(ipc_item_64k_into_1mb_window)
{
	KT_SCOPE();
	struct space c;
	l4_cap_idx_t th;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(K64), win = va(MB);
	KT_ASSERT(p && win);
	KT_EQ(start_rcv(&th, c.task, window(win, 20), win + 0x5f000), 0);
	KT_EQ(send_item(th, l4_map_control(0x00750000UL, 0, 0), l4_fpage(p, 16, L4_FPAGE_RW)), 0);
	KT_ASSERT(kt_wait_ge(&rcv.done, 1, KT_SAFETY_US));
	KT_EQ(rcv.err, 0);
	KT_EQ(rcv.val, pat(p + 15 * PG));
	KT_EQ(rcv.w1, l4_fpage(win + 0x50000, 16, L4_FPAGE_RW).raw);
	KT_EQ(rd(&c, win + 0x50000), pat(p));
	KT_EQ(rd(&c, win + 0x60000), FAULT);
	KT_EQ(rd(&c, win + 0x4f000), FAULT);
}

/* A server that answers every call with one memory item (reply_and_wait, receive
 * timeout never: the reply fast path's shape when it is a single page). */
struct item_srv {
	l4_umword_t w0, w1;
	volatile int ready, served;
};

static struct item_srv isrv;

static void item_srv_fn(void *arg)
{
	struct item_srv *s = arg;
	l4_umword_t label;
	s->ready = 1;
	l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_utcb_mr()->mr[0] = s->w0;
		l4_utcb_mr()->mr[1] = s->w1;
		s->served++;
		l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 1, 0), &label, L4_IPC_NEVER);
	}
}

struct item_client {
	l4_cap_idx_t server; /* in the client's task */
	l4_umword_t br0;
	l4_addr_t check;
	volatile int done;
	volatile long err;
	volatile unsigned items, words;
	volatile l4_umword_t w0, w1, val;
	volatile uint32_t faulted;
};

static struct item_client icl;

static void item_client_fn(void *arg)
{
	struct item_client *c = arg;
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = c->br0;
	l4_msgtag_t tag =
	    l4_ipc_call(c->server, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_safety_timeout());
	c->err = l4_ipc_error(tag, l4_utcb());
	c->items = l4_msgtag_items(tag);
	c->words = l4_msgtag_words(tag);
	c->w0 = l4_utcb_mr()->mr[0];
	c->w1 = l4_utcb_mr()->mr[1];
	l4_utcb_br()->br[0] = 0;
	c->val = mem_load(c->check, &c->faulted);
	c->done = 1;
}

/* The item server (root task) answers a call from a thread of @task, whose receive
 * window is @br0 and which reads @check afterwards. */
static int item_call(struct space *c, l4_umword_t w0, l4_fpage_t fp, l4_umword_t br0,
		     l4_addr_t check)
{
	l4_cap_idx_t srv, cl;
	memset((void *)&isrv, 0, sizeof(isrv));
	memset((void *)&icl, 0, sizeof(icl));
	isrv.w0 = w0;
	isrv.w1 = fp.raw;
	int err = spawn(&srv, TASK, item_srv_fn, &isrv, SRV_PRIO, L4_INVALID_CAP, fs_cap, 0);
	if (!err && !kt_wait_ge(&isrv.ready, 1, KT_SAFETY_US))
		err = -L4_EAGAIN;
	icl.server = import(c->task, srv);
	icl.br0 = br0;
	icl.check = check;
	if (!err)
		err = spawn(&cl, c->task, item_client_fn, &icl, WORKER_PRIO, L4_INVALID_CAP, fs_cap,
			    0);
	if (!err && !kt_wait_ge(&icl.done, 1, KT_SAFETY_US))
		err = -L4_EAGAIN;
	return err;
}

/* A reply of one page's map item lands in the caller's receive window, with its return
 * item, derived from the replier's page. */
KTEST(ipc_reply_with_page_item_into_window)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), win = va(K64);
	KT_ASSERT(p && win);
	KT_EQ(item_call(&c, l4_map_control(0x12345000UL, 0, 0), l4_fpage(p, 12, L4_FPAGE_RW),
			window(win, 16), win + 0x5000),
	      0);
	KT_EQ(isrv.served, 1);
	KT_EQ(icl.err, 0);
	KT_EQ(icl.items, 1);
	KT_EQ(icl.words, 0);
	KT_EQ(icl.w0, l4_map_control(0x12345000UL, 0, 0));
	KT_EQ(icl.w1, l4_fpage(win + 0x5000, 12, L4_FPAGE_RW).raw);
	KT_EQ(icl.faulted, 0);
	KT_EQ(icl.val, pat(p));
	KT_EQ(wr(&c, win + 0x5008, 0x5008), 0x5008);
	KT_EQ(*word(p + 8), 0x5008);
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&c, win + 0x5000), FAULT);
}

/* The same reply to a caller without a receive window: nothing is mapped and the
 * caller gets REMAPFAILED, as from any transfer. */
KTEST(ipc_reply_with_page_item_without_window_fails)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(item_call(&c, l4_map_control(v, 0, 0), l4_fpage(p, 12, L4_FPAGE_RW), 0, v), 0);
	KT_EQ(icl.err, L4_IPC_REMAPFAILED);
	KT_EQ(icl.faulted, 1);
	KT_EQ(rd(&c, v), FAULT);
}

/* A reply that maps a page the replier does not have maps nothing, and says so in the
 * return item as the general path does (a send base, no flexpage). */
KTEST(ipc_reply_with_item_of_missing_page_maps_nothing)
{
	KT_SCOPE();
	struct space c;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t v = va(PG), nowhere = va(PG);
	KT_ASSERT(v && nowhere);
	KT_EQ(item_call(&c, l4_map_control(v, 0, 0), l4_fpage(nowhere, 12, L4_FPAGE_RW),
			l4_fpage_all().raw | L4_ITEM_MAP, v),
	      0);
	KT_EQ(icl.err, 0);
	KT_EQ(icl.items, 1);
	KT_EQ(icl.faulted, 1);
	KT_EQ(rd(&c, v), FAULT);
}

KTEST(ipc_item_window_too_small)
{
	KT_SCOPE();
	struct space c;
	l4_cap_idx_t th;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(K64), win = va(K64);
	KT_ASSERT(p && win);
	KT_EQ(start_rcv(&th, c.task, window(win, 12), win), 0);
	KT_EQ(send_item(th, l4_map_control(win, 0, 0), l4_fpage(p, 16, L4_FPAGE_RW)),
	      L4_IPC_SEMAPFAILED);
	KT_ASSERT(kt_wait_ge(&rcv.done, 1, KT_SAFETY_US));
	KT_EQ(rcv.err, L4_IPC_REMAPFAILED);
	KT_EQ(rcv.faulted, 1);
	KT_EQ(rd(&c, win), FAULT);
}

KTEST(ipc_item_without_window)
{
	KT_SCOPE();
	struct space c;
	l4_cap_idx_t th;
	KT_EQ(setup(&c, 1), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	KT_EQ(start_rcv(&th, c.task, 0, v), 0);
	KT_EQ(send_item(th, l4_map_control(v, 0, 0), l4_fpage(p, 12, L4_FPAGE_RW)),
	      L4_IPC_SEMAPFAILED);
	KT_ASSERT(kt_wait_ge(&rcv.done, 1, KT_SAFETY_US));
	KT_EQ(rcv.err, L4_IPC_REMAPFAILED);
	KT_EQ(rcv.faulted, 1);
	/* A capability buffer is no receive window either. */
	l4_cap_idx_t th2;
	KT_EQ(start_rcv(&th2, c.task, kt_cap_alloc() | L4_RCV_ITEM_SINGLE_CAP, v), 0);
	KT_EQ(send_item(th2, l4_map_control(v, 0, 0), l4_fpage(p, 12, L4_FPAGE_RW)),
	      L4_IPC_SEMAPFAILED);
	KT_ASSERT(kt_wait_ge(&rcv.done, 1, KT_SAFETY_US));
	KT_EQ(rcv.err, L4_IPC_REMAPFAILED);
	KT_EQ(rd(&c, v), FAULT);
}

struct snd {
	l4_cap_idx_t to;
	l4_umword_t w0, w1;
	volatile int done;
	volatile long err;
};

static struct snd snd;

static void snd_fn(void *arg)
{
	struct snd *s = arg;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = s->w0;
	mr->mr[1] = s->w1;
	l4_msgtag_t tag = l4_ipc_send(s->to, l4_utcb(), l4_msgtag(0, 0, 1, 0), kt_safety_timeout());
	s->err = l4_ipc_error(tag, l4_utcb());
	s->done = 1;
}

/* B grants its page through IPC to a thread of C. */
KTEST(ipc_item_grant)
{
	KT_SCOPE();
	struct space s[2];
	l4_cap_idx_t rth, sth;
	KT_EQ(setup(s, 2), 0);
	l4_addr_t p = ram(PG), vb = va(PG), vc = va(PG);
	KT_ASSERT(p && vb && vc);
	KT_EQ(map(s[0].task, TASK, p, 12, L4_FPAGE_RW, vb), 0);
	KT_EQ(start_rcv(&rth, s[1].task, l4_fpage_all().raw | L4_ITEM_MAP, vc), 0);
	memset((void *)&snd, 0, sizeof(snd));
	snd.to = import(s[0].task, rth);
	snd.w0 = l4_map_control(vc, 0, L4_MAP_ITEM_GRANT);
	snd.w1 = l4_fpage(vb, 12, L4_FPAGE_RW).raw;
	KT_EQ(spawn(&sth, s[0].task, snd_fn, &snd, WORKER_PRIO, L4_INVALID_CAP, fs_cap, 0), 0);
	KT_ASSERT(kt_wait_ge(&snd.done, 1, KT_SAFETY_US));
	KT_ASSERT(kt_wait_ge(&rcv.done, 1, KT_SAFETY_US));
	KT_EQ(snd.err, 0);
	KT_EQ(rcv.err, 0);
	KT_EQ(rcv.val, pat(p));
	KT_EQ(rd(&s[0], vb), FAULT);
	KT_EQ(rd(&s[1], vc), pat(p));
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&s[1], vc), FAULT);
}

/* ---- page faults ---- */

enum { TOUCH_LOAD, TOUCH_STORE, TOUCH_LDM };

struct touch {
	l4_addr_t addr[4];
	unsigned n;
	int op; /* TOUCH_* */
	l4_umword_t value;
	volatile l4_umword_t got[4];
	volatile uint32_t faulted[4];
	volatile int done;
};

static struct touch tch, tch2;

static void touch_fn(void *arg)
{
	struct touch *t = arg;
	for (unsigned i = 0; i < t->n; i++) {
		if (t->op == TOUCH_STORE)
			mem_store(t->addr[i], (uint32_t)(t->value + i), &t->faulted[i]);
		else if (t->op == TOUCH_LDM)
			mem_ldm(t->addr[i], &t->faulted[i]);
		else
			t->got[i] = mem_load(t->addr[i], &t->faulted[i]);
	}
	t->done = 1;
}

static void touch_init(struct touch *t, int op, l4_umword_t value)
{
	memset((void *)t, 0, sizeof(*t));
	t->op = op;
	t->value = value;
}

static void touch_add(struct touch *t, l4_addr_t a)
{
	if (t->n < 4)
		t->addr[t->n++] = a;
}

/* Run t in task with pager and exception handler; wait until it is done. */
static int run_touch(struct touch *t, l4_cap_idx_t task, l4_cap_idx_t pager, l4_cap_idx_t exc)
{
	l4_cap_idx_t th;
	int err = spawn(&th, task, touch_fn, t, WORKER_PRIO, pager, exc, 0);
	if (!err && !kt_wait_ge(&t->done, 1, KT_SAFETY_US))
		err = -L4_EAGAIN;
	return err;
}

/* A thread of a child task touches three pages; its pager maps them; it resumes. */
KTEST(pagefault_map_and_resume)
{
	KT_SCOPE();
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(K64);
	KT_ASSERT(p);
	touch_init(&tch, TOUCH_STORE, 0xc0de0000UL);
	for (unsigned i = 0; i < 3; i++)
		touch_add(&tch, p + i * PG);
	KT_EQ(run_touch(&tch, child, fs_cap, fs_cap), 0);
	KT_EQ(fs.pf_count, 3);
	KT_EQ(fs.exc_count, 0);
	for (unsigned i = 0; i < 3; i++) {
		KT_EQ(tch.faulted[i], 0);
		KT_EQ(fs.pf[i], pf_word(p + i * PG, 3)); /* translation fault, write */
		KT_EQ(fs.pf_pc[i], addr_of(mem_store_insn));
		KT_EQ(*word(p + i * PG), 0xc0de0000UL + i);
	}
	KT_EQ(fs.label, L4_CAP_FPAGE_W | L4_CAP_FPAGE_S);
	/* Mapped now: a second thread reads them without faults. */
	touch_init(&tch2, TOUCH_LOAD, 0);
	for (unsigned i = 0; i < 3; i++)
		touch_add(&tch2, p + i * PG);
	touch_add(&tch2, p + 3 * PG);
	KT_EQ(run_touch(&tch2, child, fs_cap, fs_cap), 0);
	for (unsigned i = 0; i < 3; i++)
		KT_EQ(tch2.got[i], 0xc0de0000UL + i);
	KT_EQ(tch2.got[3], pat(p + 3 * PG));
	KT_EQ(fs.pf_count, 4);
	KT_EQ(fs.pf[3], pf_word(p + 3 * PG, 1)); /* translation fault, read */
}

KTEST(pagefault_read_reports_address_and_pc)
{
	KT_SCOPE();
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	*word(p + 0x124) = 0x124124;
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, p + 0x124);
	KT_EQ(run_touch(&tch, child, fs_cap, fs_cap), 0);
	KT_EQ(fs.pf_count, 1);
	KT_EQ(fs.pf[0], pf_word(p + 0x124, 1));
	KT_EQ(fs.pf_pc[0], addr_of(mem_load_insn));
	KT_EQ(tch.got[0], 0x124124);
	KT_EQ(tch.faulted[0], 0);
}

/* Read fault -> mapped read-only; write fault (write bit, not a translation fault)
 * -> mapped read-write; the write then succeeds. */
KTEST(pagefault_write_to_read_only_page)
{
	KT_SCOPE();
	struct space c;
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	KT_EQ(space_in(&c, child, fs_cap, fs_cap), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	*word(p + 8) = 0x8;
	KT_EQ(rd(&c, p + 8), 0x8);
	KT_EQ(fs.pf_count, 1);
	KT_EQ(fs.pf[0], pf_word(p + 8, 1));
	KT_EQ(wr(&c, p + 8, 0x8888), 0x8888);
	KT_EQ(fs.pf_count, 2);
	KT_EQ(fs.pf[1], pf_word(p + 8, 2));
	KT_EQ(fs.pf_pc[1], addr_of(mem_store_insn));
	KT_EQ(*word(p + 8), 0x8888);
	KT_EQ(wr(&c, p + 12, 0x1212), 0x1212);
	KT_EQ(fs.pf_count, 2);
	KT_EQ(fs.exc_count, 0);
}

/* After a W-only unmap, a writer faults with the write bit; the pager upgrades. */
KTEST(pagefault_after_write_revoked)
{
	KT_SCOPE();
	struct space c;
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	KT_EQ(space_in(&c, child, fs_cap, fs_cap), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	fs.pf_delta = (long)(p - v);
	KT_EQ(map(child, TASK, p, 12, L4_FPAGE_RW, v), 0);
	KT_EQ(wr(&c, v + 4, 1), 1);
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_W, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&c, v + 4), 1);
	KT_EQ(fs.pf_count, 0);
	KT_EQ(wr(&c, v + 4, 2), 2);
	KT_EQ(fs.pf_count, 1);
	KT_EQ(fs.pf[0], pf_word(v + 4, 2));
	KT_EQ(*word(p + 4), 2);
	/* Fully revoked: a translation fault again. */
	KT_EQ(unmap(TASK, p, 12, L4_FPAGE_RWX, L4_FP_OTHER_SPACES), 0);
	KT_EQ(rd(&c, v + 4), 2);
	KT_EQ(fs.pf_count, 2);
	KT_EQ(fs.pf[1], pf_word(v + 4, 1));
	KT_EQ(fs.exc_count, 0);
}

KTEST(pagefault_instruction_fetch)
{
	KT_SCOPE();
	struct space c;
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	KT_EQ(space_in(&c, child, fs_cap, fs_cap), 0);
	l4_addr_t p = ram(PG), v = va(PG);
	KT_ASSERT(p && v);
	put_ret42(p + 0x40);
	fs.pf_delta = (long)(p - v);
	fs.pf_rights = L4_FPAGE_RX;
	KT_EQ(ex(&c, v + 0x40), 42);
	KT_EQ(fs.pf_count, 1);
	KT_EQ(fs.pf[0], pf_word(v + 0x40, 1 | 4));
	KT_EQ(fs.pf_pc[0], v + 0x40);
	KT_EQ(fs.exc_count, 0);
}

/* A thread of the root task with a pager in the root task, outside the RAM range. */
KTEST(pagefault_same_task)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	l4_addr_t p = ram(K64), v = va(K64);
	KT_ASSERT(p && v);
	fs.pf_delta = (long)(p - v);
	fs.pf_rights = L4_FPAGE_RW;
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, v + 2 * PG + 0x10);
	touch_add(&tch, v + 7 * PG);
	KT_EQ(run_touch(&tch, TASK, fs_cap, fs_cap), 0);
	KT_EQ(fs.pf_count, 2);
	KT_EQ(fs.pf[0], pf_word(v + 2 * PG + 0x10, 1));
	KT_EQ(fs.pf[1], pf_word(v + 7 * PG, 1));
	KT_EQ(tch.got[0], *word(p + 2 * PG + 0x10));
	KT_EQ(tch.got[1], pat(p + 7 * PG));
	KT_EQ(fs.exc_count, 0);
}

KTEST(pagefault_pager_is_a_gate)
{
	KT_SCOPE();
	l4_cap_idx_t child, gate;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	KT_EQ(kt_gate_create(&gate, fs_cap, 0x4440), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, p);
	KT_EQ(run_touch(&tch, child, gate, fs_cap), 0);
	KT_EQ(fs.pf_count, 1);
	KT_EQ(fs.label, 0x4443);
	KT_EQ(tch.got[0], pat(p));
}

/* A reply without a mapping: the access is retried and faults again. */
KTEST(pagefault_reply_without_mapping_retries)
{
	KT_SCOPE();
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	fs.pf_mode = PF_EMPTY_FIRST;
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, p + 0x20);
	KT_EQ(run_touch(&tch, child, fs_cap, fs_cap), 0);
	KT_EQ(fs.pf_count, 2);
	KT_EQ(fs.pf[0], pf_word(p + 0x20, 1));
	KT_EQ(fs.pf[1], pf_word(p + 0x20, 1));
	KT_EQ(tch.got[0], *word(p + 0x20));
	KT_EQ(fs.exc_count, 0);
}

struct pfregs {
	l4_addr_t addr;
	l4_umword_t base; /* pf_utcb_fn(): the pattern its UTCB is filled with */
	volatile l4_umword_t out[3];
	volatile l4_umword_t mr[EXC_WORDS];
	volatile l4_umword_t br0, bdr;
	volatile int done;
};

static struct pfregs pfr;

static void pfregs_fn(void *arg)
{
	struct pfregs *p = arg;
	l4_msg_regs_t *mr = l4_utcb_mr();
	l4_buf_regs_t *br = l4_utcb_br();
	for (unsigned i = 0; i < EXC_WORDS; i++)
		mr->mr[i] = 0x3000 + i;
	br->br[0] = 0x5550;
	br->bdr = 0x3;
	pf_regs_fn(p->addr, p->out);
	for (unsigned i = 0; i < EXC_WORDS; i++)
		p->mr[i] = mr->mr[i];
	p->br0 = br->br[0];
	p->bdr = br->bdr;
	br->br[0] = 0;
	br->bdr = 0;
	p->done = 1;
}

/* The page-fault call does not disturb the thread's r0, r4, MRs and buffers. */
KTEST(pagefault_preserves_registers_and_utcb)
{
	KT_SCOPE();
	l4_cap_idx_t child, th;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	memset((void *)&pfr, 0, sizeof(pfr));
	pfr.addr = p + 0x30;
	*word(p + 0x30) = 0x303030;
	KT_EQ(spawn(&th, child, pfregs_fn, &pfr, WORKER_PRIO, fs_cap, fs_cap, 0), 0);
	KT_ASSERT(kt_wait_ge(&pfr.done, 1, KT_SAFETY_US));
	KT_EQ(fs.pf_count, 1);
	KT_EQ(fs.pf_pc[0], addr_of(pf_regs_insn));
	KT_EQ(pfr.out[0], 0x1111);
	KT_EQ(pfr.out[1], 0x4444);
	KT_EQ(pfr.out[2], 0x303030);
	for (unsigned i = 0; i < EXC_WORDS; i++)
		KT_EQ(pfr.mr[i], 0x3000 + i);
	KT_EQ(pfr.br0, 0x5550);
	KT_EQ(pfr.bdr, 0x3);
}

/* A thread's whole UTCB as it left it: all message registers, the buffers and the
 * error register (utcb_fill(), utcb_unchanged()). */
static void utcb_fill(l4_umword_t base)
{
	for (unsigned i = 0; i < L4_UTCB_GENERIC_DATA_SIZE; i++)
		l4_utcb_mr()->mr[i] = base + i;
	l4_utcb_br()->br[0] = base + 0x100;
	l4_utcb_br()->bdr = 0x2;
	l4_utcb_tcr()->error = base + 0x200;
}

static int utcb_unchanged(l4_umword_t base)
{
	int ok = l4_utcb_br()->br[0] == base + 0x100 && l4_utcb_br()->bdr == 0x2 &&
		 l4_utcb_tcr()->error == base + 0x200;
	for (unsigned i = 0; i < L4_UTCB_GENERIC_DATA_SIZE; i++)
		ok &= l4_utcb_mr()->mr[i] == base + i;
	l4_utcb_br()->br[0] = 0;
	l4_utcb_br()->bdr = 0;
	return ok;
}

/* Fill the UTCB with p->base's pattern, load p->addr (out[2]; out[1]: it faulted for
 * good), and say in out[0] whether the UTCB is as it was. */
static void pf_utcb_fn(void *arg)
{
	struct pfregs *p = arg;
	utcb_fill(p->base);
	p->out[2] = mem_load(p->addr, (volatile uint32_t *)&p->out[1]);
	p->out[0] = (l4_umword_t)utcb_unchanged(p->base);
	p->done = 1;
}

/* A pager's reply with many words (and the map item last) changes nothing of the
 * faulting thread's UTCB: its message registers, buffers and error register are its
 * own, whatever it was doing when it touched the page. */
KTEST(pagefault_long_reply_leaves_whole_utcb)
{
	KT_SCOPE();
	l4_cap_idx_t child, th;
	KT_EQ(setup(NULL, 0), 0);
	fs.pf_mode = PF_LONG;
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	memset((void *)&pfr, 0, sizeof(pfr));
	pfr.base = 0x7000;
	pfr.addr = p + 0x40;
	*word(p + 0x40) = 0x404040;
	KT_EQ(spawn(&th, child, pf_utcb_fn, &pfr, WORKER_PRIO, fs_cap, fs_cap, 0), 0);
	KT_ASSERT(kt_wait_ge(&pfr.done, 1, KT_SAFETY_US));
	KT_EQ(fs.pf_count, 1);
	KT_EQ(fs.exc_count, 0);
	KT_EQ(pfr.out[1], 0); /* no exception */
	KT_EQ(pfr.out[2], 0x404040);
	KT_EQ(pfr.out[0], 1);
}

static struct pfregs pfr2;

/* Two threads fault while their pager is busy with the first: the second fault waits
 * in the pager's queue (not the fast path's direct call), both are answered, and
 * both threads find their UTCBs as they left them. */
KTEST(pagefault_while_pager_busy_both_resume_with_their_utcb)
{
	KT_SCOPE();
	l4_cap_idx_t child, a, b;
	KT_EQ(setup(NULL, 0), 0);
	fs.pf_mode = PF_WAIT;
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(2 * PG);
	KT_ASSERT(p);
	memset((void *)&pfr, 0, sizeof(pfr));
	memset((void *)&pfr2, 0, sizeof(pfr2));
	pfr.base = 0x7000;
	pfr2.base = 0x9000;
	pfr.addr = p + 0x40;
	pfr2.addr = p + PG + 0x80;
	*word(pfr.addr) = 0x4141;
	*word(pfr2.addr) = 0x4242;
	KT_EQ(spawn(&a, child, pf_utcb_fn, &pfr, WORKER_PRIO, fs_cap, fs_cap, 0), 0);
	KT_ASSERT(kt_wait_ge(&fs.pf_count, 1, KT_SAFETY_US));
	KT_EQ(spawn(&b, child, pf_utcb_fn, &pfr2, WORKER_PRIO, fs_cap, fs_cap, 0), 0);
	kt_sleep_us(2000); /* b faults and waits behind a */
	KT_EQ(pfr.done + pfr2.done, 0);
	fs.release = 1;
	KT_ASSERT(kt_wait_ge(&pfr.done, 1, KT_SAFETY_US));
	KT_ASSERT(kt_wait_ge(&pfr2.done, 1, KT_SAFETY_US));
	KT_EQ(fs.pf_count, 2);
	KT_EQ(fs.exc_count, 0);
	KT_EQ(pfr.out[2], 0x4141);
	KT_EQ(pfr2.out[2], 0x4242);
	KT_EQ(pfr.out[0], 1);
	KT_EQ(pfr2.out[0], 1);
}

/* A pager's answer with a larger flexpage than one page (64 KiB around the fault)
 * maps all of it, and the thread resumes with its UTCB as it was. */
KTEST(pagefault_answer_of_64k_maps_all)
{
	KT_SCOPE();
	l4_cap_idx_t child, th;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(K64);
	KT_ASSERT(p);
	fs.pf_order = 16;
	memset((void *)&pfr, 0, sizeof(pfr));
	pfr.base = 0x7000;
	pfr.addr = p + 5 * PG + 0x10;
	*word(pfr.addr) = 0x5151;
	KT_EQ(spawn(&th, child, pf_utcb_fn, &pfr, WORKER_PRIO, fs_cap, fs_cap, 0), 0);
	KT_ASSERT(kt_wait_ge(&pfr.done, 1, KT_SAFETY_US));
	KT_EQ(fs.pf_count, 1);
	KT_EQ(pfr.out[2], 0x5151);
	KT_EQ(pfr.out[0], 1);
	/* The rest of the 64 KiB came with it: no more faults. */
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, p);
	touch_add(&tch, p + 15 * PG);
	KT_EQ(run_touch(&tch, child, fs_cap, fs_cap), 0);
	KT_EQ(fs.pf_count, 1);
	KT_EQ(tch.got[0], pat(p));
	KT_EQ(tch.got[1], pat(p + 15 * PG));
}

/* The pager refuses: the fault goes to the exception handler as a data abort. */
KTEST(pagefault_refused_becomes_exception)
{
	KT_SCOPE();
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	fsrv_init(&fs2);
	fs2.pf_mode = PF_NEG;
	KT_EQ(fsrv_start(&fs2, &fs2_cap), 0);
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t v = va(PG);
	KT_ASSERT(v);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, v + 0x44);
	KT_EQ(run_touch(&tch, child, fs2_cap, fs_cap), 0);
	KT_EQ(fs2.pf_count, 1);
	KT_EQ(fs2.pf[0], pf_word(v + 0x44, 1));
	KT_EQ(fs2.exc_count, 0);
	KT_EQ(fs.pf_count, 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(fs.exc[MR_PFA], v + 0x44);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_DABT);
	KT_ASSERT(is_translation_fault(fs.exc[MR_ERR]));
	KT_EQ(fs.exc[MR_PC], addr_of(mem_load_insn));
	KT_EQ(fs.exc[MR_R(0)], v + 0x44);
	KT_EQ(tch.faulted[0], 1);
}

/* A pager slot that is empty in the faulting thread's own task: no pager. */
KTEST(pagefault_pager_must_be_in_own_task)
{
	KT_SCOPE();
	l4_cap_idx_t child, th;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, p);
	l4_cap_idx_t exc = import(child, fs_cap);
	KT_ASSERT(l4_is_valid_cap(exc));
	KT_EQ(kt_thread_create(&th, child, touch_fn, &tch), 0);
	l4_thread_control_start();
	l4_thread_control_pager(fs_cap); /* a root slot, empty in the child */
	l4_thread_control_exc_handler(exc);
	KT_EQ(l4_error(l4_thread_control_commit(th)), 0);
	KT_EQ(kt_thread_run(th, WORKER_PRIO), 0);
	KT_ASSERT(kt_wait_ge(&tch.done, 1, KT_SAFETY_US));
	KT_EQ(fs.pf_count, 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(fs.exc[MR_PFA], p);
	KT_EQ(tch.faulted[0], 1);
}

/* The pager is deleted while it holds the fault: the exception handler gets it. */
KTEST(pagefault_pager_deleted_becomes_exception)
{
	KT_SCOPE();
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	fsrv_init(&fs2);
	fs2.pf_mode = PF_HOLD;
	KT_EQ(fsrv_start(&fs2, &fs2_cap), 0);
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t v = va(PG);
	KT_ASSERT(v);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, v);
	l4_cap_idx_t th;
	KT_EQ(spawn(&th, child, touch_fn, &tch, WORKER_PRIO, fs2_cap, fs_cap, 0), 0);
	KT_ASSERT(kt_wait_ge(&fs2.pf_count, 1, KT_SAFETY_US));
	kt_sleep_us(2000);
	KT_EQ(tch.done, 0);
	KT_EQ(kt_thread_kill(fs2_cap), 0);
	KT_ASSERT(kt_wait_ge(&tch.done, 1, KT_SAFETY_US));
	KT_EQ(tch.faulted[0], 1);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(fs.exc[MR_PFA], v);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_DABT);
}

/* The faulting thread's task is deleted while its pager works: the reply goes nowhere
 * and the pager serves the next fault. */
KTEST(pagefault_faulting_task_deleted)
{
	KT_SCOPE();
	l4_cap_idx_t child, child2, th;
	KT_EQ(setup(NULL, 0), 0);
	fs.pf_mode = PF_WAIT;
	KT_EQ(kt_task_create(&child), 0);
	KT_EQ(kt_task_create(&child2), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, p);
	KT_EQ(spawn(&th, child, touch_fn, &tch, WORKER_PRIO, fs_cap, fs_cap, 0), 0);
	KT_ASSERT(kt_wait_ge(&fs.pf_count, 1, KT_SAFETY_US));
	KT_EQ(l4_error(l4_task_delete_obj(TASK, child)), 0);
	fs.release = 1;
	kt_sleep_us(5000);
	KT_EQ(tch.done, 0);
	touch_init(&tch2, TOUCH_LOAD, 0);
	touch_add(&tch2, p + 4);
	*word(p + 4) = 0x4;
	KT_EQ(run_touch(&tch2, child2, fs_cap, fs_cap), 0);
	KT_EQ(fs.pf_count, 2);
	KT_EQ(tch2.got[0], 0x4);
	KT_EQ(fs.exc_count, 0);
	KT_EQ(fs.errors, 0);
}

/* A reply whose map item cannot be delivered is a failed page fault: an exception. */
KTEST(pagefault_bad_map_item_becomes_exception)
{
	KT_SCOPE();
	l4_cap_idx_t child;
	KT_EQ(setup(NULL, 0), 0);
	fs.pf_mode = PF_BAD_ITEM;
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, p);
	KT_EQ(run_touch(&tch, child, fs_cap, fs_cap), 0);
	KT_EQ(fs.pf_count, 1);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_DABT);
	KT_EQ(fs.exc[MR_PFA], p);
	KT_EQ(tch.faulted[0], 1);
}

/* A pager capability that names no thread or gate: as if there were no pager. (The
 * thread runs below the main thread: a thread retrying the access for ever must not
 * stop the tests.) */
KTEST(pagefault_pager_not_an_ipc_object)
{
	KT_SCOPE();
	l4_cap_idx_t child, th;
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(kt_task_create(&child), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, p);
	KT_EQ(spawn(&th, child, touch_fn, &tch, LOW_PRIO, L4_BASE_LOG_CAP, fs_cap, 0), 0);
	KT_ASSERT(kt_wait_ge(&tch.done, 1, 100000));
	KT_EQ(fs.pf_count, 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(fs.exc[MR_PFA], p);
	KT_EQ(tch.faulted[0], 1);
}

/* Kernel addresses fault for user threads; no pager could map them, none is asked. */
KTEST(fault_on_kernel_address)
{
	KT_SCOPE();
	static const l4_addr_t kaddr[4] = {0xc0000000UL, 0xc0100000UL, 0xf0000000UL, 0xffff0000UL};
	KT_EQ(setup(NULL, 0), 0);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_init(&tch2, TOUCH_STORE, 0x7777);
	for (unsigned i = 0; i < 4; i++) {
		touch_add(&tch, kaddr[i]);
		touch_add(&tch2, kaddr[i] + 0x40);
	}
	KT_EQ(run_touch(&tch, TASK, fs_cap, fs_cap), 0);
	KT_EQ(run_touch(&tch2, TASK, fs_cap, fs_cap), 0);
	KT_EQ(fs.pf_count, 0);
	KT_EQ(fs.exc_count, 8);
	for (unsigned i = 0; i < 4; i++) {
		KT_EQ(tch.faulted[i], 1);
		KT_EQ(tch2.faulted[i], 1);
		KT_EQ(fs.exc_pfa[i], kaddr[i]);
		KT_EQ(fs.exc_pfa[4 + i], kaddr[i] + 0x40);
	}
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_DABT);
}

/* No pager, no exception handler: the kernel reports the fault and stops the thread. */
KTEST(fault_without_pager_or_handler_stops_thread)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	l4_addr_t v = va(PG);
	KT_ASSERT(v);
	touch_init(&tch, TOUCH_LOAD, 0);
	touch_add(&tch, v);
	KT_EQ(spawn(&th, TASK, touch_fn, &tch, WORKER_PRIO, L4_INVALID_CAP, L4_INVALID_CAP, 0), 0);
	kt_sleep_us(20000);
	KT_EQ(tch.done, 0);
	KT_ASSERT(stays_stopped(th));
	l4_umword_t ip = ~0UL, sp = ~0UL, flags = 0;
	KT_EQ(l4_error(l4_thread_ex_regs_ret(th, &ip, &sp, &flags)), 0);
	KT_EQ(ip, addr_of(mem_load_insn) | CODE_ADDR_BIT);
	kt_sleep_us(5000);
	KT_EQ(tch.done, 0);
}

/* ---- exceptions ---- */

struct job {
	uint32_t in;
	volatile l4_umword_t out[2];
	volatile l4_umword_t tls, utcb, sp;
	volatile int done;
};

static struct job job;

static void udf_job(void *arg)
{
	struct job *j = arg;
	j->out[0] = udf_fn(j->in);
	j->done = 1;
}

/* Start fn(&job) in the root task with fs as exception handler. */
static int start_job(l4_cap_idx_t *th, void (*fn)(void *), uint32_t in, int alien)
{
	memset((void *)&job, 0, sizeof(job));
	job.in = in;
	return spawn(th, TASK, fn, &job, WORKER_PRIO, L4_INVALID_CAP, fs_cap, alien);
}

static int run_job(void (*fn)(void *), uint32_t in, int alien)
{
	l4_cap_idx_t th;
	int err = start_job(&th, fn, in, alien);
	if (!err && !kt_wait_ge(&job.done, 1, KT_SAFETY_US))
		err = -L4_EAGAIN;
	return err;
}

static l4_msgtag_t set_r0_and_skip(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	skip(mr);
	mr[MR_R(0)] = 0x5678;
	return l4_msgtag(0, EXC_WORDS, 0, 0);
}

/* Undefined instruction: the handler skips it (Thumb: 2 bytes; ARM: 4) and sets r0. */
KTEST(exception_undefined_instruction)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = set_r0_and_skip;
	KT_EQ(run_job(udf_job, 0x1111, 0), 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_UNDEF);
	KT_EQ(fs.exc[MR_PC], addr_of(udf_insn));
	KT_EQ(fs.exc[MR_CPSR] & PSR_T, CODE_PSR_T);
	KT_EQ(fs.exc[MR_R(0)], 0x1111);
	KT_EQ(job.out[0], 0x5678);
	KT_EQ(fs.label, L4_CAP_FPAGE_W | L4_CAP_FPAGE_S);
}

static void regs_job(void *arg)
{
	struct job *j = arg;
	j->tls = kt_read_tpidruro();
	j->utcb = (l4_umword_t)l4_utcb();
	exc_regs_fn(&j->sp);
	j->done = 1;
}

/* The exception message is l4_exc_regs_t. */
KTEST(exception_message_layout)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	KT_EQ(run_job(regs_job, 0, 0), 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_UNDEF);
	for (unsigned i = 0; i < 13; i++)
		KT_EQ(fs.exc[MR_R(i)], 0xa000 + i);
	KT_EQ(fs.exc[MR_SP], job.sp);
	KT_EQ(fs.exc[MR_LR], 0xa00e);
	KT_EQ(fs.exc[17], 0);
	KT_EQ(fs.exc[MR_PC], addr_of(exc_regs_insn));
	KT_EQ(fs.exc[MR_CPSR] & PSR_MODE, MODE_USR);
	KT_EQ(fs.exc[MR_CPSR] & PSR_T, CODE_PSR_T);
	KT_EQ(fs.exc[MR_TPIDRURO], job.tls);
	KT_EQ(fs.exc[MR_TPIDRURW], job.utcb);
}

static l4_msgtag_t change_registers(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	for (unsigned i = 0; i < 13; i++)
		mr[MR_R(i)] += 0x100;
	mr[MR_LR] = 0xc00e;
	mr[MR_PC] = next_insn(mr);
	return l4_msgtag(0, EXC_WORDS, 0, 0);
}

static void load_job(void *arg)
{
	struct job *j = arg;
	exc_load_fn();
	j->done = 1;
}

/* A reply of 22 words loads r0-r12, lr and pc. */
KTEST(exception_reply_loads_registers)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = change_registers;
	memset((void *)exc_out, 0, sizeof(exc_out));
	KT_EQ(run_job(load_job, 0, 0), 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(fs.exc[MR_PC], addr_of(exc_load_insn));
	for (unsigned i = 0; i < 13; i++)
		KT_EQ(exc_out[i], 0xb100 + i);
	KT_EQ(exc_out[13], 0xc00e);
}

static l4_msgtag_t privileged_cpsr(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	skip(mr);
	/* System mode, interrupts masked, all flags set. */
	mr[MR_CPSR] = (mr[MR_CPSR] & ~PSR_MODE) | 0x1f | 0x1c0 | 0xf0000000UL;
	return l4_msgtag(0, EXC_WORDS, 0, 0);
}

static void cpsr_job(void *arg)
{
	struct job *j = arg;
	j->out[0] = exc_cpsr_fn();
	j->out[1] = kt_read_cpsr();
	j->done = 1;
}

/* The reply's cpsr cannot give privilege: the thread still runs in user mode. */
KTEST(exception_reply_cannot_change_mode)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = privileged_cpsr;
	KT_EQ(run_job(cpsr_job, 0, 0), 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(job.out[0] & PSR_MODE, MODE_USR);
	KT_EQ(job.out[0] >> 28, 0xf); /* the flags are the user's to set */
	KT_EQ(job.out[0] & 0x80, 0);  /* IRQs stay enabled */
	KT_EQ(job.out[1] & PSR_MODE, MODE_USR);
}

static l4_msgtag_t set_tls(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	skip(mr);
	mr[MR_TPIDRURO] = 0x13572468;
	mr[MR_TPIDRURW] = 0xdeadbeef;
	return l4_msgtag(0, EXC_WORDS, 0, 0);
}

static void tls_job(void *arg)
{
	struct job *j = arg;
	j->utcb = (l4_umword_t)l4_utcb();
	exc_tls_fn(j->out);
	j->done = 1;
}

/* The reply sets TPIDRURO; TPIDRURW (the UTCB pointer) stays the kernel's. */
KTEST(exception_reply_sets_tpidruro_only)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = set_tls;
	KT_EQ(run_job(tls_job, 0, 0), 0);
	KT_EQ(fs.exc[MR_PC], addr_of(exc_tls_insn));
	KT_EQ(job.out[0], 0x13572468);
	KT_EQ(job.out[1], job.utcb);
}

static void bad_svc_job(void *arg)
{
	struct job *j = arg;
	j->out[0] = bad_svc_fn(j->in);
	j->done = 1;
}

/* r5 != 0: an exception of class svc with r5 in the low bits; a reply without words
 * resumes after the svc with the registers unchanged. */
KTEST(exception_bad_system_call)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_SHORT;
	KT_EQ(run_job(bad_svc_job, 0x1234abcdUL, 0), 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_SVC);
	KT_EQ(fs.exc[MR_ERR] & 0x03ffffffUL, 3);
	KT_EQ(fs.exc[MR_PC], addr_of(bad_svc_after));
	KT_EQ(fs.exc[MR_R(0)], 0x1234abcdUL);
	KT_EQ(fs.exc[MR_R(5)], 3);
	KT_EQ(job.out[0], 0x1234abcdUL);
}

static l4_msgtag_t short_twice(struct fsrv *s, l4_umword_t *mr)
{
	if (s->exc_count < 3)
		return l4_msgtag(0, 0, 0, 0);
	skip(mr);
	return l4_msgtag(0, EXC_WORDS, 0, 0);
}

/* A reply without words resumes unchanged: the undefined instruction again. */
KTEST(exception_short_reply_retries_instruction)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = short_twice;
	KT_EQ(run_job(udf_job, 0x2222, 0), 0);
	KT_EQ(fs.exc_count, 3);
	for (unsigned i = 0; i < 3; i++)
		KT_EQ(fs.exc_pc[i], addr_of(udf_insn));
	KT_EQ(job.out[0], 0x2222);
}

static void utcb_exc_job(void *arg)
{
	struct job *j = arg;
	l4_msg_regs_t *mr = l4_utcb_mr();
	l4_buf_regs_t *br = l4_utcb_br();
	for (unsigned i = 0; i < EXC_WORDS; i++)
		mr->mr[i] = 0x6000 + i;
	br->br[0] = 0x6660;
	br->bdr = 0x1;
	j->out[0] = udf_fn(0x77);
	unsigned ok = br->br[0] == 0x6660 && br->bdr == 0x1;
	for (unsigned i = 0; i < EXC_WORDS; i++)
		ok &= mr->mr[i] == 0x6000 + i;
	j->out[1] = ok;
	br->br[0] = 0;
	br->bdr = 0;
	j->done = 1;
}

/* The exception call does not disturb the thread's MRs and buffers either. */
KTEST(exception_preserves_utcb)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = set_r0_and_skip;
	KT_EQ(run_job(utcb_exc_job, 0, 0), 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(fs.exc[MR_R(0)], 0x77);
	KT_EQ(job.out[0], 0x5678);
	KT_EQ(job.out[1], 1);
}

static l4_msgtag_t skip_with_junk(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	skip(mr);
	mr[MR_R(0)] = 0x5678;
	for (unsigned i = EXC_WORDS; i < L4_UTCB_GENERIC_DATA_SIZE; i++)
		mr[i] = 0xbad00000UL + i;
	return l4_msgtag(0, L4_UTCB_GENERIC_DATA_SIZE, 0, 0);
}

static void utcb_all_exc_job(void *arg)
{
	struct job *j = arg;
	utcb_fill(0x8000);
	j->out[0] = udf_fn(0x77);
	j->out[1] = (l4_umword_t)utcb_unchanged(0x8000);
	j->done = 1;
}

/* An exception handler's reply of 63 words loads the registers from the first ones
 * and changes nothing of the thread's UTCB. */
KTEST(exception_long_reply_leaves_whole_utcb)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = skip_with_junk;
	KT_EQ(run_job(utcb_all_exc_job, 0, 0), 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(job.out[0], 0x5678);
	KT_EQ(job.out[1], 1);
}

/* An alignment fault is no page fault: it goes to the exception handler directly. */
KTEST(exception_alignment_fault)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	l4_addr_t p = ram(PG);
	KT_ASSERT(p);
	touch_init(&tch, TOUCH_LDM, 0);
	touch_add(&tch, p + 8);
	touch_add(&tch, p + 2);
	KT_EQ(run_touch(&tch, TASK, fs_cap, fs_cap), 0);
	KT_EQ(tch.faulted[0], 0);
	KT_EQ(tch.faulted[1], 1);
	KT_EQ(fs.pf_count, 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_DABT);
	KT_EQ(fault_status(fs.exc[MR_ERR]), 0x01);
	KT_EQ(fs.exc[MR_PFA], p + 2);
	KT_EQ(fs.exc[MR_PC], addr_of(mem_ldm_insn));
}

static l4_msgtag_t step_over(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	mr[MR_PC] = next_insn(mr);
	mr[MR_R(3)] = 1;
	return l4_msgtag(0, EXC_WORDS, 0, 0);
}

static void bkpt_job(void *arg)
{
	struct job *j = arg;
	volatile uint32_t f = 0;
	bkpt_fn(&f);
	j->out[0] = f;
	j->done = 1;
}

/* A breakpoint is a prefetch abort that is no page fault (debug event). */
KTEST(exception_breakpoint)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = step_over;
	KT_EQ(run_job(bkpt_job, 0, 0), 0);
	KT_EQ(fs.pf_count, 0);
	KT_EQ(fs.exc_count, 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_PABT);
	KT_EQ(fault_status(fs.exc[MR_ERR]), 0x02);
	KT_EQ(fs.exc[MR_PC], addr_of(bkpt_insn));
	KT_EQ(job.out[0], 1);
}

/* A negative reply leaves the thread stopped. */
KTEST(exception_negative_reply_stops_thread)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_NEG;
	KT_EQ(start_job(&th, udf_job, 0x3333, 0), 0);
	KT_ASSERT(kt_wait_ge(&fs.exc_count, 1, KT_SAFETY_US));
	kt_sleep_us(20000);
	KT_EQ(job.done, 0);
	KT_EQ(fs.exc_count, 1);
	KT_ASSERT(stays_stopped(th));
	l4_umword_t ip = ~0UL, sp = ~0UL, flags = 0;
	KT_EQ(l4_error(l4_thread_ex_regs_ret(th, &ip, &sp, &flags)), 0);
	KT_EQ(ip, addr_of(udf_insn) | CODE_ADDR_BIT);
}

/* An exception handler capability that names no thread or gate: the thread stops (it
 * runs below the main thread, so that a thread that does not stop is seen spinning). */
KTEST(exception_handler_not_an_ipc_object)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	memset((void *)&job, 0, sizeof(job));
	job.in = 0x4444;
	KT_EQ(spawn(&th, TASK, udf_job, &job, LOW_PRIO, L4_INVALID_CAP, L4_BASE_LOG_CAP, 0), 0);
	kt_sleep_us(50000);
	KT_EQ(job.done, 0);
	KT_ASSERT(stays_stopped(th)); /* stopped, not retrying */
	l4_umword_t ip = ~0UL, sp = ~0UL, flags = 0;
	KT_EQ(l4_error(l4_thread_ex_regs_ret(th, &ip, &sp, &flags)), 0);
	KT_EQ(ip, addr_of(udf_insn) | CODE_ADDR_BIT);
}

/* ---- alien threads ---- */

static l4_msgtag_t alien_reply(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	if (mr[MR_PC] != addr_of(alien_svc_after))
		return l4_msgtag(L4_PROTO_ALLOW_SYSCALL, 0, 0, 0); /* e.g. the final sleep */
	mr[MR_R(0)] = 0x1234;
	mr[MR_R(7)] = 0x77;
	return l4_msgtag(0, EXC_WORDS, 0, 0);
}

static void alien_job(void *arg)
{
	struct job *j = arg;
	alien_svc_fn(j->out);
	j->done = 1;
}

/* An alien's svc goes to the handler before it executes, registers intact. */
KTEST(alien_svc_becomes_exception)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = alien_reply;
	KT_EQ(run_job(alien_job, 0, 1), 0);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_SVC);
	KT_EQ(fs.exc[MR_PC], addr_of(alien_svc_after));
	for (unsigned i = 0; i < 8; i++)
		KT_EQ(fs.exc[MR_R(i)], 0x10 + i);
	KT_EQ(job.out[0], 0x1234);
	KT_EQ(job.out[1], 0x77);
}

/* The UTCB of an alien making a system call, as it was before (the fast path leaves it
 * alone; the general path saves and restores it): job.in says which reply the handler
 * sends, an ordinary one (all registers) or one with too few words for them. */
static volatile int utcb_kept;

static void alien_utcb_job(void *arg)
{
	struct job *j = arg;
	l4_umword_t *mr = l4_utcb_mr()->mr;
	for (unsigned i = 0; i < EXC_WORDS + 2; i++)
		mr[i] = 0xa000 + i;
	l4_utcb_br()->br[0] = 0xb000;
	alien_svc_fn(j->out);
	int kept = l4_utcb_br()->br[0] == 0xb000;
	for (unsigned i = 0; i < EXC_WORDS + 2; i++)
		kept &= mr[i] == 0xa000 + i;
	utcb_kept = kept;
	j->done = 1;
}

static l4_msgtag_t alien_reply_short(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	if (mr[MR_PC] != addr_of(alien_svc_after))
		return l4_msgtag(L4_PROTO_ALLOW_SYSCALL, 0, 0, 0);
	return l4_msgtag(0, 5, 0, 0); /* too few for registers: the thread goes on as it was */
}

KTEST(alien_svc_keeps_utcb)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = alien_reply;
	utcb_kept = 0;
	KT_EQ(run_job(alien_utcb_job, 0, 1), 0);
	KT_EQ(job.out[0], 0x1234);
	KT_EQ(job.out[1], 0x77);
	KT_EQ(utcb_kept, 1);
	fs.on_exc = alien_reply_short;
	utcb_kept = 0;
	KT_EQ(run_job(alien_utcb_job, 0, 1), 0);
	KT_EQ(job.out[1], 0x17); /* r7 as the thread left it */
	KT_EQ(utcb_kept, 1);
}

static l4_msgtag_t allow(struct fsrv *s, l4_umword_t *mr)
{
	(void)s;
	(void)mr;
	return l4_msgtag(L4_PROTO_ALLOW_SYSCALL, 0, 0, 0);
}

static const char alien_msg[] = "alien: a system call allowed by the handler\n";

static void alien_log_job(void *arg)
{
	struct job *j = arg;
	j->out[0] = (l4_umword_t)l4_vcon_write(L4_BASE_LOG_CAP, alien_msg, sizeof(alien_msg) - 1);
	j->done = 1;
}

/* L4_PROTO_ALLOW_SYSCALL: the call is carried out as a Keel system call. */
KTEST(alien_allow_syscall_log)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = allow;
	KT_EQ(run_job(alien_log_job, 0, 1), 0);
	KT_EQ(job.out[0], sizeof(alien_msg) - 1);
	KT_ASSERT(fs.exc_count >= 1);
	KT_EQ(exc_class(fs.exc[MR_ERR]), EXC_SVC);
	l4_msgtag_t tag = {(l4_mword_t)fs.exc[MR_R(0)]};
	KT_EQ(l4_msgtag_label(tag), L4_PROTO_LOG);
	KT_EQ(fs.exc[MR_R(2)], L4_BASE_LOG_CAP | L4_SYSF_SEND);
}

static struct kt_server echo;
static l4_cap_idx_t echo_gate;

static void alien_ipc_job(void *arg)
{
	struct job *j = arg;
	l4_msg_regs_t *mr = l4_utcb_mr();
	for (unsigned i = 0; i < 30; i++)
		mr->mr[i] = 0x100 + i;
	l4_msgtag_t tag =
	    l4_ipc_call(echo_gate, l4_utcb(), l4_msgtag(0x55, 30, 0, 0), kt_safety_timeout());
	j->out[0] = (l4_umword_t)l4_ipc_error(tag, l4_utcb());
	unsigned ok = l4_msgtag_words(tag) == 30;
	for (unsigned i = 0; i < 30; i++)
		ok &= mr->mr[i] == ~(l4_umword_t)(0x100 + i);
	j->out[1] = ok;
	j->done = 1;
}

/* An allowed IPC call blocks and completes as usual (30 words: beyond the 22 the
 * exception call overwrote). */
KTEST(alien_allow_syscall_ipc)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = allow;
	kt_server_init(&echo);
	KT_EQ(kt_server_start(&echo, &th, &echo_gate, 0x10, SRV_PRIO), 0);
	KT_EQ(run_job(alien_ipc_job, 0, 1), 0);
	KT_EQ(job.out[0], 0);
	KT_EQ(job.out[1], 1);
	KT_EQ(echo.count, 1);
	KT_EQ(echo.tag_label, 0x55);
	KT_EQ(echo.mr[0], 0x100);
	KT_EQ(echo.mr[29], 0x100 + 29);
	KT_ASSERT(fs.exc_count >= 1);
	KT_EQ(fs.exc[MR_R(2)], echo_gate | L4_SYSF_CALL);
}

/* ---- the two sides of an allowed system call (L4Re's sys/aliens) ---- */

#define ALOG_N 6
static volatile l4_umword_t alog_err[ALOG_N], alog_pc[ALOG_N], alog_r0[ALOG_N], alog_echo[ALOG_N];
static volatile unsigned alog_n, alog_deny_from;

/* As sys/aliens: before a call allow it, after it resume with the registers (r0's
 * label set to 0x42, to see that the reply's registers count). Exception number
 * alog_deny_from is emulated instead (r0 = 0x5151): no after-exception for it. */
static l4_msgtag_t aliens_handler(struct fsrv *s, l4_umword_t *mr)
{
	unsigned n = alog_n;
	(void)s;
	if (n < ALOG_N) {
		alog_err[n] = mr[MR_ERR];
		alog_pc[n] = mr[MR_PC];
		alog_r0[n] = mr[MR_R(0)];
		alog_echo[n] = echo.count;
	}
	alog_n = n + 1;
	if (l4_exc_is_alien_after_syscall((const l4_exc_regs_t *)mr)) {
		mr[MR_R(0)] = (mr[MR_R(0)] & 0xffffUL) | (0x42UL << 16);
		return l4_msgtag(0, EXC_WORDS, 0, 0);
	}
	if (n == alog_deny_from) {
		mr[MR_R(0)] = 0x5151;
		return l4_msgtag(0, EXC_WORDS, 0, 0);
	}
	return l4_msgtag(L4_PROTO_ALLOW_SYSCALL, EXC_WORDS, 0, 0);
}

static void aliens_setup(unsigned deny_from)
{
	alog_n = 0;
	alog_deny_from = deny_from;
	for (unsigned i = 0; i < ALOG_N; i++)
		alog_err[i] = alog_pc[i] = alog_r0[i] = alog_echo[i] = 0;
	fs.exc_mode = EXC_FN;
	fs.on_exc = aliens_handler;
}

static void alien_empty_slot_job(void *arg)
{
	struct job *j = arg;
	l4_msgtag_t tag =
	    l4_ipc_call(0x1234UL << L4_CAP_SHIFT, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	j->out[0] = (l4_umword_t)tag.raw;
	j->out[1] = l4_utcb_tcr()->error;
	j->done = 1;
}

#define AFTER_ERR ((EXC_SVC << 26) | L4_EXC_ALIEN_AFTER_SYSCALL)

/* An allowed call: the handler sees it before (err 0x11 << 26) and after (with
 * L4_EXC_ALIEN_AFTER_SYSCALL, the result registers), both at the pc after the svc; the
 * reply to the second resumes the thread after the svc with the reply's registers. */
KTEST(alien_after_syscall)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	aliens_setup(ALOG_N);
	KT_EQ(run_job(alien_empty_slot_job, 0, 1), 0);
	KT_ASSERT(alog_n >= 2);
	KT_EQ(alog_err[0], EXC_SVC << 26);
	KT_EQ(alog_err[1], AFTER_ERR);
	KT_EQ(alog_pc[1], alog_pc[0]);
	l4_msgtag_t before = {(l4_mword_t)alog_r0[0]}, after = {(l4_mword_t)alog_r0[1]};
	KT_EQ(l4_msgtag_has_error(before), 0);
	KT_ASSERT(l4_msgtag_has_error(after)); /* the call's result: an empty slot */
	l4_msgtag_t seen = {(l4_mword_t)job.out[0]};
	KT_EQ(l4_msgtag_label(seen), 0x42); /* the after-reply's r0 */
	KT_ASSERT(l4_msgtag_has_error(seen));
	KT_EQ(job.out[1], L4_IPC_ENOT_EXISTENT);
	if (alog_n > 2) /* the job's end: another call, seen before it runs */
		KT_EQ(alog_err[2], EXC_SVC << 26);
}

/* A denied (emulated) call has no after-exception: the first call is allowed, the
 * second emulated, and what follows the second is the next call's before-exception. */
static void alien_two_calls_job(void *arg)
{
	struct job *j = arg;
	l4_msgtag_t tag =
	    l4_ipc_call(0x1234UL << L4_CAP_SHIFT, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	j->out[0] = (l4_umword_t)tag.raw;
	tag = l4_ipc_call(0x1234UL << L4_CAP_SHIFT, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	j->out[1] = (l4_umword_t)tag.raw;
	j->done = 1;
}

KTEST(alien_after_denied_none)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	aliens_setup(2); /* exception 0 allowed, 1 its after, 2 emulated */
	KT_EQ(run_job(alien_two_calls_job, 0, 1), 0);
	KT_ASSERT(alog_n >= 3);
	KT_EQ(alog_err[0], EXC_SVC << 26);
	KT_EQ(alog_err[1], AFTER_ERR);
	KT_EQ(alog_err[2], EXC_SVC << 26);
	KT_ASSERT(alog_pc[2] != alog_pc[0]); /* the second call's svc */
	KT_EQ(job.out[1], 0x5151);
	kt_sleep_us(2000);
	if (alog_n > 3) /* the job's end: the next call's before, not an after */
		KT_EQ(alog_err[3], EXC_SVC << 26);
}

static void alien_echo_job(void *arg)
{
	struct job *j = arg;
	l4_utcb_mr()->mr[0] = 7;
	l4_msgtag_t tag =
	    l4_ipc_call(echo_gate, l4_utcb(), l4_msgtag(0x55, 1, 0, 0), kt_safety_timeout());
	j->out[0] = (l4_umword_t)tag.raw;
	j->out[1] = l4_utcb_mr()->mr[0];
	j->done = 1;
}

/* A call that blocks: the after-exception comes when the server has replied, with the
 * reply's tag in r0 and the reply's words in the UTCB, kept across the exception. */
KTEST(alien_after_blocked_call)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	KT_EQ(setup(NULL, 0), 0);
	kt_server_init(&echo);
	KT_EQ(kt_server_start(&echo, &th, &echo_gate, 0x10, SRV_PRIO), 0);
	aliens_setup(ALOG_N);
	KT_EQ(run_job(alien_echo_job, 0, 1), 0);
	KT_ASSERT(alog_n >= 2);
	KT_EQ(alog_err[0], EXC_SVC << 26);
	KT_EQ(alog_echo[0], 0); /* before: the server has not seen it */
	KT_EQ(alog_err[1], AFTER_ERR);
	KT_EQ(alog_echo[1], 1); /* after: it has, and replied */
	l4_msgtag_t after = {(l4_mword_t)alog_r0[1]};
	KT_EQ(l4_msgtag_has_error(after), 0);
	KT_EQ(l4_msgtag_words(after), 1);
	l4_msgtag_t seen = {(l4_mword_t)job.out[0]};
	KT_EQ(l4_msgtag_label(seen), 0x42);
	KT_EQ(job.out[1], ~(l4_umword_t)7);
	KT_EQ(echo.count, 1);
}

static void alien_timeout_job(void *arg)
{
	struct job *j = arg;
	l4_msgtag_t tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(),
					 l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(2000)));
	j->out[0] = (l4_umword_t)tag.raw;
	j->out[1] = l4_utcb_tcr()->error;
	j->done = 1;
}

/* A receive that blocks until its timeout: the after-exception comes then. */
KTEST(alien_after_blocked_timeout)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	aliens_setup(ALOG_N);
	KT_EQ(run_job(alien_timeout_job, 0, 1), 0);
	KT_ASSERT(alog_n >= 2);
	KT_EQ(alog_err[0], EXC_SVC << 26);
	KT_EQ(alog_err[1], AFTER_ERR);
	KT_EQ(alog_pc[1], alog_pc[0]);
	KT_ASSERT(l4_msgtag_has_error((l4_msgtag_t){(l4_mword_t)alog_r0[1]}));
	KT_EQ(job.out[1] & L4_IPC_ERROR_MASK, L4_IPC_RETIMEOUT);
}

static l4_cap_idx_t alien_cap;

/* First svc: the handler makes the thread native again and allows the call. */
static l4_msgtag_t alien_off(struct fsrv *s, l4_umword_t *mr)
{
	(void)mr;
	l4_thread_control_start();
	l4_thread_control_alien(0);
	s->ext[0] = l4_error(l4_thread_control_commit(alien_cap));
	return l4_msgtag(L4_PROTO_ALLOW_SYSCALL, 0, 0, 0);
}

static void alien_twice_job(void *arg)
{
	struct job *j = arg;
	j->out[0] = (l4_umword_t)l4_vcon_write(L4_BASE_LOG_CAP, "", 0);
	j->out[1] = (l4_umword_t)l4_vcon_write(L4_BASE_LOG_CAP, "", 0);
	j->done = 1;
}

KTEST(alien_mode_switched_off)
{
	KT_SCOPE();
	KT_EQ(setup(NULL, 0), 0);
	fs.exc_mode = EXC_FN;
	fs.on_exc = alien_off;
	KT_EQ(start_job(&alien_cap, alien_twice_job, 0, 1), 0);
	KT_ASSERT(kt_wait_ge(&job.done, 1, KT_SAFETY_US));
	KT_EQ(fs.ext[0], 0);
	KT_EQ(job.out[0], 0);
	KT_EQ(job.out[1], 0);
	kt_sleep_us(2000);
	KT_EQ(fs.exc_count, 1);
}
