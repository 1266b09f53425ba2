# head_seq.sh - seq forms (-s, -w, steps, negative, float) and head -n, -c, -n -N, several files.
seq 3
seq 2 5 | paste -s -d ' '
seq 10 -3 1 | paste -s -d ' '
seq -s , 5
seq -w 8 11 | paste -s -d ' '
seq 0.5 0.5 2
seq -2 2 | paste -s -d ' '
seq 5 1; echo "empty seq: $?"
seq 100 | head -n 3 | paste -s -d ' '
seq 100 | head -3 | paste -s -d ' '
seq 10 | head -n -7 | paste -s -d ' '
seq 1000 | head -c 10 | paste -s -d ' '
d=$(mktemp -d)
cd "$d"
seq 3 > a; seq 4 6 > b
head -n 1 a b
head -q -n 1 a b
head -n 0 a; echo "head -n 0: $?"
cd /
rm -r "$d"
