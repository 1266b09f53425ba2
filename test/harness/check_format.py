#!/usr/bin/env python3
"""check_format.py - fail if any C source or header differs from clang-format's output."""
import subprocess
import sys
from pathlib import Path

DIRS = ["kernel", "common", "libl4re", "roottask", "servers", "programs", "bench", "capdl", "test",
        "examples"]


def main():
    root = Path(sys.argv[1])
    files = sorted(str(p) for d in DIRS for p in (root / d).rglob("*.[ch]") if p.is_file())
    if not files:
        print("check_format: no sources found")
        return 1
    r = subprocess.run(["clang-format", "--dry-run", "-Werror"] + files)
    print("check_format: %d files, %s" % (len(files), "clean" if r.returncode == 0 else "NOT clean"))
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
