# platform.cmake - QEMU virt for the build (cmake/target.cmake): CPU, drivers, what runs there.
set(KEEL_ARCH_VERSION v7)
set(KEEL_KERNEL_CPU_FLAGS -mcpu=cortex-a15 -marm -mfloat-abi=soft -mgeneral-regs-only)
set(KEEL_USER_CPU_FLAGS -march=armv7-a+fp -mfloat-abi=hard -mthumb)
set(KEEL_PLAT_SOURCES
  kernel/arch/arm/plat/plat_common.c kernel/arch/arm/drivers/pl011.c kernel/arch/arm/drivers/gic.c
  kernel/arch/arm/drivers/generic_timer.c)
# No device tree in the image: QEMU makes one for virt.
set(KEEL_PLAT_DTS "")
# Debian's armhf programs (ARMv7, VFP) run here: the Linux server and its images.
set(KEEL_PLAT_LINUX ON)
