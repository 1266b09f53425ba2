#!/usr/bin/env python3
"""linux_diff.py - run a static Linux ARM program on Linux and on Keel; they must agree.

    test/harness/linux_diff.py [--keep DIR] PROGRAM [ARGS...]

"Linux" is qemu-arm-static (Debian's qemu-user-static: the real Linux kernel's system
calls, translated); "Keel" is scripts/linux-run --exec (the Linux server). stdout, stderr
and the exit status must be the same byte for byte; a unified diff of what differs is
printed and the status is 1. Both runs get stdin from /dev/null, argv[0] = PROGRAM's
basename and an empty environment, so that neither output depends on the caller's; a
script (--script) gets PATH, the same on both: on Linux a directory of wrappers that
run busybox's applets under qemu-arm-static (see applet_dir()). BUILD_DIR is passed on
to linux-run.
"""
import argparse
import difflib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINUX_SECONDS = 60  # qemu-arm-static's limit; linux-run has LINUX_RUN_SECONDS


def status_of(returncode):
    """A death by signal as a shell shows it: 128 + the signal."""
    return 128 - returncode if returncode < 0 else returncode


# qemu-arm-static's own report of a guest killed by a signal: the emulator speaks, not
# Linux (a real kernel prints nothing there), so it is not part of the program's output.
QEMU_SIGNAL_LINE = re.compile(rb"^qemu: uncaught target signal \d+ \([^)]*\) - core dumped\n",
                              re.MULTILINE)


def busybox():
    build = os.environ.get("BUILD_DIR") or os.path.join(TOP, "build")
    return os.path.join(build, "linux-root", "bin", "busybox")


def applet_dir():
    """A directory of host scripts, one per busybox applet, each running that applet of
    the ARM busybox under qemu-arm-static: the scripts' PATH on the oracle's side.

    busybox sh runs most applets by execve("/proc/self/exe"); qemu-user hands that to
    the host kernel, which (without a binfmt_misc entry for ARM) cannot run it, and the
    shell then searches PATH: with the host's PATH it would find the host's programs
    (GNU cat, dash). Named after the busybox it runs, made once, atomically."""
    bb = os.path.realpath(busybox())
    qemu = shutil.which("qemu-arm-static") or "qemu-arm-static"
    tag = hashlib.sha256((bb + "\0" + qemu).encode()).hexdigest()[:12]
    path = os.path.join(tempfile.gettempdir(), "keel-applets-" + tag)
    if os.path.isdir(path):
        return path
    names = subprocess.run([qemu, bb, "--list"], capture_output=True, check=True,
                           env={}).stdout.decode().split()
    work = tempfile.mkdtemp(prefix="keel-applets-")
    for name in names:
        if not re.fullmatch(r"[A-Za-z0-9_.\[-]+", name):
            continue
        f = os.path.join(work, name)
        with open(f, "w") as out:
            out.write('#!/bin/sh\nexec "%s" -0 "%s" "%s" "$@"\n' % (qemu, name, bb))
        os.chmod(f, 0o755)
    try:
        os.rename(work, path)
    except OSError:  # another run made it first
        shutil.rmtree(work, ignore_errors=True)
    return path


def script_path():
    """The PATH of a script on both systems: the wrappers first (Linux), then /bin
    (Keel, where the wrappers' directory does not exist)."""
    return applet_dir() + ":/bin"


def run_linux(program, args, script=False):
    qemu = shutil.which("qemu-arm-static") or "qemu-arm-static"
    cmd = [qemu, "-0", os.path.basename(program), program] + args
    env = {}
    if script:  # sh FILE ARGS, the same busybox as sh, from FILE's directory (as linux-run)
        cmd = [qemu, "-0", "sh", busybox(), os.path.basename(program)] + args
        cwd = os.path.dirname(program)
        env = {"PATH": script_path()}
    else:
        cwd = None
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                           timeout=LINUX_SECONDS, cwd=cwd)
    except subprocess.TimeoutExpired as e:
        return e.stdout or b"", (e.stderr or b"") + b"linux_diff: timed out\n", 124
    return r.stdout, QEMU_SIGNAL_LINE.sub(b"", r.stderr), status_of(r.returncode)


def run_keel(program, args, script=False):
    # linux-run needs PATH and the build's variables; the program itself gets no
    # environment from it.
    # A script gets the oracle's PATH too: the same environment on both.
    env = ["--env", "PATH=" + script_path()] if script else []
    cmd = [os.path.join(TOP, "scripts", "linux-run")] + env + ([] if script else ["--exec"]) + \
        [program] + args
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True)
    return r.stdout, r.stderr, status_of(r.returncode)


def diff(name, linux, keel):
    """Unified diff lines (bytes) of one stream, or [] if equal."""
    if linux == keel:
        return []
    return list(difflib.diff_bytes(difflib.unified_diff, linux.splitlines(True),
                                   keel.splitlines(True), b"linux/" + name, b"keel/" + name))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", metavar="DIR",
                    help="save both runs' stdout, stderr and status into DIR")
    ap.add_argument("--script", action="store_true",
                    help="PROGRAM is a shell script: run it with busybox sh on both")
    ap.add_argument("program")
    ap.add_argument("args", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    program = os.path.abspath(a.program)
    name = os.path.basename(program)
    linux = run_linux(program, a.args, a.script)
    keel = run_keel(program, a.args, a.script)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        for system, result in (("linux", linux), ("keel", keel)):
            for part, data in zip(("stdout", "stderr", "status"), result):
                if part == "status":
                    data = b"%d\n" % data
                with open(os.path.join(a.keep, "%s.%s.%s" % (name, system, part)), "wb") as f:
                    f.write(data)

    lines = diff(b"stdout", linux[0], keel[0]) + diff(b"stderr", linux[1], keel[1])
    for line in lines:
        # A last line without "\n" would run into the next header.
        sys.stdout.buffer.write(line if line.endswith(b"\n") else line + b"\n\\ no newline\n")
    same = not lines and linux[2] == keel[2]
    if linux[2] != keel[2]:
        print("exit status: linux %d, keel %d" % (linux[2], keel[2]))
    print("linux_diff: %s: %s (stdout %d bytes, stderr %d bytes, status %d on linux)" % (
        name, "same" if same else "DIFFERENT", len(linux[0]), len(linux[1]), linux[2]))
    sys.stdout.flush()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
