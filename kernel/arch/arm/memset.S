/* memset.S - the kernel's memset: eight words per store for word-aligned buffers. */

	.syntax unified
	.arm
	.text

/*
 * void *memset(void *dst, int c, size_t n). Zeroing page tables and UTCB areas is on
 * the path of task creation, which runs with interrupts masked: one store-multiple per
 * 32 bytes makes a 16 KiB table cost about 2,000 instructions instead of 7,000.
 */
	.global memset
	.type memset, %function
memset:
	mov	ip, r0
	orr	r3, r0, r2
	tst	r3, #3
	bne	3f
	and	r1, r1, #0xff
	orr	r1, r1, r1, lsl #8
	orr	r1, r1, r1, lsl #16
	cmp	r2, #32
	blo	2f
	push	{r4-r9}
	mov	r3, r1
	mov	r4, r1
	mov	r5, r1
	mov	r6, r1
	mov	r7, r1
	mov	r8, r1
	mov	r9, r1
1:	stmia	ip!, {r1, r3-r9}
	sub	r2, r2, #32
	cmp	r2, #32
	bhs	1b
	pop	{r4-r9}
2:	subs	r2, r2, #4		@ the words left
	strhs	r1, [ip], #4
	bhs	2b
	bx	lr
3:	subs	r2, r2, #1		@ not word-aligned: bytes
	strbhs	r1, [ip], #1
	bhs	3b
	bx	lr
	.size memset, . - memset
