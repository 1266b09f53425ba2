# strings.sh - quoting, word splitting, IFS, globbing off, test's string and number comparisons.
x="a  b   c"
echo $x
echo "$x"
set -f
echo *
set +f
IFS=,
list="p,q,r"
set -- $list
echo "$# $2"
IFS=' '
[ abc \< abd ] && echo "abc sorts first"
[ 10 -gt 9 ] && echo "10 > 9 as numbers"
[ "10" \< "9" ] && echo "10 < 9 as strings"
