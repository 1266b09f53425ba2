# trap_exit.sh - EXIT traps: listing with trap, reset with trap -, the status seen inside, exit from a function.
trap 'echo "first exit trap"' EXIT
trap
trap - EXIT
trap
trap 'echo "exit trap sees $?"' EXIT
( trap 'echo "subshell exit trap"' EXIT; exit 3 ); echo "subshell status $?"
v=$(trap 'echo from-trap' EXIT; echo body); echo "captured [$v]"
f() { echo "in f"; exit 6; }
f
echo never
