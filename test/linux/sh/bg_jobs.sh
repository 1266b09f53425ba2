# bg_jobs.sh - background jobs: several cmd & at once, $! distinct, wait for all, output files of each.
d=$(mktemp -d)
cd "$d"
for i in 1 2 3 4 5; do
	( usleep $((i * 1000)); echo "job $i" > out$i ) &
	eval "p$i=\$!"
done
[ "$p1" != "$p2" ] && [ "$p2" != "$p3" ] && echo "pids differ"
wait
for i in 1 2 3 4 5; do read l < out$i; echo "$l"; done
seq 3 > a & seq 4 6 > b &
wait
sort -n a b | paste -s -d ' '
( exit 2 ) & q=$!
( exit 4 ) & r=$!
wait $r; echo "second: $?"
wait $q; echo "first: $?"
{ echo group-bg > g; } &
wait $!
read l < g; echo "$l"
f() { echo "function in the background" > fb; return 3; }
f &
wait $!; echo "function status $?"
read l < fb; echo "$l"
usleep 5000 & usleep 5000 & usleep 5000 &
wait
echo "all waited"
cd /
rm -r "$d"
echo done
