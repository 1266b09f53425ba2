#!/usr/bin/env python3
"""bench_compare.py SAVED [CURRENT|-] [--check] - each "bench: NAME N instructions" line of
a ./scripts/bench run against a saved run: the two figures and their ratio. With
--check, exit 1 if a line got more than 10% slower, or is missing (the figures are
guest instructions under -icount, exact: only a change in the code moves them). Lines
in milliseconds (the capDL host tool's) vary with the host and are not compared."""
import re
import sys

LINE = re.compile(r"^bench: (.*?)\s+(\d+) instructions\s*$")
LIMIT = 1.10


def figures(lines):
    out = {}
    for line in lines:
        m = LINE.match(line.rstrip("\n"))
        if m and not m.group(1).startswith("counter read"):
            out[" ".join(m.group(1).split())] = int(m.group(2))
    return out


def compare(saved, current, check):
    """Print the table; return the names that got too slow or went missing."""
    bad = []
    width = max([len(n) for n in saved] + [len(n) for n in current] + [4])
    for name in list(saved) + [n for n in current if n not in saved]:
        old, new = saved.get(name), current.get(name)
        if old is None:
            print("%-*s %12s %12d   (new)" % (width, name, "-", new))
            continue
        if new is None:
            print("%-*s %12d %12s   MISSING" % (width, name, old, "-"))
            bad.append(name)
            continue
        ratio = new / old if old else (1.0 if new == 0 else float("inf"))
        flag = "  SLOWER" if ratio > LIMIT else ""
        if ratio > LIMIT:
            bad.append(name)
        print("%-*s %12d %12d   %.3f%s" % (width, name, old, new, ratio, flag))
    if check and bad:
        print("bench_compare: %d line(s) more than %d%% slower than %s, or missing: %s" % (
            len(bad), round((LIMIT - 1) * 100), sys.argv[1], "; ".join(bad)))
    return bad


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    if len(args) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0]) as f:
        saved = figures(f)
    if len(args) == 2 and args[1] != "-":
        with open(args[1]) as f:
            current = figures(f)
    else:
        current = figures(sys.stdin)
    if not saved or not current:
        print("bench_compare: no instruction lines in %s" % ("the saved run" if not saved
                                                             else "this run"))
        return 1
    bad = compare(saved, current, check)
    return 1 if check and bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
