/* memcpy.S - the kernel's memcpy: eight words per load and store for word-aligned buffers. */

	.syntax unified
	.arm
	.text

/*
 * void *memcpy(void *dst, const void *src, size_t n). Message words go from UTCB to
 * UTCB on every IPC and exception: a load-multiple and a store-multiple per 32 bytes
 * instead of a loop per word. Unaligned buffers go a byte at a time (rare: UTCBs and
 * kernel structures are word-aligned).
 */
	.global memcpy
	.type memcpy, %function
memcpy:
	mov	ip, r0
	orr	r3, r0, r1
	tst	r3, #3
	bne	3f
	cmp	r2, #32
	blo	2f
	push	{r4-r9, lr}
1:	ldmia	r1!, {r3-r9, lr}
	stmia	ip!, {r3-r9, lr}
	sub	r2, r2, #32
	cmp	r2, #32
	bhs	1b
	pop	{r4-r9, lr}
2:	subs	r2, r2, #4		@ the words left
	ldrhs	r3, [r1], #4
	strhs	r3, [ip], #4
	bhs	2b
	add	r2, r2, #4		@ and the bytes after them
3:	subs	r2, r2, #1
	ldrbhs	r3, [r1], #1
	strbhs	r3, [ip], #1
	bhs	3b
	bx	lr
	.size memcpy, . - memcpy
