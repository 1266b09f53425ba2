#!/usr/bin/env python3
"""l4re_compat.py - which names of L4Re's C headers Keel's headers offer (issue 17).

Reads test/l4re/l4re_names.txt (one L4Re C-header name a line: header, name, kind;
taken from L4Re's public headers) and test/l4re/l4re_reasons.txt (why a name is left
out: a header and an fnmatch pattern of names, then the reason), checks each name
against Keel's headers and writes docs/l4re-compat.md.

The check is exact and per header: for each L4Re header that Keel has too (the same
path under libl4re/include, abi/include or abi/arch/arm/include), one translation unit
includes it and probes every name of it on a line of its own,

    #if !defined(NAME)
    __typeof__(NAME) *probe_N;          (kind "struct": struct NAME *p = 0; sizeof *p)
    #endif

compiled with the target compiler and picolibc's headers, as Keel's programs are
(-fsyntax-only): a name is offered if it is a macro
or the probe line compiles; the compiler's error lines say which are not. A name of a
header Keel does not have is not offered. A name not offered is probed once more with
every Keel header of the API included: if one declares it, that is its reason ("another
Keel header declares it"); else the reasons file must give one.

  l4re_compat.py [--cc arm-none-eabi-gcc] [--check]   (--check: fail if the doc differs)
"""
import argparse
import fnmatch
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NAMES = os.path.join(ROOT, "test", "l4re", "l4re_names.txt")
REASONS = os.path.join(ROOT, "test", "l4re", "l4re_reasons.txt")
DOC = os.path.join(ROOT, "docs", "l4re-compat.md")
INCLUDES = ["libl4re/include", "abi/include", "abi/arch/arm/include"]
KINDS = {"function", "macro", "enum", "type", "struct"}
ELSEWHERE = "another Keel header declares it, not this one"


def read_table(path, fields):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != fields or not all(p.strip() for p in parts):
                sys.exit(f"{path}:{n}: expected {fields} tab-separated fields")
            rows.append([p.strip() for p in parts])
    return rows


def keel_header(header):
    for inc in INCLUDES:
        if os.path.isfile(os.path.join(ROOT, inc, header)):
            return True
    return False


def all_keel_headers():
    """Every header of Keel's C API (l4/...), for the probe of names found elsewhere."""
    found = set()
    for inc in INCLUDES:
        base = os.path.join(ROOT, inc)
        for d, _, files in os.walk(os.path.join(base, "l4")):
            for f in files:
                if f.endswith(".h"):
                    found.add(os.path.relpath(os.path.join(d, f), base))
    return sorted(found)


def probe(cc, headers, names):
    """The set of names (name, kind) that Keel's @headers (a list) declare."""
    lines = [f"#include <{h}>" for h in headers]
    where = {}
    for i, (name, kind) in enumerate(names):
        lines.append(f"#if !defined({name})")
        if kind == "struct":
            line = f"static unsigned long probe_{i}(void) {{ struct {name} *p = 0; return sizeof *p; }}"
        else:
            line = f"__typeof__({name}) *probe_{i};"
        where[len(lines) + 1] = name
        lines.append(line)
        lines.append("#endif")
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "probe.c")
        with open(src, "w") as f:
            f.write("\n".join(lines) + "\n")
        # As Keel's programs are built: with picolibc, whose headers some of them include.
        cmd = [cc, "--specs=picolibc.specs", "-std=gnu11", "-ffreestanding", "-fsyntax-only",
               "-fmax-errors=0", "-w"]
        cmd += [f"-I{os.path.join(ROOT, i)}" for i in INCLUDES] + [src]
        r = subprocess.run(cmd, capture_output=True, text=True)
    bad = set()
    # Every error must be a probe's: any other (a header that does not compile or is
    # not found) would leave the probes unchecked.
    for m in re.finditer(r"^(.*?):(\d+):\d+: (?:fatal )?error", r.stderr, re.M):
        line = int(m.group(2))
        if not m.group(1).endswith("probe.c") or line not in where:
            sys.exit(f"{headers}: the headers themselves do not compile:\n{r.stderr}")
        bad.add(where[line])
    if r.returncode != 0 and not bad:
        sys.exit(f"{headers}: the compiler failed:\n{r.stderr}")
    return {n for n, _ in names} - bad


def reason_for(reasons, header, name):
    for h, pattern, why in reasons:
        if fnmatch.fnmatchcase(header, h) and fnmatch.fnmatchcase(name, pattern):
            return why
    return None


def generate(cc):
    names = read_table(NAMES, 3)
    reasons = read_table(REASONS, 3)
    by_header = {}
    for header, name, kind in names:
        if kind not in KINDS:
            sys.exit(f"{NAMES}: {name}: unknown kind {kind}")
        by_header.setdefault(header, []).append((name, kind))
    out = [
        "# L4Re's C API in Keel",
        "",
        "Generated by `test/harness/l4re_compat.py` from `test/l4re/l4re_names.txt` (the",
        "names of L4Re's C headers, from L4Re's public headers) and",
        "`test/l4re/l4re_reasons.txt` (why a name is left out); `source.l4re_compat` fails",
        "when this page is out of date with Keel's headers. Do not edit it by hand.",
        "",
        "Covered: every C header of `l4/sys` and of `l4/util` that an ARM build of L4Re has",
        "(the ARM variant where one is per architecture; not the other architectures' ones),",
        "and every header of `l4/re/c` (and `l4/re/c/util`, `l4/re/c/video`); the list's",
        "header comment names what is left out. Names are functions, macros, enum constants,",
        "types and variables; C++-only headers are left out.",
        "",
        "A name counts as offered when including the same header of Keel",
        "(`libl4re/include`, `abi/include`, `abi/arch/arm/include`) declares it: a macro,",
        "or a function, enum constant, type or variable the compiler knows (a struct tag:",
        "complete); one that another Keel header declares is marked so. Whether it behaves",
        "as on Fiasco is the business of the target tests",
        "([abi.md](abi.md#l4res-c-api-names-and-headers)).",
        "",
    ]
    everything = all_keel_headers()
    summary, body, missing_reason = [], [], []
    total_yes = total = 0
    groups = {}  # "l4/sys", "l4/re/c", "l4/util": [headers, names offered, names]
    for header in sorted(by_header):
        entries = by_header[header]
        has = keel_header(header)
        offered = probe(cc, [header], entries) if has else set()
        missing = [(n, k) for n, k in entries if n not in offered]
        elsewhere = probe(cc, everything, missing) if missing else set()
        yes = sum(1 for n, _ in entries if n in offered)
        total_yes += yes
        total += len(entries)
        parts = header.split("/")
        g = groups.setdefault("/".join(parts[:3] if parts[1] == "re" else parts[:2]), [0, 0, 0])
        g[0] += 1
        g[1] += yes
        g[2] += len(entries)
        summary.append(f"| `{header}` | {'yes' if has else 'no'} | {yes} / {len(entries)} |")
        body += [f"## {header}", ""]
        if not has:
            body += ["Keel has no such header.", ""]
        body += ["| name | kind | Keel | why not |", "|---|---|---|---|"]
        for name, kind in entries:
            if name in offered:
                body.append(f"| `{name}` | {kind} | yes | |")
            elif name in elsewhere:
                body.append(f"| `{name}` | {kind} | no | {ELSEWHERE} |")
            else:
                why = reason_for(reasons, header, name)
                if why is None:
                    missing_reason.append(f"{header}: {name}")
                    why = "(no reason given)"
                body.append(f"| `{name}` | {kind} | no | {why} |")
        body.append("")
    out += ["## Summary", "", "| header | in Keel | names offered |", "|---|---|---|"]
    out += summary
    for g in sorted(groups):
        n, yes, count = groups[g]
        out.append(f"| `{g}/...` ({n} headers) | | {yes} / {count} |")
    out += [f"| all | | {total_yes} / {total} |", ""]
    return "\n".join(out + body), missing_reason


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", default="arm-none-eabi-gcc")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    text, missing_reason = generate(a.cc)
    if missing_reason:
        print("l4re_compat: names left out without a reason (test/l4re/l4re_reasons.txt):")
        for m in missing_reason:
            print("  " + m)
        return 1
    if a.check:
        with open(DOC, encoding="utf-8") as f:
            if f.read() != text:
                print("l4re_compat: docs/l4re-compat.md is out of date: run "
                      "test/harness/l4re_compat.py")
                return 1
        print("l4re_compat: docs/l4re-compat.md is up to date")
        return 0
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"l4re_compat: wrote {os.path.relpath(DOC, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
