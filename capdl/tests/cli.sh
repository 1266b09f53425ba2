#!/usr/bin/env bash
# cli.sh CAPDL - the capdl command line: arguments, exit codes, output (ctest host.capdl_cli).
set -uo pipefail
capdl=$1
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect STATUS COMMAND...: the command exits with STATUS.
expect() {
	local want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $* exited $got, want $want" >&2
		cat "$tmp/out" "$tmp/err" >&2
		failures=$((failures + 1))
	fi
}

# expect_err TEXT: the last command's stderr is exactly TEXT.
expect_err() {
	if [ "$(cat "$tmp/err")" != "$1" ]; then
		echo "FAIL: stderr was: $(cat "$tmp/err"); want: $1" >&2
		failures=$((failures + 1))
	fi
}

printf 'component a { program "a" }\ngate g label 1\n' >"$tmp/bad.cdl"
printf 'component a { program "a" }\ngate g\n' >"$tmp/warn.cdl"

expect 0 "$capdl" check specs/full.cdl
expect 0 "$capdl" check specs/full.cdl --modules keystore,net,logger,drv
expect 1 "$capdl" check specs/full.cdl --modules keystore,logger,drv
expect_err "specs/full.cdl:61:1: error: boot module 'net' is not in the image
specs/full.cdl:24:5: error: boot module 'net' is not in the image"
expect 1 "$capdl" check "$tmp/bad.cdl"
expect_err "$tmp/bad.cdl:2:1: error: label 0x1 of gate g has its low two bits set"
expect 0 "$capdl" check "$tmp/warn.cdl"
expect_err "$tmp/warn.cdl:2:1: warning: gate g is not reachable: no component holds a capability to it"
expect 0 "$capdl" check specs/small.cdl --no-limits
expect 2 "$capdl" check "$tmp/none.cdl"

expect 0 "$capdl" compile specs/full.cdl -o "$tmp/a.bin"
expect 0 "$capdl" compile specs/full.cdl -o "$tmp/b.bin" --modules keystore,net,logger,drv
cmp -s "$tmp/a.bin" "$tmp/b.bin" || { echo "FAIL: compile is not deterministic" >&2; failures=$((failures + 1)); }
expect 1 "$capdl" compile "$tmp/bad.cdl" -o "$tmp/c.bin"
[ ! -e "$tmp/c.bin" ] || { echo "FAIL: compile wrote a bad spec" >&2; failures=$((failures + 1)); }
expect 2 "$capdl" compile specs/full.cdl -o "$tmp/no/such/dir.bin"

expect 0 "$capdl" diff specs/small.cdl specs/small.dump
expect 1 "$capdl" diff specs/small.cdl specs/small.dump --all
[ "$(cat "$tmp/out")" = "hello: slot 0x104: thread #57 RWSD is not in the spec
logger: slot 0x105: gate #60 RW obj2 is not in the spec" ] || { echo "FAIL: diff --all output" >&2; failures=$((failures + 1)); }
expect 2 "$capdl" diff specs/small.cdl specs/small.cdl
expect 2 "$capdl" diff specs/small.cdl "$tmp/none"
expect 1 "$capdl" diff "$tmp/bad.cdl" specs/small.dump

expect 2 "$capdl"
expect 2 "$capdl" frobnicate specs/full.cdl
expect 2 "$capdl" check
expect 2 "$capdl" check specs/full.cdl extra
expect 2 "$capdl" check specs/full.cdl --bogus
expect 2 "$capdl" compile specs/full.cdl
expect 2 "$capdl" compile specs/full.cdl -o
expect 2 "$capdl" diff specs/small.cdl
expect 2 "$capdl" reach specs/small.cdl hello
expect 2 "$capdl" graph specs/small.cdl

[ "$failures" = 0 ] && echo "capdl cli: all passed"
exit $((failures > 0))
