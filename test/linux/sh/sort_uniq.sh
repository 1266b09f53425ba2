# sort_uniq.sh - sort: -n, -r, -u, -k with -t, -f, -s, -c, -o, several files; uniq-like counting with sort -u and awk.
d=$(mktemp -d)
cd "$d"
printf '10\n9\n100\n-1\n9\n' > nums
sort nums | paste -s -d ' '
sort -n nums | paste -s -d ' '
sort -rn nums | paste -s -d ' '
sort -un nums | paste -s -d ' '
printf 'b:2:x\na:10:y\nc:1:z\na:2:w\n' > rows
sort -t : -k 2 -n rows
sort -t : -k 1,1 -k 2,2n rows
sort -t : -k 3 rows | cut -d : -f 3 | paste -s -d ' '
printf 'B\na\nC\nb\n' > mixed
sort mixed | paste -s -d ' '
sort -f mixed | paste -s -d ' '
sort -c nums 2>&1; echo "sort -c unsorted: $?"
sort -n nums > sorted; sort -nc sorted; echo "sort -c sorted: $?"
sort -o nums -n nums; paste -s -d ' ' nums
sort nums mixed | head -n 3 | paste -s -d ' '
printf 'x\ny\nx\nx\nz\n' | sort | awk '{ c[$0]++ } END { for (k in c) print c[k], k }' | sort -k 2
printf 'a b\na  b\n' | sort -u | awk '{ print NF }'
printf 'same\nsame\n' | sort -u
cd /
rm -r "$d"
