# fds.sh - file descriptors of the shell: exec N>, N<, N>&M dups, closing, a child inheriting fd 3, writes to a closed fd.
d=$(mktemp -d)
cd "$d"
exec 3> out3
echo "one" >&3
( echo "from a subshell" >&3 )
awk 'BEGIN { print "from awk" }' >&3
exec 4>&3
echo "via 4" >&4
exec 3>&- 4>&-
while read l; do echo "out3: $l"; done < out3
echo "closed" >&3; echo "write to closed fd: $?"
exec 5< out3
read l <&5; echo "fd 5: $l"
exec 6<&5
read l <&6; echo "fd 6 shares the offset: $l"
exec 5<&- 6<&-
exec 7>&1
echo "via 7 to stdout" >&7
exec 7>&-
{ echo "stdout"; echo "stderr" >&2; } 2>&1 | while read l; do echo "merged: $l"; done
{ echo "kept"; echo "dropped" >&2; } 2>/dev/null
exec 2>errs
echo "to errs" >&2
exec 2>&1
while read l; do echo "errs: $l"; done < errs
exec 8>>append; echo a >&8; echo b >&8; exec 8>&-
echo c >> append
paste -s -d ' ' append
cd /
rm -r "$d"
