# cut_paste.sh - cut -d -f, -c, -s, -b ranges; paste of files side by side, -d, -s; fold, tac and head -c.
d=$(mktemp -d)
cd "$d"
printf 'a:b:c:d\ne:f:g:h\nno delimiter\n' > colon
cut -d : -f 2 colon
cut -d : -f 1,3 colon
cut -d : -f 2- colon
cut -d : -s -f 1 colon
cut -c 1-3 colon
cut -b 2,4 colon
seq 3 > n; printf 'x\ny\nz\n' > l
paste n l
paste -d , n l n
paste -s n
paste -s -d : l
echo abcdefghij | fold -w 3
seq 5 | tac | paste -s -d ' '
printf 'hello world' | head -c 5; echo
echo "a b c" | cut -d ' ' -f 2
cut -d : -f 0 colon; echo "cut -f 0: $?"
cd /
rm -r "$d"
