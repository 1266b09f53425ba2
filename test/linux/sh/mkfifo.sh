# mkfifo.sh - named pipes: a writer in the background and a reader, several lines, opening blocks until both ends.
d=$(mktemp -d)
cd "$d"
mkfifo p
[ -p p ] && echo "p is a fifo"
( seq 3 > p ) &
while read l; do echo "read $l"; done < p
wait $!; echo "writer status $?"
( while read l; do echo "reader got $l"; done < p > out ) &
r=$!
echo hello > p
wait $r
while read l; do echo "$l"; done < out
seq 20000 > p &
awk 'END { print NR }' < p
wait
exec 3<> p
echo "through an rw open" >&3
read l <&3; echo "$l"
exec 3>&-
rm p
[ -e p ] || echo "fifo removed"
cd /
rm -r "$d"
