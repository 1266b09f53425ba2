/* string.S - memcpy and memset for the kernel and user programs: eight words per load and store. */
	.syntax unified
	.arm
	.text

/*
 * One copy for both (the kernel lists it among its sources, libl4re among its own):
 * picolibc's go a byte at a time, and both sides copy and clear a lot. The kernel
 * clears and copies first-level tables while creating a task with interrupts masked
 * (a 16 KiB table: about 800 instructions instead of 7,000) and copies message words
 * on every IPC and exception; user programs clear pages (a cleared 4 KiB page cost the
 * memory server some 16,000 instructions per page fault). Both align the destination
 * with bytes, then move 32 bytes per load-multiple and store-multiple (four of them
 * per loop round while 128 bytes are left), then words, then the bytes left. A source
 * not aligned like the destination is copied a byte at a time. Stack: memset pushes
 * six registers, memcpy seven (test/harness/check_stack_usage.py).
 */

/* void *memset(void *dst, int c, size_t n) */
	.global memset
	.type memset, %function
memset:
	mov	ip, r0
	and	r1, r1, #0xff
	orr	r1, r1, r1, lsl #8
	orr	r1, r1, r1, lsl #16
1:	tst	ip, #3			@ bytes until the destination is aligned
	beq	2f
	subs	r2, r2, #1
	bxlo	lr
	strb	r1, [ip], #1
	b	1b
2:	cmp	r2, #32
	blo	4f
	push	{r4-r9}
	mov	r3, r1
	mov	r4, r1
	mov	r5, r1
	mov	r6, r1
	mov	r7, r1
	mov	r8, r1
	mov	r9, r1
	subs	r2, r2, #128		@ 128 bytes a round while they last (pages, tables)
	blo	31f
30:	stmia	ip!, {r1, r3-r9}
	stmia	ip!, {r1, r3-r9}
	stmia	ip!, {r1, r3-r9}
	stmia	ip!, {r1, r3-r9}
	subs	r2, r2, #128
	bhs	30b
31:	add	r2, r2, #128
	cmp	r2, #32
	blo	32f
3:	stmia	ip!, {r1, r3-r9}
	sub	r2, r2, #32
	cmp	r2, #32
	bhs	3b
32:	pop	{r4-r9}
4:	subs	r2, r2, #4		@ the words left
	strhs	r1, [ip], #4
	bhs	4b
	add	r2, r2, #4		@ and the bytes after them
5:	subs	r2, r2, #1
	strbhs	r1, [ip], #1
	bhs	5b
	bx	lr
	.size memset, . - memset

/* void *memcpy(void *dst, const void *src, size_t n) */
	.global memcpy
	.type memcpy, %function
memcpy:
	mov	ip, r0
	eor	r3, r0, r1
	tst	r3, #3
	bne	5f			@ aligned differently: bytes
1:	tst	ip, #3			@ bytes until both are aligned
	beq	2f
	subs	r2, r2, #1
	bxlo	lr
	ldrb	r3, [r1], #1
	strb	r3, [ip], #1
	b	1b
2:	cmp	r2, #32
	blo	4f
	push	{r4-r10}
	subs	r2, r2, #128		@ 128 bytes a round while they last (page tables)
	blo	31f
30:	ldmia	r1!, {r3-r10}
	stmia	ip!, {r3-r10}
	ldmia	r1!, {r3-r10}
	stmia	ip!, {r3-r10}
	ldmia	r1!, {r3-r10}
	stmia	ip!, {r3-r10}
	ldmia	r1!, {r3-r10}
	stmia	ip!, {r3-r10}
	subs	r2, r2, #128
	bhs	30b
31:	add	r2, r2, #128
	cmp	r2, #32
	blo	32f
3:	ldmia	r1!, {r3-r10}
	stmia	ip!, {r3-r10}
	sub	r2, r2, #32
	cmp	r2, #32
	bhs	3b
32:	pop	{r4-r10}
4:	subs	r2, r2, #4		@ the words left
	ldrhs	r3, [r1], #4
	strhs	r3, [ip], #4
	bhs	4b
	add	r2, r2, #4		@ and the bytes after them
5:	subs	r2, r2, #1
	ldrbhs	r3, [r1], #1
	strbhs	r3, [ip], #1
	bhs	5b
	bx	lr
	.size memcpy, . - memcpy
