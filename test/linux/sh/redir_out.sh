# redir_out.sh - output redirections: >, >>, 2>&1 and its order, >&2, 2>/dev/null, noclobber and >|.
d=$(mktemp -d)
cd "$d"
echo one > f
echo two >> f
echo three >> f
while read l; do echo "f: $l"; done < f
echo replaced > f
while read l; do echo "f: $l"; done < f
{ echo out; echo err >&2; } > both 2>&1
while read l; do echo "both: $l"; done < both
{ echo out; echo err >&2; } 2>&1 > only_out | while read l; do echo "piped: $l"; done
while read l; do echo "only_out: $l"; done < only_out
ls no_such_file 2>/dev/null; echo "ls status $?"
ls no_such_file 2> err; echo "ls status $?"
while read l; do echo "err: $l"; done < err
set -C
echo clobber > f; echo "noclobber status $?"
echo forced >| f
set +C
while read l; do echo "f: $l"; done < f
: > empty
[ -s empty ] || echo "empty is empty"
echo "to stderr" >&2
exec 3> fd3
echo "via fd 3" >&3
exec 3>&-
while read l; do echo "fd3: $l"; done < fd3
cd /
rm -r "$d"
echo done
