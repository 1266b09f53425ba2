# cat.sh - cat (an applet busybox sh runs by execve): files, stdin, -, -n, a directory, a missing file among others.
d=$(mktemp -d)
cd "$d"
printf 'one\ntwo\n' > a
printf 'three\n' > b
cat a
cat a b
cat < b
echo "from stdin" | cat - b
cat -n a b
printf 'no newline' | cat; echo
cat a missing b; echo "status $?"
cat missing 2>/dev/null; echo "status $?"
cat . 2>/dev/null; echo "directory: $?"
seq 1000 | cat | cat | cat | md5sum
cat a > c; cat c >> c.2; cat c.2
cd /
rm -r "$d"
