#!/usr/bin/env python3
"""make_corpus.py [DTB] - write the seed inputs of the host fuzzers into
test/fuzz/corpus/<name>/seed_*: small ELF files (good, truncated, overlapping,
huge, with a bad entry), boot-module tables holding them, device trees (DTB, if
given: QEMU's virt machine's, `qemu-system-arm -M virt -machine dumpdtb=virt.dtb`),
and operation sequences for the mapping database and capability tree. The fuzzers
add what they find interesting to their scratch corpora in the build tree; merge
those in with `fuzz_<name> -merge=1 test/fuzz/corpus/<name> <build>/test/fuzz/work_<name>`."""
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EHDR, PHDR = 52, 32


def elf(segments, entry, phnum=None, phentsize=PHDR, machine=40):
    """An ARM ELF32 executable: segments = [(vaddr, filesz, memsz, flags, offset)]."""
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    n = len(segments) if phnum is None else phnum
    head = ident + struct.pack("<HHIIIIIHHHHHH", 2, machine, 1, entry, EHDR, 0, 0x05000400,
                               EHDR, phentsize, n, 40, 0, 0)
    ph = b"".join(struct.pack("<IIIIIIII", 1, off, va, va, fs, ms, fl, 0x1000)
                  for va, fs, ms, fl, off in segments)
    body = head + ph
    end = max([off + fs for va, fs, ms, fl, off in segments] + [len(body)])
    body += bytes(end - len(body))
    return body


def elfs():
    code = 0x10000
    good = elf([(code + 0x100, 0x40, 0x40, 5, 0x100)], code + 0x101)
    two = elf([(code + 0x100, 0x40, 0x40, 5, 0x100), (0x20000, 0x10, 0x2000, 6, 0x140)],
              code + 0x100)
    return {
        "good": good,
        "two_segments": two,
        "truncated": good[:60],
        "overlapping": elf([(code + 0x100, 0x40, 0x2000, 5, 0x100),
                            (code + 0x1100, 0x10, 0x10, 6, 0x140)], code + 0x100),
        "huge": elf([(code + 0x100, 0x40, 0xfffff000, 5, 0x100)], code + 0x100),
        "bad_entry": elf([(code + 0x100, 0x40, 0x40, 5, 0x100)], 0x30000),
        "entry_in_data": elf([(code + 0x100, 0x40, 0x40, 6, 0x100)], code + 0x100),
        "data_outside_file": good[:0x120],
        "many_headers": elf([(code + 0x100, 0x40, 0x40, 5, 0x100)], code + 0x100, phnum=0xffff),
        "not_arm": elf([(code + 0x100, 0x40, 0x40, 5, 0x100)], code + 0x100, machine=3),
    }


def bootmod(mods, magic=0x444f4d4b, version=1, count=None):
    """A module table as keel_image() lays it out; mods = [(name, data, flags)]."""
    n = len(mods) if count is None else count
    off = (16 + 64 * len(mods) + 4095) // 4096 * 4096
    entries, data = b"", b""
    for name, body, flags in mods:
        entries += struct.pack("<III", off + len(data), len(body), flags)
        entries += name.encode()[:51].ljust(52, b"\0")
        data += body + bytes((-len(body)) % 4096)
    table = struct.pack("<IIII", magic, version, n, off + len(data)) + entries
    return table + bytes(off - len(table)) + data


def bootinfo(ram_base, ram_size, align):
    return struct.pack("<IIB", ram_base, ram_size, align)


def bootmods():
    e = elfs()
    ram = bootinfo(0x44200000, 190 << 20, 12)
    return {
        "one": ram + bootmod([("roottask", e["good"], 1)]),
        "three": ram + bootmod([("roottask", e["good"], 1), ("hello", e["two_segments"], 0),
                                ("bad", e["bad_entry"], 0)]),
        "bad_magic": ram + bootmod([("roottask", e["good"], 1)], magic=0),
        "count_too_big": ram + bootmod([("roottask", e["good"], 1)], count=40),
        "odd_ram": bootinfo(0x40000100, 4096, 31) + bootmod([("x", e["huge"], 1)]),
    }


def fdt(nodes, strings_first=()):
    """A flattened device tree: nodes = [("name", [(prop, bytes)], depth)], in order."""
    st, strs, offs = b"", b"", {}

    def stroff(name):
        nonlocal strs
        if name not in offs:
            offs[name] = len(strs)
            strs += name.encode() + b"\0"
        return offs[name]

    depth = 0
    for name, props, d in nodes:
        while depth > d:
            st += struct.pack(">I", 2)
            depth -= 1
        nm = name.encode() + b"\0"
        st += struct.pack(">I", 1) + nm + bytes((-len(nm)) % 4)
        for p, v in props:
            st += struct.pack(">III", 3, len(v), stroff(p)) + v + bytes((-len(v)) % 4)
        depth = d + 1
    while depth > 0:
        st += struct.pack(">I", 2)
        depth -= 1
    st += struct.pack(">I", 9)
    off_rsv = 40
    off_st = off_rsv + 16
    off_str = off_st + len(st)
    total = off_str + len(strs)
    hdr = struct.pack(">IIIIIIIIII", 0xd00dfeed, total, off_st, off_str, off_rsv, 17, 16, 0,
                      len(strs), len(st))
    return hdr + bytes(16) + st + strs


def cells(*v):
    return b"".join(struct.pack(">I", x) for x in v)


def dts():
    uart = [("compatible", b"arm,pl011\0arm,primecell\0"), ("reg", cells(0, 0x9000000, 0, 0x1000)),
            ("interrupts", cells(0, 1, 4))]
    root = [("#address-cells", cells(2)), ("#size-cells", cells(2))]
    return {
        "small": fdt([("", root, 0), ("chosen", [("bootargs", b"idle=exit\0"),
                                               ("stdout-path", b"/pl011@9000000\0")], 1),
                      ("memory@40000000", [("device_type", b"memory\0"),
                                           ("reg", cells(0, 0x40000000, 0, 0x10000000))], 1),
                      ("pl011@9000000", uart, 1)]),
        "deep": fdt([("", root, 0)] + [("n%d" % i, [], i + 1) for i in range(40)]),
    }


def write(name, inputs):
    d = os.path.join(HERE, "corpus", name)
    os.makedirs(d, exist_ok=True)
    for key, data in inputs.items():
        with open(os.path.join(d, "seed_" + key), "wb") as f:
            f.write(data)


def main():
    write("elf", elfs())
    write("bootmod", bootmods())
    d = dts()
    if len(sys.argv) > 1:
        with open(sys.argv[1], "rb") as f:
            blob = f.read()
        # Without QEMU's padding: the header's total size cut to the blocks' end.
        off_st, off_str = struct.unpack(">II", blob[8:16])
        size_str, size_st = struct.unpack(">II", blob[32:40])
        end = max(off_st + size_st, off_str + size_str)
        d["qemu_virt"] = blob[:4] + struct.pack(">I", end) + blob[8:end]
    write("dt", d)
    rng = random.Random(12)
    write("mapdb", {"ops%d" % i: bytes(rng.randrange(256) for _ in range(3 * (4 + 8 * i)))
                    for i in range(6)})
    write("cap", {"ops%d" % i: bytes(rng.randrange(256) for _ in range(3 * (4 + 8 * i)))
                  for i in range(6)})


if __name__ == "__main__":
    main()
