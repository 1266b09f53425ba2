#!/usr/bin/env python3
"""env_clash_elf.py OUT - write a small, otherwise valid ARM ELF executable whose one
loadable segment lies on the environment page (L4RE_ENV_ADDR, l4/re/env.h), where the
loader maps a program's environment: the loader must refuse it."""
import struct
import sys

ENV_ADDR = 0xbfe00000
EHDR, PHDR, PAGE = 52, 32, 4096


def main():
    code = struct.pack("<I", 0xeafffffe)  # b . (ARM): never runs
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)  # ELF32, little endian, version 1
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, ENV_ADDR, EHDR, 0, 0x05000400,
                               EHDR, PHDR, 1, 40, 0, 0)
    phdr = struct.pack("<IIIIIIII", 1, PAGE, ENV_ADDR, ENV_ADDR, len(code), PAGE, 5, PAGE)
    image = ehdr + phdr
    image += bytes(PAGE - len(image)) + code
    with open(sys.argv[1], "wb") as f:
        f.write(image)


if __name__ == "__main__":
    main()
