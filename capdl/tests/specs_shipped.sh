#!/usr/bin/env bash
# specs_shipped.sh CAPDL - the specs Keel ships (capdl/specs/) check clean, and the firmware
# example's analysis answers as docs/capdl.md says (ctest host.capdl_specs).
set -uo pipefail
capdl=$1
specs="$(cd "$(dirname "$0")/../specs" && pwd)"
failures=0

# expect STATUS PATTERN COMMAND...: the command exits with STATUS and its output (stdout
# and stderr) has a line matching the extended regular expression PATTERN ('' any).
expect() {
	local want=$1 pattern=$2
	shift 2
	local out
	out=$("$@" 2>&1)
	local got=$?
	if [ "$got" != "$want" ] || { [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$out"; }; then
		echo "FAIL: $* exited $got (want $want), output:" >&2
		echo "$out" >&2
		[ -n "$pattern" ] && echo "wanted a line matching: $pattern" >&2
		failures=$((failures + 1))
	fi
}

for spec in default firmware firmware_leak firmware_untrusted; do
	expect 0 '' "$capdl" check "$specs/$spec.cdl"
	out=$("$capdl" check "$specs/$spec.cdl" 2>&1)
	[ -z "$out" ] || { echo "FAIL: check $spec.cdl is not silent: $out" >&2; failures=$((failures + 1)); }
done
expect 0 '' "$capdl" check "$specs/default.cdl" --modules console,linux_tty,linux_fs,linux_server
expect 1 "boot module 'linux_server' is not in the image" "$capdl" check "$specs/default.cdl" --modules console

# The default system: the Linux side reaches the native side only through its console
# session.
expect 0 '^isolation: 2 partitions are isolated$' "$capdl" isolation "$specs/default.cdl"
expect 0 '^channel: linux \(partition linux_side\) calls console \(partition native\) through linux\.log$' \
	"$capdl" isolation "$specs/default.cdl"

# The firmware: the network component can call the key store, and nothing more.
expect 0 '^isolation: 2 partitions are isolated$' "$capdl" isolation "$specs/firmware.cdl"
expect 0 '^channel: network \(partition untrusted\) calls keystore \(partition trusted\) through keys$' \
	"$capdl" isolation "$specs/firmware.cdl"
expect 0 '^channel: network \(partition untrusted\) calls logger \(partition trusted\) through network\.log$' \
	"$capdl" isolation "$specs/firmware.cdl"
expect 0 '^  2\. logger serves network\.log \(gate\) RWS server \(a log session it made, through a gate it serves\)$' \
	"$capdl" reach "$specs/firmware.cdl" network logger
expect 1 '^no path: network can neither obtain authority over nor pass information to keymem$' \
	"$capdl" reach "$specs/firmware.cdl" network keymem
expect 0 '^authority: no path: network can never obtain authority over keystore$' \
	"$capdl" reach "$specs/firmware.cdl" network keystore
expect 0 'network may pass information to keystore by calling keys' \
	"$capdl" reach "$specs/firmware.cdl" network keystore

# The planted mistakes are caught, with the path.
expect 1 '^violation: keymem \(memory\) is shared between partitions trusted and untrusted' \
	"$capdl" isolation "$specs/firmware_leak.cdl"
expect 1 '^  2\. network holds keymem \(memory\) R \(cap keymem, slot 0x21\)$' \
	"$capdl" isolation "$specs/firmware_leak.cdl"
expect 1 '^violation: network \(partition untrusted\) can obtain keymem \(memory\)' \
	"$capdl" isolation "$specs/firmware_untrusted.cdl"
expect 1 'keystore is not trusted and may reply to network through keys with keymem \(memory\) RW' \
	"$capdl" isolation "$specs/firmware_untrusted.cdl"
expect 0 'network holds keymem' "$capdl" reach "$specs/firmware_leak.cdl" network keymem

if [ "$failures" -ne 0 ]; then
	echo "specs_shipped: $failures failure(s)" >&2
	exit 1
fi
echo "specs_shipped: all passed"
