#!/usr/bin/env python3
"""check_stack_usage.py - the kernel stack's worst case, from GCC's call graphs.

The kernel is built with -fcallgraph-info=su: every object file gets a .ci file, its
functions with their frame sizes and the calls they make (inlined code included, tail
calls counted as calls). This script joins them into one graph and, from each entry
point, sums the frames along the deepest call path. It fails if

- the graph has a cycle: recursion, whose depth is whatever the data makes it (user
  space must never be able to choose how deep the kernel goes), unless it is a
  function calling itself with a depth bound listed in BOUNDED;
- a call goes somewhere it cannot size: an indirect call not listed in INDIRECT, or a
  function without a frame size that is not in EXTERNAL;
- a frame is of dynamic size;
- the worst case exceeds a stack minus its margin.

Usage: check_stack_usage.py SOURCE_DIR OBJECT_DIR... [-v]
SOURCE_DIR gives the stack sizes (kernel/arch/arm/include/arch_regs.h); the object
directories are searched for .ci files (the kernel's, and the hooks of production
kernels: test hooks recurse on purpose).
"""
import os
import re
import sys

# Where the architecture's entry code (entry.S, boot.S) calls C, on which stack, and
# what it has pushed there first (bytes).
KERNEL_STACK_ENTRIES = {
    "syscall_fastpath": 0, "handle_undef_user": 0, "handle_pabt_user": 0,
    "handle_dabt_user": 0, "handle_irq_user": 0, "arch_user_fiq": 0, "arch_boot": 0,
}
# A kernel-mode exception runs on that mode's small stack, below the frame of 17
# words (r0-r12, sp, lr, pc, cpsr) the vector built.
EXCEPTION_STACK_ENTRIES = {"arch_kernel_exception": 68}

# Indirect calls, by the source file of the calling function (inlining decides which
# function of the file makes them): the functions whose address the pointer can hold.
# A new function pointer needs a line here.
INDIRECT = {
    # struct mapdb_ops: memory.c's kernel_mapdb_ops; the stop function of its walks
    "mapdb.c": ["op_lookup", "op_map", "op_unmap", "op_protect", "op_alloc", "op_free",
                "preempt_stop_page"],
    # printk's output (printk_set_output())
    "printk.c": ["plat_console_putc"],
    # tree_remove_below()'s callbacks: cap.c's and mapdb.c's remove_node; the walk's
    # visit functions (mapdb.c's protect_node, cap.c's reduce_node); the stop functions
    # of both (h12-latency: preemption points)
    "tree.c": ["remove_node", "protect_node", "reduce_node", "preempt_stop_page", "stop_cap"],
}

# Functions that call themselves to a fixed depth, whatever the data: frames at most.
BOUNDED = {
    # sched.c: donations are followed DONATION_DEPTH (8) levels deep
    "effective_prio": 9,
    # pl011.c: a newline sends a carriage return first
    "pl011_putc": 2,
}

# Assembly and libgcc functions the C code calls, with their stack use in bytes:
# entry.S and vfp.S push nothing (arch_switch_to_user calls mmu.c's
# arch_vspace_activate, a leaf with a 16-byte frame, for a space without an ASID), common/arch/arm/string.S's memset six registers and
# memcpy seven, kernel/arch/arm/scan.S's arch_first_nonzero seven; libgcc's 64-bit divisions push 16 bytes and call __udivmoddi4, which
# pushes 28 (arm-none-eabi-objdump -d of the image).
EXTERNAL = {
    "arch_return_to_user": 0, "arch_switch_to_user": 16, "arch_vfp_save": 0, "arch_vfp_load": 0, "memset": 24,
    "memcpy": 28, "arch_first_nonzero": 28, "__aeabi_uldivmod": 48, "__aeabi_ldivmod": 48,
}

# Room the worst case must leave: for a compiler or option change that grows frames
# before this check is run again. A build whose worst case eats into it fails.
MARGIN = {"kernel": 4096, "exception": 128}

NODE = re.compile(r'^node: \{ title: "([^"]*)" label: "([^"]*)"')
EDGE = re.compile(r'^edge: \{ sourcename: "([^"]*)" targetname: "([^"]*)"')
SIZE = re.compile(r"(\d+) bytes \((\w+)\)")


def name_of(title):
    return title.rsplit(":", 1)[-1]


def read_graph(dirs):
    frames, calls, where = {}, {}, {}
    for top in dirs:
        for root, _, files in os.walk(top):
            for f in files:
                if not f.endswith(".ci"):
                    continue
                for line in open(os.path.join(root, f)):
                    m = NODE.match(line)
                    if m:
                        size = SIZE.search(m.group(2))
                        if size:
                            title = m.group(1)
                            if size.group(2) != "static":
                                sys.exit(f"stack: {title} has a {size.group(2)} frame")
                            frames[title] = max(frames.get(title, 0), int(size.group(1)))
                            where[title] = m.group(2).split("\\n")[1]
                            calls.setdefault(title, set())
                        continue
                    m = EDGE.match(line)
                    if m:
                        calls.setdefault(m.group(1), set()).add(m.group(2))
    return frames, calls, where


def resolver(frames, where):
    by_name = {}
    for title in frames:
        by_name.setdefault(name_of(title), []).append(title)

    def resolve(caller, target, problems):
        if target == "__indirect_call":
            source = os.path.basename(where.get(caller, "?").split(":")[0])
            names = INDIRECT.get(source)
            if names is None:
                problems.append(f"indirect call in {name_of(caller)} ({source}) not listed "
                                "in INDIRECT")
                return []
            return [t for n in names for t in by_name.get(n, [])]
        if target in frames:
            return [target]
        if target in EXTERNAL:
            return []
        problems.append(f"{name_of(caller)} calls {target}, whose frame is unknown")
        return []

    return resolve


def worst_paths(frames, calls, resolve, problems):
    """Deepest path from every function: {title: (bytes, [titles])}. Cycles are problems."""
    memo, active = {}, []

    def visit(f):
        if f in memo:
            return memo[f]
        if f in active:
            cycle = active[active.index(f):] + [f]
            problems.append("recursion: " + " -> ".join(name_of(c) for c in cycle))
            return (0, [])
        active.append(f)
        best = (0, [])
        repeat = BOUNDED.get(name_of(f), 1)
        for target in sorted(calls.get(f, ())):
            for t in resolve(f, target, problems):
                if t == f and name_of(f) in BOUNDED:
                    continue  # counted as repeat frames below
                below = visit(t)
                if below[0] > best[0]:
                    best = below
            if target in EXTERNAL and EXTERNAL[target] > best[0]:
                best = (EXTERNAL[target], [target])
        active.pop()
        memo[f] = (frames.get(f, 0) * repeat + best[0], [f] * repeat + best[1])
        return memo[f]

    for f in sorted(frames):
        visit(f)
    return memo


def stack_size(source, name):
    text = open(os.path.join(source, "kernel/arch/arm/include/arch_regs.h")).read()
    return int(re.search(r"#define\s+%s\s+(\d+)" % name, text).group(1))


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    top = os.path.abspath(args[0])
    frames, calls, where = read_graph(args[1:])
    if not frames:
        sys.exit("stack: no .ci files (is the kernel built with -fcallgraph-info=su?)")
    problems = []
    memo = worst_paths(frames, calls, resolver(frames, where), problems)
    budgets = [("kernel", stack_size(args[0], "KERNEL_STACK_SIZE"), KERNEL_STACK_ENTRIES),
               ("exception", stack_size(args[0], "EXCEPTION_STACK_SIZE"),
                EXCEPTION_STACK_ENTRIES)]
    for kind, size, entries in budgets:
        worst = (0, [], None)
        for entry, pushed in entries.items():
            if entry not in frames:
                problems.append(f"entry point {entry} not found")
                continue
            depth, path = memo[entry]
            if depth + pushed > worst[0]:
                worst = (depth + pushed, path, entry)
            if verbose:
                print(f"{kind} stack: {entry}: {depth + pushed} bytes")
        limit = size - MARGIN[kind]
        print(f"{kind} stack: worst case {worst[0]} of {size} bytes "
              f"(limit {limit}: the stack less a {MARGIN[kind]}-byte margin), from {worst[2]}:")
        path = worst[1]
        i = 0
        while i < len(path):
            f, n = path[i], 1
            while i + n < len(path) and path[i + n] == f:
                n += 1
            size = frames.get(f, EXTERNAL.get(f, 0))
            times = f" x {n}" if n > 1 else ""
            place = where.get(f, "assembly or libgcc").replace(top + os.sep, "")
            print(f"  {size:5d}{times:5s}  {name_of(f):28s} {place}")
            i += n
        if worst[0] > limit:
            problems.append(f"{kind} stack: worst case {worst[0]} bytes exceeds {limit}")
    for p in sorted(set(problems)):
        print("stack: FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
