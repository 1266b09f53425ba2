#!/usr/bin/env python3
"""check_cppcheck.py - run cppcheck over the kernel and user code; any finding fails."""
import subprocess
import sys
from pathlib import Path


def main():
    root = Path(sys.argv[1])
    cmd = ["cppcheck", "--quiet", "--error-exitcode=1", "--std=c11", "--inline-suppr",
           "--enable=warning,portability,performance",
           "--suppress=missingIncludeSystem",
           # cppcheck does not understand register variables bound to r0-r5.
           "--suppress=constStatement:*/l4/sys/ipc.h",
           "-I", str(root / "kernel/include"), "-I", str(root / "kernel/arch/arm/include"),
           "-I", str(root / "kernel/arch/arm"), "-I", str(root / "libl4re/include"),
           "-I", str(root / "abi/include"), "-I", str(root / "abi/arch/arm/include"),
           "-I", str(root / "kernel/arch/arm/plat/virt"), "-I", str(root / "common/include"),
           "-D__arm__", "-DKEEL_VERSION=\"check\"",
           str(root / "kernel"), str(root / "common"), str(root / "libl4re/src"),
           str(root / "roottask"), str(root / "servers"), str(root / "programs"),
           str(root / "test/target"), str(root / "examples")]
    r = subprocess.run(cmd)
    print("check_cppcheck: %s" % ("clean" if r.returncode == 0 else "findings"))
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
