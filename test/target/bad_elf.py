#!/usr/bin/env python3
"""bad_elf.py KIND OUT - write a malformed ARM ELF executable that the loader (and the
kernel, for a root task) must refuse, each for one reason (common/elf.c says which):
  truncated    the file ends inside its segment's data
  overlapping  two loadable segments share a page
  huge         a segment of nearly 4 GiB (it wraps around the address space)
  bad_entry    the entry point lies in no executable segment
Everything else about it is a well-formed program at 0x10000."""
import struct
import sys

EHDR, PHDR, PAGE = 52, 32, 4096
BASE = 0x10000
CODE = struct.pack("<I", 0xeafffffe)  # b . (ARM): never runs


def image(segments, entry):
    """segments: (vaddr, file offset, file size, memory size, flags) each."""
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)  # ELF32, little endian, version 1
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, entry, EHDR, 0, 0x05000400,
                               EHDR, PHDR, len(segments), 40, 0, 0)
    phdrs = b"".join(struct.pack("<IIIIIIII", 1, off, va, va, fsz, msz, flags, PAGE)
                     for va, off, fsz, msz, flags in segments)
    out = bytearray(ehdr + phdrs)
    for va, off, fsz, msz, flags in segments:
        if len(out) < off + fsz:
            out += bytes(off + fsz - len(out))
        out[off:off + len(CODE)] = CODE
    return bytes(out)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    text = (BASE, PAGE, PAGE, PAGE, 5)  # one page of code, read and execute
    if kind == "truncated":
        data = image([text], BASE)[:PAGE + 16]  # a page of code promised, 16 bytes there
    elif kind == "overlapping":
        data = image([text, (BASE + 0x800, 2 * PAGE + 0x800, 16, PAGE, 6)], BASE)
    elif kind == "huge":
        data = image([text, (BASE + PAGE, 2 * PAGE, 16, 0xfff00000, 6)], BASE)
    elif kind == "bad_entry":
        data = image([text, (BASE + PAGE, 2 * PAGE, 16, PAGE, 6)], BASE + PAGE)
    else:
        sys.exit("bad_elf.py: unknown kind " + kind)
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
