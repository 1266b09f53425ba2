# trap_signals.sh - traps of USR1, USR2, TERM, INT, HUP: kill -SIG $$ runs them; '' ignores; - restores.
trap 'echo "got USR1"' USR1
kill -USR1 $$
echo "after USR1"
kill -s USR1 $$
echo "after USR1 again"
trap 'echo "got TERM"' TERM
kill $$
echo "after TERM"
trap 'echo "got INT"' INT
kill -INT $$
trap 'echo "got HUP"; n=$((n + 1))' HUP
n=0
kill -HUP $$; kill -HUP $$; kill -1 $$
echo "HUP count $n"
trap '' USR2
kill -USR2 $$
echo "USR2 ignored"
trap
trap - USR1 TERM INT HUP USR2
trap
kill -0 $$; echo "kill -0: $?"
trap 'echo "EXIT after TERM"' EXIT
trap 'echo "TERM handler exits"; exit 7' TERM
kill -TERM $$
echo never
