# vars.sh - variables, arithmetic, parameter expansion, positional parameters.
a=5 b=7
echo "sum $((a + b)) product $((a * b)) mod $((b % a)) shift $((1 << 4))"
s=hello.tar.gz
echo "${#s} ${s%.gz} ${s%%.*} ${s#*.} ${s##*.} ${unset:-default} ${s:+set}"
set -- one "two words" three
echo "count $# first $1 second $2"
shift
echo "after shift: $# $*"
for arg in "$@"; do echo "[$arg]"; done
exit 3
