#!/usr/bin/env python3
"""qemu_test.py - boot a Keel image in QEMU and judge its serial output.

Default judgement: every test line is "PASS name" or "FAIL name: reason", a closing
"N passed, N failed" line agrees with them, nothing failed, no kernel panic, and QEMU
exits by itself with status 0 before the timeout. --uboot boots through U-Boot (a FIT
image on a virtio disk, made by scripts/uboot-image with the kernel command line in
its boot script) instead of QEMU's -kernel; input waits for "Starting kernel", so
that U-Boot's autoboot countdown does not take it. --no-summary replaces the summary
check by --expect patterns (regular expressions, matched in order, one line each).
--expect-anywhere patterns must match some line, in any order. --input TEXT (Python
escapes, e.g. "hi\\n") is typed into the serial port once a line matches --input-after
(or at once); several --input/--input-after pairs are typed in order, each trigger
looked for in the output after the previous input was typed. --stop-after REGEX ends
a system that keeps running (QEMU is stopped, counting as exit status 0) once a line
matches and all input has been typed.
"""
import argparse
import codecs
import os
import re
import selectors
import subprocess
import sys
import tempfile
import time

SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")
RESULT = re.compile(r"^(PASS|FAIL) (\S+?)(?::.*)?$")


UBOOT_BIOS = "/usr/lib/u-boot/qemu_arm/u-boot.bin"
UBOOT_IMAGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                           "uboot-image")


def qemu_command(args, disk_dir=None):
    append = ["idle=exit", "semihosting"] + args.append
    cmd = [args.qemu, "-M", args.machine, "-cpu", args.cpu, "-m", args.memory,
           "-display", "none", "-monitor", "none", "-serial", "stdio", "-nic", "none",
           "-semihosting-config", "enable=on,target=native",
           # A reset (the platform-control object's reboot) ends the run, as a power
           # off does: a test never boots twice.
           "-no-reboot"]
    if disk_dir:
        subprocess.run([UBOOT_IMAGE, "--elf", args.image, "--out", disk_dir,
                        "--machine", args.machine, "--memory", args.memory]
                       + [a for opt in args.uboot_arg for a in opt.split("=", 1)]
                       + ["--"] + append,
                       check=True, stdout=subprocess.DEVNULL)
        cmd += ["-bios", UBOOT_BIOS, "-drive",
                "if=none,format=raw,file=%s,id=boot" % os.path.join(disk_dir, "disk.img"),
                "-device", "virtio-blk-device,drive=boot"]
    else:
        cmd += ["-kernel", args.image, "-append", " ".join(append)]
        if args.dtb:
            # A board QEMU makes no device tree for (versatilepb): with -dtb, QEMU puts
            # this one, -append's words in its bootargs, at the start of RAM.
            cmd += ["-dtb", args.dtb]
    if args.icount:
        # sleep=off: idle time is skipped instead of following the host's clock, so
        # that a run is deterministic (the fuzzer's replays rely on it).
        cmd += ["-icount", "shift=0,sleep=off"]
    return cmd


def feed_input(proc, pending, data):
    """Type pending = [(text, trigger regex), ...] into QEMU's serial port in order,
    each once its trigger appears in data (the output since the previous input was
    typed). Return (what is still pending or None, how much of data was used)."""
    used = 0
    while pending:
        text, trigger = pending[0]
        out = data[used:].decode("utf-8", "replace").replace("\r", "")
        if trigger and not re.search(trigger, out, re.MULTILINE):
            break
        proc.stdin.write(text.encode("latin-1"))
        proc.stdin.flush()
        pending = pending[1:]
        used = len(data)
    return pending or None, used


def run_qemu(cmd, timeout, pending=None, stop_after=None):
    """Run QEMU; return (output lines, exit status or None on timeout). With
    stop_after, QEMU is stopped (status 0) once a line matches it and all input has
    been typed: for systems that keep running, such as the default one."""
    # versatilepb has a sound chip: no host audio for it (and none of QEMU's complaints).
    env = dict(os.environ, QEMU_AUDIO_DRV="none")
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if pending else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    data = b""
    typed_at = 0  # where the output after the last typed input starts
    status = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            proc.kill()
            proc.wait()
            break
        if sel.select(timeout=min(left, 0.5)):
            chunk = os.read(proc.stdout.fileno(), 65536)
            if chunk:
                sys.stdout.write(chunk.decode("utf-8", "replace"))
                sys.stdout.flush()
                data += chunk
                if pending:
                    pending, used = feed_input(proc, pending, data[typed_at:])
                    typed_at += used
                out = data.decode("utf-8", "replace").replace("\r", "")
                # Whole lines only: a line still arriving may match a pattern ending
                # in $ that its rest would not.
                out = out[:out.rfind("\n") + 1]
                if stop_after and not pending and re.search(stop_after, out, re.MULTILINE):
                    proc.kill()
                    proc.wait()
                    status = 0
                    break
                continue
            status = proc.wait()
            break
        if proc.poll() is not None:
            data += proc.stdout.read() or b""
            status = proc.returncode
            break
    text = data.decode("utf-8", "replace").replace("\r", "")
    return text.split("\n"), status


TRACE = re.compile(r"\[<([0-9a-f]{8})>\]")


def symbolize(lines, image):
    """Resolve call-trace addresses to function names (added as extra lines)."""
    addrs = [m.group(1) for l in lines for m in [TRACE.search(l)] if m]
    if not addrs:
        return []
    try:
        out = subprocess.run(["arm-none-eabi-addr2line", "-f", "-e", image] + addrs,
                             capture_output=True, text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return []
    resolved = ["trace %s %s %s" % (a, out[2 * i], out[2 * i + 1])
                for i, a in enumerate(addrs) if 2 * i + 1 < len(out)]
    for r in resolved:
        print("harness: " + r)
    return resolved


def judge(lines, status, args):
    problems = []
    if status is None:
        problems.append("timeout after %ss" % args.timeout)
    elif status != args.expect_exit:
        problems.append("QEMU exit status %d, expected %d" % (status, args.expect_exit))
    if not args.allow_panic and any("KERNEL PANIC" in l for l in lines):
        problems.append("kernel panic")
    results = [RESULT.match(l) for l in lines]
    results = [m for m in results if m]
    fails = [m.group(2) for m in results if m.group(1) == "FAIL"]
    passes = [m.group(2) for m in results if m.group(1) == "PASS"]
    if fails:
        problems.append("failed tests: " + ", ".join(fails))
    if not args.no_summary:
        summaries = [SUMMARY.match(l) for l in lines]
        summaries = [m for m in summaries if m]
        if len(summaries) != 1:
            problems.append("expected one summary line, found %d" % len(summaries))
        else:
            p, f = int(summaries[0].group(1)), int(summaries[0].group(2))
            if (p, f) != (len(passes), len(fails)):
                problems.append("summary says %d passed, %d failed; lines say %d, %d"
                                % (p, f, len(passes), len(fails)))
            if p == 0:
                problems.append("no test ran")
    pos = 0
    for pattern in args.expect:
        rx = re.compile(pattern)
        while pos < len(lines) and not rx.search(lines[pos]):
            pos += 1
        if pos == len(lines):
            problems.append("expected output not seen (in order): %r" % pattern)
            break
        pos += 1
    for pattern in args.expect_anywhere:
        if not any(re.search(pattern, l) for l in lines):
            problems.append("expected output not seen: %r" % pattern)
    for pattern in args.forbid:
        if any(re.search(pattern, l) for l in lines):
            problems.append("forbidden output seen: %r" % pattern)
    problems += judge_dumps(lines, args)
    return problems


DUMP_BEGIN = "--- capdl dump begin ---"
DUMP_END = "--- capdl dump end ---"


def capdl_dumps(lines):
    """The capDL dumps in the output (docs/capdl.md), each a list of lines."""
    dumps, current = [], None
    for line in lines:
        if line.strip() == DUMP_BEGIN:
            current = [DUMP_BEGIN]
        elif current is not None:
            current.append(line)
            if line.strip() == DUMP_END:
                dumps.append(current)
                current = None
    return dumps


def judge_dumps(lines, args):
    """Run `capdl diff SPEC DUMP` on the k-th dump; its output must be --dump-diff k."""
    if not args.dump_diff:
        return []
    dumps = capdl_dumps(lines)
    if len(dumps) != len(args.dump_diff):
        return ["expected %d capdl dumps, found %d" % (len(args.dump_diff), len(dumps))]
    problems = []
    for k, (dump, expected) in enumerate(zip(dumps, args.dump_diff)):
        expected = "" if expected == "none" else codecs.decode(expected, "unicode_escape")
        with tempfile.NamedTemporaryFile("w", suffix=".dump") as f:
            f.write("\n".join(dump) + "\n")
            f.flush()
            r = subprocess.run([args.capdl_tool, "diff", args.capdl_spec, f.name],
                               capture_output=True, text=True)
        print("harness: capdl diff of dump %d (exit %d):\n%s" % (k + 1, r.returncode, r.stdout),
              end="")
        if r.stderr:
            print(r.stderr, end="")
        want_status = 1 if expected else 0
        if r.returncode != want_status or r.stdout != expected:
            problems.append("capdl diff of dump %d: got %r (exit %d), expected %r"
                            % (k + 1, r.stdout, r.returncode, expected))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--image", required=True)
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--machine", default="virt")
    ap.add_argument("--cpu", default="cortex-a15")
    ap.add_argument("--memory", default="256M")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--append", action="append", default=[],
                    help="extra kernel command line words")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--expect-anywhere", action="append", default=[])
    ap.add_argument("--forbid", action="append", default=[])
    ap.add_argument("--input", action="append", default=[],
                    help="text typed into the serial port (Python escapes); repeatable")
    ap.add_argument("--input-after", action="append", default=[],
                    help="type the --input of the same position once a line matches this")
    ap.add_argument("--stop-after", help="stop QEMU (as a success) once a line matches")
    ap.add_argument("--expect-exit", type=int, default=0)
    ap.add_argument("--no-summary", action="store_true")
    ap.add_argument("--allow-panic", action="store_true")
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("--dtb", help="a device tree for QEMU to pass (boards it makes none for)")
    ap.add_argument("--uboot", action="store_true", help="boot through U-Boot")
    ap.add_argument("--uboot-arg", action="append", default=[],
                    help="an option of scripts/uboot-image, as --opt=value; repeatable")
    ap.add_argument("--capdl-tool", help="the capdl host tool, for --dump-diff")
    ap.add_argument("--capdl-spec", help="the spec the image was built from")
    ap.add_argument("--dump-diff", action="append", default=[],
                    help="what `capdl diff` prints for the k-th dump (\\n escapes), or none")
    args = ap.parse_args()
    if not os.path.exists(args.image):
        print("harness: no image %s" % args.image)
        return 2
    if len(args.input_after) > len(args.input):
        print("harness: more --input-after than --input")
        return 2
    afters = args.input_after + [None] * (len(args.input) - len(args.input_after))
    if args.uboot and afters and afters[0] is None:
        afters[0] = r"^Starting kernel"
    pending = [(codecs.decode(text, "unicode_escape"), after)
               for text, after in zip(args.input, afters)] or None
    with tempfile.TemporaryDirectory(prefix="keel-uboot-") as disk_dir:
        cmd = qemu_command(args, disk_dir if args.uboot else None)
        print("harness: " + " ".join(cmd))
        lines, status = run_qemu(cmd, args.timeout, pending, args.stop_after)
    lines += symbolize(lines, args.image)
    problems = judge(lines, status, args)
    for p in problems:
        print("harness: FAIL: " + p)
    if not problems:
        print("harness: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
