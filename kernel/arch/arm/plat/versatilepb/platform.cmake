# platform.cmake - QEMU versatilepb (ARM926EJ-S, ARMv5TEJ) for the build (cmake/target.cmake).
set(KEEL_ARCH_VERSION v5)
set(KEEL_KERNEL_CPU_FLAGS -mcpu=arm926ej-s -marm -mfloat-abi=soft -mgeneral-regs-only)
# picolibc's default multilib (ARM state, ARMv4T code, soft float) runs on it.
set(KEEL_USER_CPU_FLAGS -march=armv5te -mfloat-abi=soft -marm)
set(KEEL_PLAT_SOURCES
  kernel/arch/arm/plat/plat_common.c kernel/arch/arm/drivers/pl011.c kernel/arch/arm/drivers/pl190_vic.c
  kernel/arch/arm/drivers/sp804.c)
# QEMU passes no device tree for versatilepb: the kernel carries this one.
set(KEEL_PLAT_DTS kernel/arch/arm/plat/versatilepb/versatilepb.dts)
# Debian's armhf programs need ARMv7 and VFP: no Linux server here.
set(KEEL_PLAT_LINUX OFF)
