# usleep.sh - usleep in the foreground and background, waits, and a loop that polls a file until a job makes it.
d=$(mktemp -d)
cd "$d"
usleep 100000; echo "usleep status $?"
usleep 0; echo "usleep 0 status $?"
usleep 100000 &
usleep 1000 & q=$!
wait $q; echo "short one done"
wait; echo "all done"
( usleep 50000; : > made ) &
n=0
while [ ! -e made ]; do usleep 5000; n=$((n + 1)); done
[ $n -gt 0 ] && echo "polled until made"
wait
usleep x; echo "usleep x: $?"
cd /
rm -r "$d"
