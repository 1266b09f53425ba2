# ctest cases of the host pass: target images run in QEMU and judged by the harness,
# plus the source checks (clang-format, cppcheck).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(KEEL_HARNESS ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/test/harness/qemu_test.py)
set(KEEL_IMAGES ${KEEL_ARM_DIR}/images)

# The tests that also run on versatilepb (ARMv5, build/arm-versatilepb), as
# target.versatilepb.<name>: those whose features exist there (docs/porting.md lists
# the others and why).
set(KEEL_VERSATILEPB_TESTS boot ipc sched factory gate loader rm restart supervisor
  attack_ipc attack_quota attack_sched echo echo_system firmware
  user_fault_undef user_fault_data user_fault_prefetch user_fault_syscall
  default_native_system bad_modules root_task_bad_truncated root_task_bad_overlapping
  root_task_bad_huge root_task_bad_entry root_task_segment_on_bootinfo kernel_panic
  kernel_stack_overflow capdl_live capdl_dump_needs_command_line capdl_refused_component
  capdl_refused_object capdl_restart capdl_refused_attach console
  caps thread time irq asid dataspace attack_rights fuzz root_task_segment_in_user_ram
  memory l4re_names pthread posix capdl_posix l4sys_objects pfc_reboot pfc_power_off
  l4re_example_utcb_ipc l4re_example_ipc1 l4re_example_ipc l4re_example_start_with_exc
  l4re_example_isr l4re_example_isr_vcon l4re_example_aliens l4re_example_ma_rm
  l4re_example_cat l4re_example_shared_hello l4re_example_reboot capdl_kobjects)
# attack_latency is registered there on its own, with the VIC's line. What the suites
# leave out on ARMv5 (the VFP, execute-never), each says where it does.
set(KEEL_VERSATILEPB_ARGS --machine versatilepb --cpu arm926 --memory 128M
  --dtb ${CMAKE_BINARY_DIR}/arm-versatilepb/plat.dtb)

# keel_qemu_test(name IMAGE img [ONLY platform] [ARGS harness options...]): on virt (the
# build's KEEL_PLATFORM), and on versatilepb too if KEEL_VERSATILEPB_TESTS names it;
# ONLY versatilepb registers it there alone.
function(keel_qemu_test name)
  cmake_parse_arguments(T "" "IMAGE;ONLY" "ARGS" ${ARGN})
  if(NOT T_ONLY STREQUAL "versatilepb")
    add_test(NAME target.${name}
      COMMAND ${KEEL_HARNESS} --image ${KEEL_IMAGES}/${T_IMAGE}.elf ${T_ARGS})
    set_tests_properties(target.${name} PROPERTIES TIMEOUT 120 LABELS target)
  endif()
  list(FIND KEEL_VERSATILEPB_TESTS ${name} on_vpb)
  if("versatilepb" IN_LIST KEEL_EXTRA_PLATFORMS AND (on_vpb GREATER -1 OR T_ONLY STREQUAL "versatilepb"))
    add_test(NAME target.versatilepb.${name}
      COMMAND ${KEEL_HARNESS} --image ${CMAKE_BINARY_DIR}/arm-versatilepb/images/${T_IMAGE}.elf
              ${KEEL_VERSATILEPB_ARGS} ${T_ARGS})
    set_tests_properties(target.versatilepb.${name} PROPERTIES TIMEOUT 120 LABELS target)
  endif()
endfunction()

# The default system: busybox's interactive shell on the Linux server, on the console.
# A command with a pipe and a command substitution; ^C ends a foreground sleep (SIGINT
# to its process group: status 130) and the shell goes on; exit ends the server.
keel_qemu_test(default_system IMAGE keel ARGS --no-summary
  --expect "Keel microkernel ${PROJECT_VERSION} on qemu-virt"
  --expect "^roottask: console server started, programs write through it$"
  --expect "BusyBox v1\\.[0-9.]+ .*built-in shell \\(ash\\)"
  --input "echo hi $((6*7)) | tr a-z A-Z\\r" --input-after "^/ # "
  --expect "^HI 42$"
  --input "sh -c 'echo started && sleep 30'\\r" --input-after "^HI 42"
  --input "\\x03" --input-after "^started"
  --input "echo \"after $?\"\\r" --input-after "\\^C"
  --input "exit 7\\r" --input-after "^after 130"
  --expect "^after 130$"
  --expect "^\\[linux\\] linux: exit 7$"
  --stop-after "^\\[linux\\] linux: exit 7$")
# Typed before the system is up (at QEMU's start): nothing is lost, each line runs.
keel_qemu_test(default_system_typeahead IMAGE keel ARGS --no-summary
  --input "echo one\\recho two\\rexit\\r"
  --expect "^one$"
  --expect "^two$"
  --expect "^\\[linux\\] linux: exit 0$"
  --stop-after "^\\[linux\\] linux: exit 0$")
keel_qemu_test(boot IMAGE test_boot ARGS --expect-anywhere "^started in SVC mode$")
# versatilepb's default system: the console server and a native program (hello), which
# echoes a typed line; the banner names the board.
keel_qemu_test(default_native_system IMAGE keel ONLY versatilepb ARGS --no-summary
  --expect "Keel microkernel ${PROJECT_VERSION} on qemu-versatilepb \\(ARM926EJ-S\\)"
  --expect "^roottask: console server started, programs write through it$"
  --expect "^\\[hello\\] Type a line and it comes back"
  --input "typed on ARMv5\\r" --input-after "^\\[hello\\] Type a line"
  --expect "^\\[hello\\] you typed: typed on ARMv5$"
  --stop-after "^\\[hello\\] you typed: typed on ARMv5$")
# ---- booting through U-Boot (issue 16; scripts/uboot-image, docs/boot.md) ----
# U-Boot's distro boot finds boot.scr on a virtio disk and boots the FIT image: the
# kernel, QEMU's device tree and the image's modules, which the kernel takes from
# /chosen's linux,initrd-start/end instead of its own (empty) table.
keel_qemu_test(uboot_boot IMAGE test_boot ARGS --uboot
  --expect-anywhere "^started in SVC mode$"
  --expect-anywhere "^  modules 40300000-[0-9a-f]+ \\(from the boot loader\\)$")
keel_qemu_test(uboot_boot_from_hyp IMAGE test_boot ARGS --uboot
  --machine virt,virtualization=on --expect-anywhere "^started in HYP mode$")
# The device tree near the top of RAM and a /reserved-memory region below it: the
# kernel finds the tree through r2, and the root task's RAM avoids both.
keel_qemu_test(uboot_high_dtb_reserved IMAGE test_boot ARGS --uboot
  --uboot-arg=--fdt-addr=0x4fe00000 --uboot-arg=--reserve=0x4f000000,0x100000
  --expect "^  dtb     4fe00000-"
  --expect "^  reserved 4f000000-4f0fffff \\(device tree\\)$"
  --expect "^  user    [0-9a-f]+-4effffff \\([0-9]+ MiB\\) for the root task$")
# Modules a boot loader put at an address that is not page-aligned are refused (the
# root task maps them page by page); the kernel alone has no modules of its own.
keel_qemu_test(uboot_modules_misaligned IMAGE test_boot ARGS --uboot --no-summary
  --uboot-arg=--modules-addr=0x40300800 --allow-panic --expect-exit 1
  --expect "^  modules 40300800-[0-9a-f]+ from the boot loader ignored: empty or not page-aligned$"
  --expect "KERNEL PANIC: no root task among the boot modules")
# The default system, booted the way a board boots it.
keel_qemu_test(uboot_default_system IMAGE keel ARGS --uboot --no-summary
  --expect "Keel microkernel ${PROJECT_VERSION} on qemu-virt"
  --expect "^  modules 40300000-[0-9a-f]+ \\(from the boot loader\\)$"
  --expect "BusyBox v1\\.[0-9.]+ .*built-in shell \\(ash\\)"
  --input "echo hi $((6*7)) | tr a-z A-Z\\r" --input-after "^/ # "
  --expect "^HI 42$"
  --input "exit 7\\r" --input-after "^HI 42"
  --expect "^\\[linux\\] linux: exit 7$"
  --stop-after "^\\[linux\\] linux: exit 7$")
# ---- the kernel fuzzer (issue 12 section 2; test/target/test_fuzz.c, scripts/fuzz) ----
# 1M invocations with a fixed seed: a deterministic run under -icount, so CI is
# reproducible; ./scripts/fuzz runs new seeds and any count. fuzz.avoid=name,... (enum
# fuzz_avoid in test/target/fuzz_gen.h) steers a run around a finding that is not
# fixed in main yet; none is avoided now (reply-without-send, big-fpages and high-prio,
# issue 12 findings 1, 3 and 6, and bad-quantum and task-cycles, found by this fuzzer,
# are fixed).
keel_qemu_test(fuzz IMAGE test_fuzz ARGS --icount --timeout 110
  --append fuzz.seed=0x2545f491 --append fuzz.count=1000000)
# ---- malformed boot modules (issue 12 section 2; test/target/bad_elf.py) ----
keel_qemu_test(bad_modules IMAGE test_bad_modules
  ARGS --expect "^roottask: cannot start bad_truncated: segment data outside the file$"
  --expect "^roottask: cannot start bad_overlapping: segments overlap$"
  --expect "^roottask: cannot start bad_huge: segment outside user space$"
  --expect "^roottask: cannot start bad_entry: entry point not in an executable segment$"
  --expect "^hello_child: hello from a loaded program \\(10\\)$"
  --expect "^roottask: hello_child ended, status 0x2a$")
foreach(kind truncated overlapping huge entry)
  if(kind STREQUAL "truncated")
    set(why "segment data outside the file")
  elseif(kind STREQUAL "overlapping")
    set(why "segments overlap")
  elseif(kind STREQUAL "huge")
    set(why "segment outside user space")
  else()
    set(why "entry point not in an executable segment")
  endif()
  keel_qemu_test(root_task_bad_${kind} IMAGE test_root_bad_${kind} ARGS --no-summary
    --allow-panic --expect-exit 1
    --expect "keel: root task module 'bad_${kind}' rejected: ${why}$"
    --expect "KERNEL PANIC: cannot start the root task")
endforeach()
keel_qemu_test(asid IMAGE test_asid)
keel_qemu_test(loader IMAGE test_loader
  ARGS --expect "hello_child: hello from a loaded program \\(10\\)"
  --expect "loader: corrupt_child rejected: "
  --expect "loader: wild_child stopped: data abort at address 30000000, pc ")
keel_qemu_test(boot_from_hyp IMAGE test_boot ARGS --machine virt,virtualization=on
  --expect-anywhere "^started in HYP mode$")
# The object model (test/target/test_<area>.c).
keel_qemu_test(caps IMAGE test_caps)
keel_qemu_test(ipc IMAGE test_ipc)
keel_qemu_test(thread IMAGE test_thread)
keel_qemu_test(sched IMAGE test_sched)
keel_qemu_test(factory IMAGE test_factory)
keel_qemu_test(gate IMAGE test_gate)
keel_qemu_test(time IMAGE test_time)
keel_qemu_test(irq IMAGE test_irq)
keel_qemu_test(memory IMAGE test_memory)
# Issue 17, names and headers (test/target/test_l4re_names.c, l4re_names_child.c): L4Re's
# names as L4Re's programs use them; the kdebug calls write through the log.
keel_qemu_test(l4re_names IMAGE test_l4re_names ARGS
  --expect-anywhere "^kdebug: 1234abcd cba98 beef abc 5a -1234567 0 deadbeef 0123456789abcdef xyz$"
  --expect-anywhere "^enter_kdebug: l4re_names: going on$"
  --expect-anywhere "^kdebug long: k{386}$"
  --expect-anywhere "^l4re_names_child: written through the queried capability$"
  --expect-anywhere "^l4re_names_child: l4re_log_print$"
  --expect-anywhere "^l4re_names_child: l4re_log_printn$"
  --expect-anywhere "^l4re_names_child: l4re_log_print_srv$"
  --expect-anywhere "^l4re_names_child: l4_kprintf 42 ok$"
  --expect-anywhere "^l4re_names_child: kprintf long q{280}$"
  --expect-anywhere "^l4re_names_child: passed$"
  --forbid "not this")
# Issue 17, kernel objects (test/target/test_l4sys_objects.c): the debugger's names and
# identities (a named thread's fault report names it), semaphores, platform control.
keel_qemu_test(l4sys_objects IMAGE test_l4sys_objects ARGS
  --expect-anywhere "^keel: user fault: task 1 \\(test_l4sys_obje\\) thread [0-9]+ \\(crash-me\\): data abort at address 00000100")
# Reboot and power off (L4Re's misc/reboot as the root task): the kernel says who asked;
# QEMU runs with -no-reboot, so the reset ends it.
keel_qemu_test(pfc_reboot IMAGE test_pfc_reboot ARGS --no-summary
  --expect "^pfc_reboot: rebooting$"
  --expect "^keel: reboot requested by task 1 \\(pfc_reboot\\) thread [0-9]+$"
  --forbid "no reboot")
keel_qemu_test(pfc_power_off IMAGE test_pfc_power_off ARGS --no-summary
  --expect "^pfc_power_off: powering off$"
  --expect "^keel: power off requested by task 1 \\(pfc_power_off\\) thread [0-9]+$"
  --expect "^keel: halt, exit status 0$"
  --forbid "still running")
# Issue 17, runtime (test/target/test_posix.c, posix_child.c): sleeps, rom/ files,
# eager_map; fd 1 of a program is its log.
keel_qemu_test(posix IMAGE test_posix ARGS
  --expect-anywhere "^posix_child: sleep passed$"
  --expect-anywhere "^posix_child: written to fd 1$"
  --expect-anywhere "^posix_child: rom passed$")
# ... and a component of a spec: its rom/ is its caps to module memory; eager_map.
keel_qemu_test(capdl_posix IMAGE test_capdl_posix ARGS --no-summary
  --expect "^roottask: system posix started from its spec: 1 objects, 1 components$"
  --expect "^posix_child: romspec passed$"
  --forbid "posix_child: step"
  --stop-after "^posix_child: romspec passed$")
# ---- L4Re's example programs, Keel's versions (issue 17, the check; examples/l4re/,
# docs/l4re-examples.md) ----
# Each example is a system of its own from its spec, built in L4Re's dialect with L4Re's
# header names only; the system ends by itself once nothing can run (idle=exit). The
# lines are what the L4Re example prints on Fiasco, and the checks Keel's versions add.
# sys/utcb-ipc: ten messages of all 63 words, in a closed wait; the first and the last.
keel_qemu_test(l4re_example_utcb_ipc IMAGE l4re_utcb_ipc ARGS --no-summary
  --expect "^Thread1 up \\(0x[0-9a-f]+\\)$"
  --expect "^Thread2 up \\(0x[0-9a-f]+\\)$"
  --expect "^Thread2 receive \\(63\\): ABCDEFGHIJKLMNOPQRSTUVWXYZ.{6}abcdefghijklmnopqrstuvwxyz.{4}A$"
  --expect "^Thread2 receive \\(63\\): JKLMNOPQRSTUVWXYZ.{6}abcdefghijklmnopqrstuvwxyz.{4}ABCDEFGHIJ$"
  --expect "^utcb-ipc: 10 of 10 messages arrived as sent$"
  --expect "^roottask: ex_utcb_ipc ended, status 0$"
  --forbid "IPC-send error|IPC receive error")
# sys/ipc (ipc_example.c): a pthread squares what the main thread sends it.
keel_qemu_test(l4re_example_ipc1 IMAGE l4re_ipc1 ARGS --no-summary
  --expect "^Sending:  1$" --expect "^Received: 1$"
  --expect "^Sending:  2$" --expect "^Received: 4$"
  --expect "^Sending:  3$" --expect "^Received: 9$"
  --expect "^ipc: 3 of 3 squares right$"
  --expect "^roottask: ex_ipc1 ended, status 0$"
  --forbid "IPC error")
# sys/ipc as client and server over the channel the spec gives both (named caps).
keel_qemu_test(l4re_example_ipc IMAGE l4re_ipc ARGS --no-summary
  --expect "^ipc_server: serving the channel$"
  --expect "^ipc_client: sending 1$"
  --expect "^ipc_server: call through label 0x1230: 1$"
  --expect "^ipc_client: received 1$"
  --expect "^ipc_client: received 4$"
  --expect "^ipc_server: call through label 0x1230: 3$"
  --expect "^ipc_client: received 9$"
  --expect "^ipc_client: 3 of 3 squares right$"
  --expect "^roottask: ex_ipc_client ended, status 0$"
  --forbid "IPC error|no IPC gate")
# sys/start-with-exc: the exception ex_regs asked for, at the thread's entry; the
# registers of the reply (r0-r7 = 0-7), as L4Re's example prints them.
keel_qemu_test(l4re_example_start_with_exc IMAGE l4re_start_with_exc ARGS --no-summary
  --expect "^Example showing how to start a thread with an exception\\.$"
  --expect "^start-with-exc: exception from ex_regs: yes, pc at thread$"
  --expect "^hey, I'm a thread$"
  --expect "^got register values: 7 6 5 4 2 1 0$"
  --expect "^start-with-exc: the thread ran with the registers of the reply$"
  --expect "^roottask: ex_start_with_exc ended, status 0$")
# sys/isr: an IRQ bound to a line of the ICU the spec gives as "icu", raised three
# times by another thread, received with its label, then detached.
keel_qemu_test(l4re_example_isr IMAGE l4re_isr ARGS --no-summary
  --expect "^Attached to IRQ [0-9]+$"
  --expect "^Got IRQ 1 with label 0xDEAD$"
  --expect "^Got IRQ 2 with label 0xDEAD$"
  --expect "^Got IRQ 3 with label 0xDEAD$"
  --expect "^isr: detached from IRQ [0-9]+$"
  --expect "^roottask: ex_isr ended, status 0$"
  --forbid "Unexpected label|Error|failed")
# sys/isr as L4Re has it now: line 0 of its log (a console session) is its input; the
# echo off, the keys typed come as one interrupt and are read; Q ends it.
keel_qemu_test(l4re_example_isr_vcon IMAGE l4re_isr_vcon ARGS --no-summary
  --input "abQ\\r" --input-after "Press keys now"
  --expect "^\\[ex_isr_vcon\\] Vcon echo disabled\\.$"
  --expect "^\\[ex_isr_vcon\\] Attached to key IRQ 0\\.$"
  --expect "^\\[ex_isr_vcon\\] Got IRQ with expected label 0x1234\\.$"
  --expect "^\\[ex_isr_vcon\\] Got key 'a'\\.$"
  --expect "^\\[ex_isr_vcon\\] Got key 'b'\\.$"
  --expect "^\\[ex_isr_vcon\\] Got key 'Q'\\.$"
  --expect "^\\[ex_isr_vcon\\] Got keycode 10\\.$"
  --expect "^\\[ex_isr_vcon\\] Application terminated\\.$"
  --expect "^roottask: ex_isr_vcon ended, status 0$"
  --forbid "abQ|Could not|Unexpected label"
  --stop-after "^roottask: ex_isr_vcon ended, status 0$")
# sys/aliens: every system call of the alien before and after (err bit 6), the
# allowed log write done in between; the handler's own check of 16 exceptions.
keel_qemu_test(l4re_example_aliens IMAGE l4re_aliens ARGS --no-summary
  --expect "^Alien feature testing$"
  --expect "^PC=[0-9a-f]{8} SP=[0-9a-f]{8} ULR=[0-9a-f]{8} CPSR=[0-9a-f]{8} Err=44000000/11, before syscall$"
  --expect "^PC=[0-9a-f]{8} SP=[0-9a-f]{8} ULR=[0-9a-f]{8} CPSR=[0-9a-f]{8} Err=44000040/11,  after syscall$"
  --expect "^An alien's log write -- you should see this$"
  --expect "^aliens: 8 before, 8 after, 0 out of order, the invalid call failed$"
  --expect "^roottask: ex_aliens ended, status 0$"
  --forbid "Umm|l4_ipc_call failed|l4_ipc_receive failed")
# libs/l4re/c/ma+rm.c: allocate, attach, touch, detach, free; and with superpages.
keel_qemu_test(l4re_example_ma_rm IMAGE l4re_ma_rm ARGS --no-summary
  --expect "^Allocated memory\\.$"
  --expect "^Touched memory\\.$"
  --expect "^Freed and done\\.$"
  --expect "^ma\\+rm: a superpage-aligned MiB at a MiB boundary, touched: right$"
  --expect "^Freed and done\\. Bye\\.$"
  --expect "^roottask: ex_ma_rm ended, status 0$")
# misc/cat: a rom/ file whole (line 16 spans the first 1 KiB read), and perror's line
# for a name that is not there.
keel_qemu_test(l4re_example_cat IMAGE l4re_cat ARGS --no-summary
  --expect "^cat_text\\.txt - a text file among the boot modules, which misc/cat prints as rom/hello_txt\\.$"
  --expect "^line 01 of 30: cat reads its files in pieces of 1024 bytes$"
  --expect "^line 16 of 30: cat reads its files in pieces of 1024 bytes$"
  --expect "^line 30 of 30: cat reads its files in pieces of 1024 bytes$"
  --expect "^the last line of the file$"
  --expect "^rom/missing: No such file or directory$"
  --expect "^roottask: ex_cat ended, status 0$")
# misc/shared-hello: puts and sleep(1), three times.
keel_qemu_test(l4re_example_shared_hello IMAGE l4re_shared_hello ARGS --no-summary
  --expect "^Hi World! \\(shared\\)$"
  --expect "^Hi World! \\(shared\\)$"
  --expect "^Hi World! \\(shared\\)$"
  --expect "^roottask: ex_shared_hello ended, status 0$")
# misc/reboot: through the spec's "pfc"; the kernel says who asked, QEMU (-no-reboot)
# ends at the reset.
keel_qemu_test(l4re_example_reboot IMAGE l4re_reboot ARGS --no-summary
  --expect "^Rebooting$"
  --expect "^keel: reboot requested by task [0-9]+ \\(ex_reboot\\) thread [0-9]+$"
  --forbid "did not work")
# Issue 12 finding 3 (h12-latency): long operations are preempted (the test kernel makes
# line 132 pending at every preemption point) and give back exactly what they took.
keel_qemu_test(attack_latency IMAGE test_attack_latency ARGS --append test=preempt_irq=132
  --expect "latency_attacker: own space 0, other task 0 \\(0\\), delete 0")
# versatilepb: VIC line 20, which no device drives (the test binds the line it finds on
# the command line).
keel_qemu_test(attack_latency IMAGE test_attack_latency ONLY versatilepb
  ARGS --append test=preempt_irq=20
  --expect "latency_attacker: own space 0, other task 0 \\(0\\), delete 0")
keel_qemu_test(dataspace IMAGE test_dataspace)
# Issue 17: pthreads; each thread's lines reach the log whole.
keel_qemu_test(pthread IMAGE test_pthread
  ARGS --expect-anywhere "^ptline 1 4 1{40}$" --expect-anywhere "^ptline 4 4 4{40}$"
  --forbid "^ptline (?!(\\d) \\d \\1{40}$)")
# Issue 12, h12-quota (findings 4 and 6): quotas under churn, scheduler ranges.
keel_qemu_test(attack_quota IMAGE test_attack_quota)
keel_qemu_test(attack_sched IMAGE test_attack_sched
  ARGS --expect "sched_child: run_thread at 255: 0, spinning")
keel_qemu_test(rm IMAGE test_rm
  ARGS --expect "rm_child: via a named cap" --expect "rm_child: writing to a read-only region")
keel_qemu_test(restart IMAGE test_restart
  ARGS --expect "loader: crash_server stopped: data abort at address 00000000, pc "
  --expect "loader: crash_server stopped: undefined instruction, pc "
  --expect "crash_client: working again after 1 lost session\\(s\\)"
  --expect "^\\[a\\] log_writer: tick$"
  --expect "loader: console stopped: prefetch abort at address dead0000, pc dead0000"
  --expect "^restart: console restarted$"
  --expect-anywhere "^\\[a\\] log_writer: working again after [0-9]+ lost writes$"
  --expect-anywhere "^\\[b\\] log_writer: working again after [0-9]+ lost writes$")
keel_qemu_test(supervisor IMAGE test_supervisor
  ARGS --expect "^roottask: test console started$"
  --expect "^roottask: the console stopped \\(status 0x100\\), restarting it$"
  --expect "^roottask: console restarted$"
  --expect-anywhere "^\\[w1\\] log_writer: working again after [0-9]+ lost writes$"
  --expect-anywhere "^\\[w5\\] log_writer: working again after [0-9]+ lost writes$"
  --expect "^roottask: log_writer ended, status 0$"
  --expect "^roottask: the console stopped \\(status 0x100\\) and has failed 4 times, giving up$"
  --expect "^echo_client: 'hello, keel' -> 'HELLO, KEEL'$"
  --expect "^roottask: echo_client ended, status 0$"
  --forbid "^roottask: log_writer ended, status 0x|^roottask: echo_client ended, status 0x")
keel_qemu_test(console IMAGE test_console
  ARGS --input "hellx\\x7fo keel\\r" --input-after "^console: type a line$"
  --input "x\\x7fy\\r" --input-after "^console: type raw keys$"
  --input "quiet line\\r" --input-after "^console: type a focus line$"
  --input "back\\r" --input-after "^console: type a fallback line$"
  --input "root again\\r" --input-after "^console: type a line for root$"
  --input "after restart\\r" --input-after "^console: type a line after the restart$"
  --expect "^\\[root\\] console: root session$"
  --expect "^\\[a\\] client a: line 1 \\(two writes\\)$"
  --expect "^\\[a\\] client a: line 3 \\(two writes\\)$"
  --expect-anywhere "^\\[b\\] client b: line 1 \\(two writes\\)$"
  --expect-anywhere "^\\[b\\] client b: line 3 \\(two writes\\)$"
  --expect "^console: read 'hello keel'$"
  --expect "^console: read 'quiet line'$"
  --expect "^back$"
  --expect "^console: read 'back'$"
  --expect "^console: read 'root again'$"
  --expect "^loader: console stopped: prefetch abort at address dead0000"
  --expect "^console: read 'after restart'$"
  --forbid "^quiet line$")

# The tutorial's echo server and client (examples/echo, docs/getting-started.md).
keel_qemu_test(echo IMAGE test_echo
  ARGS --expect "^echo_client: 'hello, keel' -> 'HELLO, KEEL'$"
  --expect "^echo_client: 'capabilities, not names' -> 'CAPABILITIES, NOT NAMES'$"
  --expect "^echo_client: 'ipc is a rendezvous' -> 'IPC IS A RENDEZVOUS'$"
  --expect "^echo_client: a wrong protocol label gets -39 \\(-L4_EBADPROTO is -39\\)$")
# The same two as a system from a spec (examples/echo/echo.cdl).
keel_qemu_test(echo_system IMAGE echo ARGS --no-summary
  --expect "^roottask: system echo started from its spec: 1 objects, 2 components$"
  --expect "^echo_client: 'hello, keel' -> 'HELLO, KEEL'$"
  --expect "^echo_client: 'ipc is a rendezvous' -> 'IPC IS A RENDEZVOUS'$"
  --expect "^roottask: echo_client ended, status 0$"
  --stop-after "^roottask: echo_client ended, status 0$")

# Issue 12, finding 5 (h12-rights): rights on argument capabilities
# (test/target/test_attack_rights.c, docs/objects.md).
keel_qemu_test(attack_rights IMAGE test_attack_rights
  ARGS --expect "^rights_child: 0 of the attacks succeeded$")

foreach(kind undef data prefetch syscall)
  if(kind STREQUAL "undef")
    set(what "undefined instruction at address [0-9a-f]+")
  elseif(kind STREQUAL "data")
    set(what "data abort at address 00000ff0, status [0-9a-f]+ \\(translation fault")
  elseif(kind STREQUAL "prefetch")
    set(what "prefetch abort at address 0badc0d[ce], status [0-9a-f]+ \\(translation fault")
  else()
    set(what "invalid system call at address [0-9a-f]+, status 00000007")
  endif()
  keel_qemu_test(user_fault_${kind} IMAGE test_fault_${kind} ARGS --no-summary
    --expect "fault test: about to fault \\(${kind}\\)"
    --expect "user fault: task 1 \\(fault_${kind}\\) thread 1: ${what}"
    --expect "  sp  [0-9a-f]+  lr  [0-9a-f]+  pc  [0-9a-f]+  cpsr [0-9a-f]+"
    --expect "thread 1 stopped"
    --expect "no thread can run any more"
    --forbid "still running after the fault")
endforeach()

# A root task whose segment lies on its boot-info page is refused, with the reason.
keel_qemu_test(root_task_segment_on_bootinfo IMAGE test_root_clash ARGS --no-summary
  --allow-panic --expect-exit 1
  --expect "keel: root task module 'env_clash_child' rejected: "
  --expect "KERNEL PANIC: cannot start the root task")
keel_qemu_test(root_task_segment_in_user_ram IMAGE test_root_in_ram ARGS --no-summary
  --allow-panic --expect-exit 1
  --expect "keel: root task module 'ram_clash_child' rejected: a segment overlaps the user RAM"
  --expect "KERNEL PANIC: cannot start the root task")
keel_qemu_test(kernel_panic IMAGE test_panic ARGS --no-summary --allow-panic
  --append test=kernel_fault --expect-exit 1
  --expect "KERNEL PANIC: data abort in kernel mode at pc"
  --expect "fault address 00000010"
  --expect "call trace:"
  --expect "\\[<c0[0-9a-f]+>\\] \\(pc\\)"
  --expect "halt, exit status 1"
  --expect "trace [0-9a-f]+ read_bad_pointer"
  --expect "trace [0-9a-f]+ deliberate_kernel_fault"
  --expect "trace [0-9a-f]+ test_hooks_run"
  --expect "trace [0-9a-f]+ kernel_main"
  --forbid "roottask: hello")

# Issue 12, findings 1 and 2 (h12-ipc): attacks on the IPC path and on kernel recursion;
# running off the kernel stack hits its guard page and panics saying so.
keel_qemu_test(attack_ipc IMAGE test_attack_ipc
  ARGS --expect "^attack_ipc_child: 0 of 3 overlong replies got through$")
keel_qemu_test(kernel_stack_overflow IMAGE test_panic ARGS --no-summary --allow-panic
  --append test=stack_overflow --expect-exit 1
  --expect "overflowing the kernel stack on purpose"
  --expect "KERNEL PANIC: kernel stack overflow at pc c0[0-9a-f]+, sp c0[0-9a-f]+"
  --expect "call trace:"
  --expect "halt, exit status 1"
  --expect "trace [0-9a-f]+ recurse"
  --forbid "keel: result"
  --forbid "roottask: hello")
# The kernel stack's worst case over every call path, from the kernel's call graphs:
# fails on recursion whose depth data decides, or a worst case above the stack less a
# margin (scripts/stack-usage prints it; docs/architecture.md, Execution model).
add_test(NAME kernel.stack_usage
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/test/harness/check_stack_usage.py
          ${CMAKE_SOURCE_DIR} ${KEEL_ARM_DIR}/CMakeFiles/keel_kernel.dir
          ${KEEL_ARM_DIR}/CMakeFiles/keel_hooks_none.dir)

# The benchmarks against bench/baseline.txt (figures are guest instructions under
# -icount: exact): fails when a line gets more than 10% slower or goes missing. The
# baseline is updated on purpose, in the commit whose change earns it
# (docs/performance.md). The Linux lines need the cross compiler README's set-up
# installs (without it they are missing, and the test fails).
add_test(NAME bench.regression
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/bench --check ${CMAKE_SOURCE_DIR}/bench/baseline.txt
          --no-build)
# The lock: linux-run's tests rebuild the images that hold the Linux root file system,
# this one's too; not while it runs.
set_tests_properties(bench.regression PROPERTIES LABELS target TIMEOUT 900
  RESOURCE_LOCK keel_linux_exec ENVIRONMENT "BUILD_DIR=${CMAKE_BINARY_DIR}")

add_test(NAME source.clang_format
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/test/harness/check_format.py ${CMAKE_SOURCE_DIR})
add_test(NAME source.cppcheck
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/test/harness/check_cppcheck.py ${CMAKE_SOURCE_DIR})
# The portable kernel names no ARM register and looks into no arch struct (arch.h).
add_test(NAME source.arch_boundary
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/test/harness/check_arch_boundary.py ${CMAKE_SOURCE_DIR})

# Issue 17, the check: docs/l4re-compat.md (which names of L4Re's C headers Keel's headers
# offer, test/l4re/) is up to date with the headers.
add_test(NAME source.l4re_compat
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/test/harness/l4re_compat.py --check)

# ---- systems built from capDL specs (issue 13; docs/capdl.md) ----
# The firmware example: the key store serves MACs, the untrusted network component
# gets nothing else, whatever it tries.
keel_qemu_test(firmware IMAGE firmware ARGS --no-summary
  --expect "^roottask: system firmware started from its spec: 3 objects, 3 components$"
  --expect "^\\[fw-log\\] keystore: key store ready$"
  --expect "^\\[fw-log\\] network: mac of \"hello\": 0xf4ee163bf3272303$"
  --expect "^\\[fw-log\\] network: mac is stable$"
  --expect "^\\[fw-log\\] network: get key refused \\(-L4_EPERM\\)$"
  --expect "^\\[fw-log\\] network: no capability named keymem$"
  --expect "^\\[fw-log\\] network: valid capability slots in 0x20..0xff: 1 \\(keys is 0x20\\)$"
  --expect "^\\[fw-log\\] network: binding keys as a server refused \\(-L4_EPERM\\)$"
  --expect "^\\[fw-log\\] network: network done$"
  --expect "^roottask: fw_network ended, status 0$"
  --forbid "breach|no keymem capability")
# The running system against its spec: a dump when the system has started and one
# the giver asks for, both as the spec says; then the giver delegates "extra" to the
# receiver, and the third dump's diff shows exactly that.
keel_qemu_test(capdl_live IMAGE test_capdl_live ARGS --no-summary --append capdl.dump
  --capdl-tool $<TARGET_FILE:capdl> --capdl-spec ${CMAKE_SOURCE_DIR}/test/target/specs/live.cdl
  --dump-diff none --dump-diff none
  --dump-diff "receiver: slot 0x120: gate extra RW is not in the spec\\n"
  --expect "^capdl_receiver: got 1 item\\(s\\), shared word 0x4b45454c$"
  --expect "^capdl_giver: delegated extra \\(0\\)$"
  --stop-after "^capdl_giver: done$")
# Without capdl.dump on the command line, the root task ignores a request for a dump.
keel_qemu_test(capdl_dump_needs_command_line IMAGE test_capdl_live ARGS --no-summary
  --expect "^capdl_giver: delegated extra \\(0\\)$"
  --forbid "capdl dump" --stop-after "^capdl_giver: done$")
# Specs the checker accepts and the board cannot satisfy: the root task names the
# object or component and why, and nothing of the system runs.
keel_qemu_test(capdl_refused_component IMAGE test_capdl_refused_component ARGS --no-summary
  --expect "^roottask: cannot start second: entry point not in an executable segment$"
  --expect "^roottask: the system is not started: second cannot be started$"
  --expect "^roottask: system refused_component is not started$"
  --forbid "hello from a loaded program"
  --stop-after "^roottask: system refused_component is not started$")
keel_qemu_test(capdl_refused_object IMAGE test_capdl_refused_object ARGS --no-summary
  --expect "^roottask: cannot make memory regs: its range is not device memory of this board"
  --expect "^roottask: system refused_object is not started$"
  --forbid "hello from a loaded program"
  --stop-after "^roottask: system refused_object is not started$")
# Supervision as the spec says: the server that crashes is restarted (restart 2), its
# client opens a new session and is served again.
keel_qemu_test(capdl_restart IMAGE test_capdl_restart ARGS --no-summary
  --expect "^roottask: system restart started from its spec: 1 objects, 3 components$"
  --expect "^roottask: the server stopped \\(status 0x100\\), restarting it$"
  --expect "^roottask: server restarted$"
  --expect "^crash_client: working again after 1 lost session\\(s\\)$"
  --stop-after "^crash_client: working again after 1 lost session\\(s\\)$")
keel_qemu_test(capdl_refused_attach IMAGE test_capdl_refused_attach ARGS --no-summary
  --expect "^roottask: cannot start user: an attached dataspace overlaps the program's image$"
  --expect "^roottask: system refused_attach is not started$"
  --forbid "hello from a loaded program"
  --stop-after "^roottask: system refused_attach is not started$")
# The kernel objects a spec names (specs/kobjects.cdl): two components share a
# semaphore, one names it through the debugger and reads the name back, the last waits
# for them on another semaphore and powers the machine off through platform control.
# The dump when the system has started names them as the spec does.
keel_qemu_test(capdl_kobjects IMAGE test_capdl_kobjects ARGS --no-summary --append capdl.dump
  --capdl-tool $<TARGET_FILE:capdl>
  --capdl-spec ${CMAKE_SOURCE_DIR}/test/target/specs/kobjects.cdl --dump-diff none
  --expect "^roottask: system kobjects started from its spec: 4 objects, 4 components$"
  --expect-anywhere "^capdl_sem: down 3 times$"
  --expect-anywhere "^capdl_sem: up 3 times$"
  --expect "^capdl_namer: named ready \\(0\\), reads back \"ready-sem\"$"
  --expect "^capdl_power: powering off$"
  --expect "^keel: power off requested by task [0-9]+ \\(capdl_power\\) thread [0-9]+$"
  --expect "^keel: halt, exit status 0$"
  --forbid "^capdl_.*(failed|missing|no capability|still running)")

# ---- the Linux server's system-call table (servers/linux/syscalls.tbl) ----
# The build writes docs/linux-syscalls.md from it (so the page follows the table), and
# source.linux_syscalls fails if the committed page is not what the table gives.
set(KEEL_SYSCALL_DOC ${CMAKE_SOURCE_DIR}/docs/linux-syscalls.md)
add_custom_command(OUTPUT ${KEEL_SYSCALL_DOC}
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/servers/linux/gen_syscall_doc.py
          ${CMAKE_SOURCE_DIR}/servers/linux/syscalls.tbl ${KEEL_SYSCALL_DOC}
  DEPENDS ${CMAKE_SOURCE_DIR}/servers/linux/syscalls.tbl
          ${CMAKE_SOURCE_DIR}/servers/linux/gen_syscall_doc.py
  COMMENT "docs/linux-syscalls.md from servers/linux/syscalls.tbl" VERBATIM)
add_custom_target(linux_syscall_doc ALL DEPENDS ${KEEL_SYSCALL_DOC})
add_test(NAME source.linux_syscalls
  COMMAND sh -c "${Python3_EXECUTABLE} '${CMAKE_SOURCE_DIR}/servers/linux/gen_syscall_doc.py' \
'${CMAKE_SOURCE_DIR}/servers/linux/syscalls.tbl' '${CMAKE_CURRENT_BINARY_DIR}/linux-syscalls.md' \
&& diff -u '${CMAKE_SOURCE_DIR}/docs/linux-syscalls.md' '${CMAKE_CURRENT_BINARY_DIR}/linux-syscalls.md'")
set_tests_properties(source.linux_syscalls PROPERTIES LABELS source TIMEOUT 60)
