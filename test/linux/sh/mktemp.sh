# mktemp.sh - mktemp: files and directories, -p, templates with X, modes 600 and 700, a bad template, dry runs.
umask 022
d=$(mktemp -d)
cd "$d"
f=$(mktemp -p .)
[ -f "$f" ] && echo "file made"
stat -c '%a %s' "$f"
t=$(mktemp -d -p .)
[ -d "$t" ] && echo "directory made"
stat -c '%a' "$t"
x=$(mktemp abc.XXXXXX)
case $x in abc.??????) echo "template kept: ${#x} chars";; *) echo "bad name";; esac
y=$(mktemp -u -p . tmp.XXXX)
[ -e "$y" ] || echo "-u makes nothing"
mktemp nothing 2>/dev/null; echo "no X: $?"
a=$(mktemp -p .); b=$(mktemp -p .); [ "$a" != "$b" ] && echo "two names differ"
ls | awk 'END { print NR " entries" }'
cd /
rm -r "$d"
