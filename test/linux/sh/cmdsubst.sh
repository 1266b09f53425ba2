# cmdsubst.sh - command substitution: $() and backquotes, nesting, trailing newlines, status, applets inside.
a=$(echo hello)
echo "a=$a"
b=`echo back quoted`
echo "b=$b"
c=$(echo "$(echo "$(echo nested)")")
echo "c=$c"
n=$(printf 'x\n\n\n')
echo "n=[$n]"
m=$(printf '\n\nlead')
echo "m=[$m]"
l=$(seq 3)
echo "l=[$l]"
echo "words:" $(seq 4)
s=$(false); echo "status of false: $?"
s=$(exit 6); echo "status of exit 6: $?"
s=$(true); echo "status of true: $?"
echo "count $(seq 100 | awk 'END { print NR }')"
echo "sum $(( $(seq 10 | awk '{ s += $1 } END { print s }') * 2 ))"
echo "base $(basename /a/b/c.txt .txt) dir $(dirname /a/b/c.txt)"
x=$(v=inside; echo $v); echo "x=$x v=${v-unset}"
e=$(echo to stderr >&2; echo to stdout)
echo "e=$e"
big=$(seq 5000 | awk '{ s = s $1 } END { print length(s) }')
echo "big=$big"
echo "$(echo "$(seq 2 | sort -r)" | head -n 1)"
q=$(echo 'quoted $HOME *'); echo "q=$q"
