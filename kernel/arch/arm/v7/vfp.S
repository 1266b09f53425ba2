/* vfp.S - save and load a thread's FPU registers (struct arch_fpu_state). */
	.syntax unified
	.arm
	.fpu neon-vfpv4

	.text
	.global arch_vfp_save
arch_vfp_save:
	vstmia	r0!, {d0-d15}
	vstmia	r0!, {d16-d31}
	vmrs	r1, fpscr
	str	r1, [r0]
	bx	lr

	.global arch_vfp_load
arch_vfp_load:
	vldmia	r0!, {d0-d15}
	vldmia	r0!, {d16-d31}
	ldr	r1, [r0]
	vmsr	fpscr, r1
	bx	lr
