# redir_in.sh - input redirections: <, <>, exec with fd numbers, read from fd 3, a missing input file.
d=$(mktemp -d)
cd "$d"
seq 3 > nums
read a < nums; echo "first line $a"
exec 3< nums
read a <&3; read b <&3; echo "fd 3: $a $b"
read c <&3; echo "fd 3: $c"
read e <&3; echo "fd 3 at end: status $?"
exec 3<&-
read x <&3; echo "closed fd 3: status $?"
{ read p; read q; } < nums; echo "group: $p $q"
head -n 2 < nums | sort -r
sort -rn < nums > sorted
while read l; do echo "sorted $l"; done < sorted
exec 4<> rw
echo "written" >&4
exec 4>&-
read l < rw; echo "rw: $l"
read l < missing; echo "missing status $?"
cut -c 1 < missing; echo "cut status $?"
cd /
rm -r "$d"
echo done
