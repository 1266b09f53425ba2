/* scan.S - the first non-empty entry of a page table: eight entries per load-multiple. */
	.syntax unified
	.arm
	.text

/*
 * unsigned arch_first_nonzero(const uint32_t *w, unsigned n): the index of the first
 * non-zero word of w[0, n), or n. Walks over address spaces look for mapped pages in
 * tables that are mostly empty (a task's last page leaves 255 empty entries of 256):
 * 12 instructions per 8 entries, where C took 20. Stack: seven registers
 * (test/harness/check_stack_usage.py).
 */
	.global arch_first_nonzero
	.type arch_first_nonzero, %function
arch_first_nonzero:
	push	{r4-r9, lr}
	mov	r2, r0			@ the start, for the index
	add	r3, r0, r1, lsl #2	@ the end
1:	sub	ip, r3, r0
	cmp	ip, #32
	blo	3f			@ fewer than eight left
	ldmia	r0!, {r4-r9, ip, lr}
	orr	r4, r4, r5
	orr	r6, r6, r7
	orr	r8, r8, r9
	orr	ip, ip, lr
	orr	r4, r4, r6
	orr	r8, r8, ip
	orrs	r4, r4, r8
	beq	1b
	sub	r0, r0, #32		@ one of these eight: find it a word at a time
3:	cmp	r0, r3
	bhs	4f
	ldr	ip, [r0], #4
	cmp	ip, #0
	beq	3b
	sub	r0, r0, #4
4:	sub	r0, r0, r2
	lsr	r0, r0, #2
	pop	{r4-r9, pc}
	.size arch_first_nonzero, . - arch_first_nonzero
