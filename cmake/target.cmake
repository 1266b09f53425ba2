# The ARM pass: kernel, libl4re, user programs and bootable images.
enable_language(ASM)

set(KEEL_ARCH_DIR ${CMAKE_SOURCE_DIR}/kernel/arch/arm)
# The ABI the kernel and user space share (abi/): generic, then the architecture's part.
set(KEEL_ABI_INCLUDES ${CMAKE_SOURCE_DIR}/abi/include ${CMAKE_SOURCE_DIR}/abi/arch/arm/include)
set(KEEL_PLAT_DIR ${KEEL_ARCH_DIR}/plat/${KEEL_PLATFORM})
if(NOT EXISTS ${KEEL_PLAT_DIR}/platform.cmake)
  message(FATAL_ERROR "unknown platform '${KEEL_PLATFORM}'")
endif()
# The board's choices (docs/porting.md): KEEL_ARCH_VERSION (v7, v5), the kernel's and
# user programs' CPU flags, the board's drivers, a device tree to link into the kernel,
# and whether the Linux server runs there.
include(${KEEL_PLAT_DIR}/platform.cmake)
# The architecture version's own code and headers (boot, entry, page-table bits, ASIDs).
set(KEEL_ARCH_VERSION_DIR ${KEEL_ARCH_DIR}/${KEEL_ARCH_VERSION})

if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release)
endif()
set(CMAKE_C_FLAGS_RELEASE "-O2")
set(CMAKE_C_FLAGS_DEBUG "-Og")
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS OFF)

set(KEEL_WARNINGS -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes)

# ---- kernel ---------------------------------------------------------------
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=include
  OUTPUT_VARIABLE KEEL_GCC_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)
set(KEEL_KERNEL_FLAGS ${KEEL_KERNEL_CPU_FLAGS} -g -ffreestanding -nostdinc
  -isystem ${KEEL_GCC_INCLUDE} -fno-omit-frame-pointer -fno-common -fno-pic
  -mno-unaligned-access -fno-stack-protector -ffunction-sections)
# The kernel stack's worst case (docs/architecture.md, Execution model): each object
# file gets its frame sizes (.su) and call graph (.ci), which check_stack_usage.py
# sums over every path from the kernel's entry points. No frame may be large enough
# to jump the guard page below the stack, and none is of variable size.
set(KEEL_KERNEL_STACK_FLAGS -fstack-usage -fcallgraph-info=su -Wframe-larger-than=1024 -Wvla)

# The portable kernel by area (docs/architecture.md), the code it shares with the
# root task, then the architecture and the platform, chosen by directory.
set(KEEL_KERNEL_SOURCES
  kernel/boot/main.c kernel/boot/bootmod.c kernel/boot/cmdline.c kernel/boot/root_task.c
  kernel/boot/kip.c
  kernel/object/kobj.c kernel/object/task.c kernel/object/thread.c kernel/object/ipc_gate.c
  kernel/object/rcv_ep.c kernel/object/irq.c kernel/object/icu.c kernel/object/factory.c
  kernel/object/scheduler.c kernel/object/log.c
  kernel/ipc/syscall.c kernel/ipc/fastpath.c kernel/ipc/ipc.c kernel/ipc/fault.c
  kernel/sched/sched.c kernel/sched/to_user.c kernel/sched/timeout.c kernel/sched/interrupt.c
  kernel/sched/preempt.c
  kernel/space/cap.c kernel/space/mapdb.c kernel/space/memory.c
  kernel/mem/pmem.c kernel/mem/kmem.c
  kernel/lib/printk.c kernel/lib/conbuf.c kernel/lib/string.c kernel/lib/panic.c kernel/lib/tree.c
  common/dt.c common/elf.c
  kernel/arch/arm/cpu.c kernel/arch/arm/mmu.c kernel/arch/arm/context.c kernel/arch/arm/trap.c
  kernel/arch/arm/scan.S
  common/arch/arm/string.S
  kernel/arch/arm/fault_status.c
  ${KEEL_ARCH_VERSION_DIR}/boot.S ${KEEL_ARCH_VERSION_DIR}/entry.S
  ${KEEL_ARCH_VERSION_DIR}/cpu_${KEEL_ARCH_VERSION}.c
  ${KEEL_ARCH_VERSION_DIR}/vspace_${KEEL_ARCH_VERSION}.c
  ${KEEL_PLAT_SOURCES}
  ${KEEL_PLAT_DIR}/platform.c)
if(KEEL_ARCH_VERSION STREQUAL "v7")
  list(APPEND KEEL_KERNEL_SOURCES ${KEEL_ARCH_VERSION_DIR}/vfp.S)
endif()

add_library(keel_kernel OBJECT ${KEEL_KERNEL_SOURCES})
target_include_directories(keel_kernel PRIVATE
  ${CMAKE_SOURCE_DIR}/kernel/include ${KEEL_ARCH_DIR}/include ${KEEL_ARCH_VERSION_DIR}/include
  ${KEEL_ARCH_DIR} ${KEEL_PLAT_DIR} ${CMAKE_SOURCE_DIR}/common/include ${KEEL_ABI_INCLUDES})
target_compile_options(keel_kernel PRIVATE ${KEEL_KERNEL_FLAGS}
  $<$<COMPILE_LANGUAGE:C>:${KEEL_WARNINGS} ${KEEL_KERNEL_STACK_FLAGS}>)
target_compile_definitions(keel_kernel PRIVATE KEEL_VERSION="${PROJECT_VERSION}")
# The IPC fast paths without the frame pointer: every IPC pays for their prologues,
# and nothing in them can panic, so backtraces lose nothing (kernel/ipc/fastpath.c).
# The kernel is built for size (-Os, a third smaller than -O2), but for the files
# on the paths that IPC, faults, mapping and task deletion measure (./scripts/bench).
target_compile_options(keel_kernel PRIVATE $<$<COMPILE_LANGUAGE:C>:-Os>)
set_source_files_properties(kernel/ipc/fastpath.c PROPERTIES COMPILE_OPTIONS
  "-O2;-fomit-frame-pointer")
# The interrupt controller's accessors: leaves every interrupt calls several of, which
# cannot fail (smaller, too).
set_source_files_properties(kernel/arch/arm/drivers/gic.c PROPERTIES COMPILE_OPTIONS
  -fomit-frame-pointer)
set_source_files_properties(kernel/ipc/ipc.c kernel/sched/sched.c kernel/sched/to_user.c
  kernel/arch/arm/mmu.c kernel/space/cap.c kernel/space/mapdb.c kernel/space/memory.c
  kernel/ipc/fault.c PROPERTIES COMPILE_OPTIONS -O2)

# Test hooks (deliberate kernel faults) exist only in kernels built for tests.
foreach(variant none test)
  if(variant STREQUAL "test")
    set(src kernel/debug/test_hooks.c kernel/debug/self_check.c)
  else()
    set(src kernel/debug/test_hooks_none.c)
  endif()
  add_library(keel_hooks_${variant} OBJECT ${src})
  target_include_directories(keel_hooks_${variant} PRIVATE ${CMAKE_SOURCE_DIR}/kernel/include
    ${KEEL_ARCH_DIR}/include ${KEEL_ARCH_VERSION_DIR}/include ${KEEL_ARCH_DIR} ${KEEL_PLAT_DIR}
    ${CMAKE_SOURCE_DIR}/common/include ${KEEL_ABI_INCLUDES})
  target_compile_options(keel_hooks_${variant} PRIVATE ${KEEL_KERNEL_FLAGS} ${KEEL_WARNINGS})
  if(variant STREQUAL "none")
    target_compile_options(keel_hooks_none PRIVATE ${KEEL_KERNEL_STACK_FLAGS})
  endif()
endforeach()

set(KEEL_KERNEL_LDS ${CMAKE_BINARY_DIR}/kernel.ld)
add_custom_command(OUTPUT ${KEEL_KERNEL_LDS}
  COMMAND ${CMAKE_C_COMPILER} -E -P -x c -I${KEEL_PLAT_DIR}
          ${KEEL_ARCH_DIR}/kernel.ld.S -o ${KEEL_KERNEL_LDS}
  DEPENDS ${KEEL_ARCH_DIR}/kernel.ld.S ${KEEL_PLAT_DIR}/plat_config.h
  COMMENT "Preprocessing the kernel linker script")
add_custom_target(keel_kernel_lds DEPENDS ${KEEL_KERNEL_LDS})

# ---- user space -----------------------------------------------------------
set(KEEL_USER_FLAGS ${KEEL_USER_CPU_FLAGS} --specs=picolibc.specs -g)
set(KEEL_USER_LDS ${CMAKE_SOURCE_DIR}/libl4re/user.ld)
set(KEEL_PROGRAM_DIR ${CMAKE_BINARY_DIR}/programs)

add_subdirectory(libl4re)

# keel_program(name SOURCES ...): a user program linked with libl4re and picolibc.
function(keel_program name)
  cmake_parse_arguments(P "" "" "SOURCES" ${ARGN})
  add_executable(${name} ${P_SOURCES})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf"
    RUNTIME_OUTPUT_DIRECTORY ${KEEL_PROGRAM_DIR} LINK_DEPENDS ${KEEL_USER_LDS})
  target_compile_options(${name} PRIVATE ${KEEL_USER_FLAGS} ${KEEL_WARNINGS})
  target_link_libraries(${name} PRIVATE l4re)
  target_link_options(${name} PRIVATE ${KEEL_USER_FLAGS} -nostartfiles -T ${KEEL_USER_LDS}
    -Wl,--gc-sections -Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments)
endfunction()

# keel_image(name [TEST_HOOKS] [SPEC file.cdl] MODULES prog...): kernel + boot modules in
# one ELF, images/<name>.elf (target image_<name>). The first module is the root task.
# With SPEC, the build checks and compiles the capDL spec (capdl check/compile, with
# the image's modules as those it may name; an error stops the build) and adds the
# compiled form as the module "system.capdl", which the root task builds the system
# from (roottask/capdl_system.c).
if(NOT KEEL_CAPDL_TOOL)
  message(FATAL_ERROR "KEEL_CAPDL_TOOL is not set: configure from the top-level CMakeLists.txt")
endif()
function(keel_image name)
  cmake_parse_arguments(I "TEST_HOOKS" "SPEC" "MODULES" ${ARGN})
  set(asm ${CMAKE_BINARY_DIR}/images/${name}.modules.S)
  set(files "")
  set(names "")
  foreach(mod ${I_MODULES})
    list(APPEND files ${KEEL_PROGRAM_DIR}/${mod}.elf)
    list(APPEND names ${mod})
  endforeach()
  if(I_SPEC)
    set(spec ${CMAKE_CURRENT_SOURCE_DIR}/${I_SPEC})
    if(IS_ABSOLUTE ${I_SPEC})
      set(spec ${I_SPEC})
    endif()
    set(compiled ${CMAKE_BINARY_DIR}/images/${name}.capdl)
    set(programs ${I_MODULES})
    list(REMOVE_AT programs 0)
    string(REPLACE ";" "," programs "${programs}")
    add_custom_command(OUTPUT ${compiled}
      COMMAND ${KEEL_CAPDL_TOOL} compile ${spec} -o ${compiled} --modules "${programs}"
      DEPENDS ${spec} ${KEEL_CAPDL_TOOL}
      COMMENT "capdl: checking and compiling ${I_SPEC} for image ${name}" VERBATIM)
    add_custom_target(capdl_${name} DEPENDS ${compiled})
    list(APPEND files ${compiled})
    list(APPEND names system.capdl)
  endif()
  set(body "/* Generated by cmake/target.cmake: the boot module table of image ${name}. */\n")
  string(APPEND body "\t.section .modules, \"a\"\n\t.balign 4096\nmodules_base:\n")
  list(LENGTH files count)
  string(APPEND body "\t.word 0x444f4d4b, 1, ${count}, modules_limit - modules_base\n")
  set(data "")
  set(index 0)
  foreach(file ${files})
    list(GET names ${index} mod)
    if(index EQUAL 0)
      set(flags 1)
    else()
      set(flags 0)
    endif()
    string(APPEND body "\t.word mod${index} - modules_base, mod${index}_end - mod${index}, ${flags}\n")
    string(APPEND body "1:\t.asciz \"${mod}\"\n\t.space 52 - (. - 1b)\n")
    string(APPEND data "\t.balign 4096\nmod${index}:\n\t.incbin \"${file}\"\nmod${index}_end:\n")
    math(EXPR index "${index} + 1")
  endforeach()
  string(APPEND body "${data}\t.balign 4096\nmodules_limit:\n")
  file(WRITE ${asm}.tmp "${body}")
  configure_file(${asm}.tmp ${asm} COPYONLY)
  set_source_files_properties(${asm} PROPERTIES OBJECT_DEPENDS "${files}")
  if(I_TEST_HOOKS)
    set(hooks keel_hooks_test)
  else()
    set(hooks keel_hooks_none)
  endif()
  set(target image_${name})
  add_executable(${target} ${asm} $<TARGET_OBJECTS:keel_kernel> $<TARGET_OBJECTS:${hooks}>)
  add_dependencies(${target} keel_kernel_lds ${I_MODULES})
  if(I_SPEC)
    add_dependencies(${target} capdl_${name})
  endif()
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${name} SUFFIX ".elf"
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/images LINK_DEPENDS ${KEEL_KERNEL_LDS})
  target_compile_options(${target} PRIVATE ${KEEL_KERNEL_CPU_FLAGS})
  target_link_options(${target} PRIVATE ${KEEL_KERNEL_CPU_FLAGS} -nostdlib -T ${KEEL_KERNEL_LDS}
    -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,--gc-sections)
  target_link_libraries(${target} PRIVATE gcc)
endfunction()

add_subdirectory(roottask)
add_subdirectory(servers/console)
add_subdirectory(servers/linux)
add_subdirectory(programs)
keel_image(keel SPEC capdl/specs/default.cdl MODULES roottask console linux_tty linux_fs linux_server linux_root)
# The kernel alone (an empty module table), for a boot loader that loads the modules
# apart from it: scripts/uboot-image puts it and an image's modules in a FIT image.
keel_image(kernel)
# The security-partitioned firmware example (capdl/specs/firmware.cdl, docs/capdl.md).
add_subdirectory(examples/firmware)
keel_image(firmware SPEC capdl/specs/firmware.cdl
  MODULES roottask fw_logger fw_keystore fw_network)

add_subdirectory(test/target)
add_subdirectory(examples/echo) # after test/target: it uses keel_test_program
add_subdirectory(bench)
