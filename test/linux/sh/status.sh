# status.sh - exit statuses: &&, ||, !, set -e in a subshell-free function, exit from a trap.
true && echo "true and"
false || echo "false or"
! false && echo "not false"
false; echo "status $?"
check() { [ "$1" = yes ]; }
check yes && echo "check yes"
check no || echo "check no"
trap 'echo "exit trap, status $?"' EXIT
exit 9
