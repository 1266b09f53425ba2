#!/usr/bin/env python3
"""mkrootfs.py OUT BUSYBOX [DEST=SRC ...] - the Linux server's root file system as a cpio
(newc) archive: busybox in /bin with a link for each applet, and extra files."""
import os
import sys

# The applets the root file system links to busybox (issue 14's list, and sh's friends).
APPLETS = """sh ash ls cat cp mv rm mkdir rmdir ln find grep egrep fgrep sed awk sort uniq cut tr
head tail wc seq xargs tar gzip gunzip zcat md5sum sha256sum cmp date sleep kill ps env
printf test [ echo true false basename dirname expr pwd touch chmod readlink stat uname
yes id whoami hostname tee od hexdump factor""".split()


def entry(ino, mode, name, data=b""):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
    head = b"070701" + b"".join(b"%08x" % f for f in fields)
    out = head + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def main():
    out_path, busybox = sys.argv[1], sys.argv[2]
    parts, ino = [], 1
    for d in ("bin", "usr", "usr/bin", "sbin", "etc", "root"):
        parts.append(entry(ino, 0o040755, d))
        ino += 1
    # Who root is, for ls -l, ps, id and the shell's ~.
    parts.append(entry(ino, 0o100644, "etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"))
    parts.append(entry(ino + 1, 0o100644, "etc/group", b"root:x:0:\n"))
    ino += 2
    if os.path.exists(busybox):  # scripts/fetch-linux-packages put it there
        parts.append(entry(ino, 0o100755, "bin/busybox", open(busybox, "rb").read()))
        ino += 1
        for applet in APPLETS:
            parts.append(entry(ino, 0o120777, "bin/" + applet, b"busybox"))
            ino += 1
    for extra in sys.argv[3:]:
        dest, src = extra.split("=", 1)
        if os.path.exists(src + ".name"):  # linux-run: the script under its own name
            dest = "/" + open(src + ".name").read().strip()
        if os.path.exists(src):
            # Programs (linux-run's, in /bin) run whatever mode the copy has.
            mode = 0o100755 if os.access(src, os.X_OK) or dest.startswith("/bin/") else 0o100644
            parts.append(entry(ino, mode, dest.lstrip("/"), open(src, "rb").read()))
            ino += 1
    parts.append(entry(0, 0, "TRAILER!!!"))
    data = b"".join(parts)
    data += b"\0" * (-len(data) % 512)
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out_path)


if __name__ == "__main__":
    main()
