/* kip.h - the kernel info page: identification, the clock, memory descriptors. */
#ifndef L4_SYS_KIP_H
#define L4_SYS_KIP_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

/*
 * The kernel info page (KIP): one read-only page, the same for every task, mapped
 * by the kernel into each task at L4_KIP_ADDR when the task is created
 * (l4re_kip() in l4/re/env.h). The field names are L4Re's where L4Re has the field;
 * the layout is Keel's (docs/abi.md).
 */
#define L4_KIP_ADDR	     0xbfeff000u
#define L4_KERNEL_INFO_MAGIC 0x4be6344cu /* "L4µK" */
#define L4_KIP_VERSION_KEEL  0x4b450001u /* "KE", layout version 1 */

typedef struct l4_kernel_info_t {
	l4_uint32_t magic;		   /* L4_KERNEL_INFO_MAGIC */
	l4_uint32_t version;		   /* L4_KIP_VERSION_KEEL */
	l4_uint8_t offset_version_strings; /* the version string, in 16-byte units */
	l4_uint8_t fill0[3];
	l4_umword_t mem_info; /* memory descriptors: byte offset << 16 | count */
	/* The clock: the ARM generic timer's virtual counter (CNTVCT, readable in user
	 * mode) counts at this frequency from 0 at boot; l4_kip_clock() converts. */
	l4_uint32_t frequency_counter;	   /* Hz */
	l4_uint32_t frequency_cpu;	   /* kHz, 0 = unknown */
	l4_uint32_t frequency_bus;	   /* kHz, 0 = unknown */
	l4_uint32_t scheduler_granularity; /* us: the timer's resolution, rounded up */
	l4_umword_t user_ptr;		   /* unused, 0 */
} l4_kernel_info_t;

/* The architecture's part: l4_kip_clock_counter(), the counter the clock is made of. */
#include <l4/sys/kip-arch.h>

/* Microseconds since boot, without a system call (the kernel's timeouts use the same
 * clock: l4_timeout_abs() takes this time). */
L4_INLINE l4_cpu_time_t l4_kip_clock(l4_kernel_info_t const *kip)
{
	l4_uint64_t c = l4_kip_clock_counter(), f = kip->frequency_counter;
	return c / f * 1000000u + c % f * 1000000u / f;
}

/* Nanoseconds since boot. */
L4_INLINE l4_uint64_t l4_kip_clock_ns(l4_kernel_info_t const *kip)
{
	l4_uint64_t c = l4_kip_clock_counter(), f = kip->frequency_counter;
	return c / f * 1000000000u + c % f * 1000000000u / f;
}

/* The lower word of l4_kip_clock(). */
L4_INLINE l4_umword_t l4_kip_clock_lw(l4_kernel_info_t const *kip)
{
	return (l4_umword_t)l4_kip_clock(kip);
}

L4_INLINE int l4_kernel_info_version_offset(l4_kernel_info_t const *kip)
{
	return kip->offset_version_strings << 4;
}

/* The kernel's version string, e.g. "Keel microkernel 0.1.0". */
L4_INLINE const char *l4_kip_version_string(l4_kernel_info_t const *kip)
{
	return (const char *)kip + l4_kernel_info_version_offset(kip);
}

/*
 * The kernel's feature strings follow its version string, each NUL-terminated, up to
 * an empty one (Keel's kernel names none yet: the list is empty). With @s a const char *
 * set to l4_kip_version_string(), the loop body sees each feature in @s.
 */
#define l4_kip_for_each_feature(s)                                                                 \
	for (s += __builtin_strlen(s) + 1; *s; s += __builtin_strlen(s) + 1)

/* 1 if the KIP lists the feature @str, else 0. */
L4_INLINE int l4_kip_kernel_has_feature(l4_kernel_info_t const *kip, char const *str)
{
	const char *s = l4_kip_version_string(kip);
	l4_kip_for_each_feature(s)
	{
		if (__builtin_strcmp(s, str) == 0)
			return 1;
	}
	return 0;
}

#endif
