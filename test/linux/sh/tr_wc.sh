# tr_wc.sh - tr (ranges, -d, -s, -c, classes) and wc (-l -w -c, several files, stdin, a missing file).
echo "Hello, World" | tr a-z A-Z
echo "Hello, World" | tr -d lo
echo "aaabbbccc   d" | tr -s 'a-c '
echo "abc123def" | tr -cd 0-9; echo
echo "tabs	and spaces" | tr '\t ' '_-'
echo "MiXeD" | tr '[:upper:]' '[:lower:]'
printf 'a\nb\nc\n' | tr '\n' ,; echo
d=$(mktemp -d)
cd "$d"
printf 'one two\nthree\n' > a
seq 100 > b
wc -l < a
wc -w < a
wc -c < a
wc a
wc -l a b
seq 1000 | wc -l
printf 'no newline' | wc -l
wc missing; echo "missing: $?"
cd /
rm -r "$d"
