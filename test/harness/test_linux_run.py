#!/usr/bin/env python3
"""test_linux_run.py - unit tests of scripts/linux-run on made-up console output (no QEMU)."""
import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import time
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(TOP, "scripts", "linux-run")


def load_script():
    # The script has no .py suffix: load it as a module by hand.
    loader = importlib.machinery.SourceFileLoader("linux_run", SCRIPT)
    spec = importlib.util.spec_from_loader("linux_run", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


lr = load_script()


class Collect:
    """An out() that records the program's output per fd, in order."""

    def __init__(self):
        self.chunks = []

    def __call__(self, fd, data):
        self.chunks.append((fd, data))

    def stream(self, fd):
        return b"".join(d for f, d in self.chunks if f == fd)


def decode(lines):
    out = Collect()
    d = lr.Decoder(out)
    for line in lines:
        d.line(line)
    return d, out


class TestDecoder(unittest.TestCase):
    def test_session(self):
        d, out = decode([
            b"Keel microkernel 0.1.0 on qemu-virt\r",
            b"roottask: hello",
            b"linux: out 1 68656c6c6f0a\r",  # "hello\n", with the console's \r
            b"linux: out 2 657272\r",
            b"roottask: linux: out 1 6e6f",  # Keel's line that quotes ours: not ours
            b"linux: out 1 00ff0d0a",  # any bytes, \r\n among them
            b"[linux] linux: out 2 0a",  # a tagged log session
            b"linux: out 1 ",  # an empty chunk
            b"linux: exit 42\r",
            b"roottask: linux ended",
        ])
        self.assertIsNone(d.error)
        self.assertEqual(d.status, 42)
        self.assertEqual(out.stream(1), b"hello\n\x00\xff\r\n")
        self.assertEqual(out.stream(2), b"err\n")
        self.assertEqual([f for f, _ in out.chunks], [1, 2, 1, 2, 1])
        self.assertEqual(d.last_keel_line, b"roottask: linux ended")

    def test_no_exit(self):
        d, out = decode([b"linux: out 1 41", b"KERNEL PANIC: oops\r"])
        self.assertIsNone(d.status)
        self.assertIsNone(d.error)
        self.assertEqual(out.stream(1), b"A")
        self.assertEqual(d.last_keel_line, b"KERNEL PANIC: oops")

    def test_exit_statuses(self):
        for n in (0, 1, 125, 139, 255):
            d, _ = decode([b"linux: exit %d" % n])
            self.assertEqual((d.status, d.error), (n, None))

    def test_garbled(self):
        for bad in (b"linux: out 1 414", b"linux: out 1 4G", b"linux: out 1 4A",
                    b"linux: out 3 41", b"linux: out 1 41roottask: hi", b"linux: out",
                    b"linux: exit 256", b"linux: exit -1", b"linux: exit", b"linux: exit 1 2"):
            d, out = decode([bad])
            self.assertIsNotNone(d.error, bad)
            self.assertIsNone(d.status, bad)
            self.assertEqual(out.chunks, [], bad)

    def test_output_after_exit(self):
        d, out = decode([b"linux: exit 0", b"linux: out 1 41"])
        self.assertIsNotNone(d.error)
        self.assertEqual(out.chunks, [])
        d, _ = decode([b"linux: exit 0", b"linux: exit 0"])
        self.assertIsNotNone(d.error)


def fake_qemu(code):
    """A command that stands in for QEMU: Python printing what code prints."""
    return [sys.executable, "-c", "import sys, time\n" + code]


class TestRunConsole(unittest.TestCase):
    def run_fake(self, code, seconds=20, log=None):
        out = Collect()
        d = lr.Decoder(out)
        t = time.monotonic()
        status, timed_out = lr.run_console(fake_qemu(code), seconds, d, log, grace=0.5)
        return d, out, status, timed_out, time.monotonic() - t

    def test_ends_by_itself(self):
        d, out, status, timed_out, _ = self.run_fake(
            "print('boot'); print('linux: out 1 6869'); sys.stdout.flush(); time.sleep(0.2)\n"
            "print('linux: out 2 21\\r'); print('linux: exit 3\\r', end='')")
        self.assertEqual((d.status, status, timed_out, d.error), (3, 0, False, None))
        self.assertEqual((out.stream(1), out.stream(2)), (b"hi", b"!"))

    def test_stopped_after_exit(self):
        # The system keeps running after the program's end: stopped after the grace.
        d, _, status, timed_out, took = self.run_fake(
            "print('linux: exit 9', flush=True); time.sleep(60)")
        self.assertEqual((d.status, timed_out), (9, False))
        self.assertLess(took, 10)

    def test_timeout(self):
        d, out, status, timed_out, took = self.run_fake(
            "print('linux: out 1 41', flush=True); time.sleep(60)", seconds=1)
        self.assertEqual((d.status, status, timed_out), (None, None, True))
        self.assertEqual(out.stream(1), b"A")
        self.assertLess(took, 10)

    def test_crash(self):
        d, _, status, timed_out, _ = self.run_fake("print('KERNEL PANIC: x'); sys.exit(1)")
        self.assertEqual((d.status, status, timed_out), (None, 1, False))
        self.assertEqual(d.last_keel_line, b"KERNEL PANIC: x")

    def test_log(self):
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "linux_run_log_%d" % os.getpid())
        try:
            with open(path, "wb") as log:
                self.run_fake("print('keel says'); print('linux: exit 0')", log=log)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"keel says\nlinux: exit 0\n")
        finally:
            os.unlink(path)


class TestSpec(unittest.TestCase):
    def test_text(self):
        self.assertEqual(lr.spec_text("prog", ["a", "b c"]), (
            "# linux_exec.cdl - written by scripts/linux-run: the Linux server runs one program.\n"
            "system linux_exec { }\n"
            "memory rtc_regs device 0x09010000 4K\n"
            "gate linux_fs_svc\n"
            "memory linux_fs_buf anon 72K\n"
            "component linux_fs {\n"
            '    program "linux_fs"\n'
            "    priority 65\n"
            "    memory 28M\n"
            "    cap srv = linux_fs_svc RWS server\n"
            "    cap fsbuf = linux_fs_buf RW\n"
            "}\n"
            "component linux {\n"
            '    program "linux_server" args "/bin/linux_exec_prog" "prog" "a" "b c"\n'
            "    priority 60\n"
            "    kmem 8M\n"
            "    memory 80M\n"
            "    cap rtc = rtc_regs R\n"
            "    cap fs = linux_fs_svc RW\n"
            "    cap fsbuf = linux_fs_buf RW\n"
            "}\n"))

    def test_limits(self):
        self.assertIsNone(lr.check_args("p", ["x"] * 6))
        self.assertIsNotNone(lr.check_args("p", ["x"] * 7))
        self.assertIsNone(lr.check_args("p", ["x"] * 5, ["A=1"]))
        self.assertIsNotNone(lr.check_args("p", ["x"] * 6, ["A=1"]))
        self.assertIsNotNone(lr.check_args("p", [], ["1A=1"]))
        self.assertIsNone(lr.check_args("p", ["x" * 100, "y" * 100]))
        self.assertIsNotNone(lr.check_args("p", ["x" * 100, "y" * 101]))
        self.assertIsNotNone(lr.check_args("p", ['a"b']))
        self.assertIsNotNone(lr.check_args("p", ["a\nb"]))
        self.assertIsNotNone(lr.check_args('p"', []))


class TestCommandLine(unittest.TestCase):
    """What is refused before anything is built."""

    def run_script(self, *args):
        r = subprocess.run([SCRIPT] + list(args), stdin=subprocess.DEVNULL,
                           capture_output=True, env=dict(os.environ, BUILD_DIR="/nonexistent"))
        return r.returncode, r.stdout, r.stderr.decode()

    def test_missing_shell_script(self):
        status, out, err = self.run_script("/nonexistent/script.sh", "a")
        self.assertEqual((status, out), (2, b""))
        self.assertEqual(err, "linux-run: no such script: /nonexistent/script.sh\n")

    def test_bad_args(self):
        for args in ([], ["--exec"], ["--exec", "/nonexistent/prog"],
                     ["--exec", SCRIPT] + ["x"] * 8, ["--exec", SCRIPT, 'a"b']):
            status, out, err = self.run_script(*args)
            self.assertEqual((status, out), (2, b""), args)
            self.assertEqual(len(err.splitlines()), 1, args)


if __name__ == "__main__":
    unittest.main()
