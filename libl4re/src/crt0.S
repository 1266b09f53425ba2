/* crt0.S - user program entry: take a stack if the loader gave none, then start C. */
	.syntax unified
	.section .text.start, "ax"
	.global _start
	.type _start, %function
#if defined(__thumb2__)
	.thumb
	.thumb_func
_start:
	mov	r4, sp
	cbnz	r4, 1f
	ldr	r4, =__stack_top
	mov	sp, r4
1:	movs	r7, #0
#else
	.arm				@ ARMv5: no Thumb-2 (cbnz); programs are ARM code there
_start:
	cmp	sp, #0
	ldreq	sp, =__stack_top
	mov	r7, #0
#endif
	mov	lr, r7			@ end of call chain for debuggers
	bl	__l4re_start
2:	b	2b
	.ltorg
