# while_read.sh - cmd | while read: IFS splitting, read -r, the loop's variables stay in its subshell, while read < file.
d=$(mktemp -d)
cd "$d"
count=0
seq 4 | while read n; do count=$((count + n)); echo "count $count"; done
echo "after the pipe: count $count"
printf 'a:b:c\nd:e:f\n' | while IFS=: read x y z; do echo "x=$x y=$y z=$z"; done
printf 'back\\slash\n' | while read -r l; do echo "raw $l"; done
printf 'back\\slash\n' | while read l; do echo "cooked $l"; done
printf '  lead and trail  \n' | while read l; do echo "<$l>"; done
printf '  lead and trail  \n' | while IFS= read -r l; do echo "<$l>"; done
printf 'no newline at end' | while read l || [ -n "$l" ]; do echo "last <$l>"; done
seq 3 > nums
total=0
while read n; do total=$((total + n)); done < nums
echo "from a file: total $total"
seq 5 | while read n; do [ "$n" = 3 ] && break; echo "n $n"; done
cd /
rm -r "$d"
echo done
