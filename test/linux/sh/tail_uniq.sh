# tail_uniq.sh - tail -n, -c, +N, several files; uniq, -c, -d, -u, -i, sort | uniq -c; missing files.
d=$(mktemp -d)
cd "$d"
seq 10 > n
tail -n 3 n | paste -s -d ' '
tail -3 n | paste -s -d ' '
tail -n +8 n | paste -s -d ' '
tail -c 5 n | paste -s -d ' '
seq 100000 | tail -n 1
printf 'x\n' > x
tail -n 1 n x
printf 'a\na\nb\nc\nc\nc\na\n' > u
uniq u | paste -s -d ' '
uniq -c u
uniq -d u | paste -s -d ' '
uniq -u u | paste -s -d ' '
printf 'A\na\n' | uniq -i
sort u | uniq -c
tail missing; echo "missing: $?"
uniq missing; echo "uniq missing: $?"
cd /
rm -r "$d"
