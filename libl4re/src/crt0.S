/* crt0.S - user program entry: take a stack if the loader gave none, then start C. */
	.syntax unified
	.thumb
	.section .text.start, "ax"
	.global _start
	.type _start, %function
	.thumb_func
_start:
	mov	r4, sp
	cbnz	r4, 1f
	ldr	r4, =__stack_top
	mov	sp, r4
1:	movs	r7, #0
	mov	lr, r7			@ end of call chain for debuggers
	bl	__l4re_start
2:	b	2b
	.ltorg
