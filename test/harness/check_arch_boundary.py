#!/usr/bin/env python3
"""check_arch_boundary.py - fail if portable kernel code names ARM registers or arch fields.

The portable kernel (kernel/ outside kernel/arch/) sees the architecture only through
arch.h: struct arch_context and struct arch_vspace are opaque, registers are reached
by role (arch_ctx_*()). A second architecture must be possible without touching a
generic file, so generic code may neither look inside those structs nor name an ARM
register, in code or in comments.
"""
import re
import sys
from pathlib import Path

RULES = [
    # Member access on a thread context or an address space: only arch code may.
    (re.compile(r"\bctx\s*(\.|->)\s*\w"), "a field of struct arch_context"),
    (re.compile(r"\bvspace\s*(\.|->)\s*\w"), "a field of struct arch_vspace"),
    # ARM register and register-bit names.
    (re.compile(r"\br(1[0-2]|[0-9])\b"), "an ARM core register"),
    (re.compile(r"\b(lr|sp_svc|[cs]psr|psr)\b", re.I), "an ARM special register"),
    (re.compile(r"PSR_\w+"), "a PSR bit"),
    (re.compile(r"tpidr\w*", re.I), "an ARM thread-ID register"),
    (re.compile(r"\b(cp15|fpexc|ttbr\d?|contextidr|[di]f[sa]r)\b", re.I), "an ARM system register"),
    (re.compile(r"\bvfp\b", re.I), "the ARM FPU's name (generic: fpu)"),
    (re.compile(r"thumb", re.I), "the ARM Thumb state"),
    (re.compile(r"\bL4_THREAD_ARM_\w+"), "an ARM-only THREAD operation"),
]


def main():
    root = Path(sys.argv[1])
    kernel = root / "kernel"
    files = sorted(p for p in kernel.rglob("*.[ch]")
                   if p.is_file() and (kernel / "arch") not in p.parents)
    if not files:
        print("check_arch_boundary: no sources found")
        return 1
    found = 0
    for path in files:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for pattern, what in RULES:
                m = pattern.search(line)
                if m:
                    print("%s:%d: '%s' is %s: use arch.h's accessors" %
                          (path.relative_to(root), number, m.group(0), what))
                    found += 1
    print("check_arch_boundary: %d generic files, %s" %
          (len(files), "clean" if not found else "%d ARM names" % found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
