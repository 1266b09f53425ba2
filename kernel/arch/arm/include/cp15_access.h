/* cp15_access.h - the accessor shape for CP15 system registers, which each ARM version's cp15.h
 * uses. */
#ifndef CP15_ACCESS_H
#define CP15_ACCESS_H

#include <stdint.h>

#define CP15_READ(name, op1, crn, crm, op2)                                                        \
	static inline uint32_t read_##name(void)                                                   \
	{                                                                                          \
		uint32_t v;                                                                        \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v));    \
		return v;                                                                          \
	}
#define CP15_WRITE(name, op1, crn, crm, op2)                                                       \
	static inline void write_##name(uint32_t v)                                                \
	{                                                                                          \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 ::"r"(v)       \
				 : "memory");                                                      \
	}

#endif
