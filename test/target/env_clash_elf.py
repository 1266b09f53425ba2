#!/usr/bin/env python3
"""env_clash_elf.py OUT [ADDR] - write a small, otherwise valid ARM ELF executable whose
one loadable segment (and entry) lies at ADDR, by default the environment page
(L4RE_ENV_ADDR, l4/re/env.h), where the loader maps a program's environment: the
loader, and the kernel for a root task, must refuse it."""
import struct
import sys

ENV_ADDR = 0xbfe00000  # default ADDR
EHDR, PHDR, PAGE = 52, 32, 4096


def main():
    addr = int(sys.argv[2], 0) if len(sys.argv) > 2 else ENV_ADDR
    code = struct.pack("<I", 0xeafffffe)  # b . (ARM): never runs
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)  # ELF32, little endian, version 1
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, addr, EHDR, 0, 0x05000400,
                               EHDR, PHDR, 1, 40, 0, 0)
    phdr = struct.pack("<IIIIIIII", 1, PAGE, addr, addr, len(code), PAGE, 5, PAGE)
    image = ehdr + phdr
    image += bytes(PAGE - len(image)) + code
    with open(sys.argv[1], "wb") as f:
        f.write(image)


if __name__ == "__main__":
    main()
