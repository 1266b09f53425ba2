# exec_builtin.sh - exec: replacing a subshell or the shell by an applet, exec with only redirections, command and command -v.
( exec seq 2 ); echo "exec seq status $?"
( exec false ); echo "exec false status $?"
( exec no_such_applet_name 2>/dev/null ); echo "exec missing status $?"
( exec expr 2 + 2; echo never )
out=$(exec echo replaced); echo "out=$out"
d=$(mktemp -d)
cd "$d"
( exec > file; echo "into the file"; seq 2 )
paste -s -d ' ' file
command -v cd
command -v no_such_thing_x; echo "command -v missing: $?"
command seq 1
command echo builtin echo
f() { echo "function f"; }
f
command f 2>/dev/null; echo "command f: $?"
exec 3> keep; echo kept >&3; exec 3>&-
read l < keep; echo "$l"
cd /
rm -r "$d"
echo "before the last exec"
exec expr 6 \* 7
echo never
