# kill_child.sh - a child killed with kill: by name, number and -s, a trap in the child, kill -l, bad signal (job messages of wait are racy: dropped).
d=$(mktemp -d)
usleep 10000000 &
p=$!
kill -0 $p; echo "alive: $?"
kill -s TERM $p
wait $p 2>/dev/null; echo "status $?"
kill -0 $p 2>/dev/null; echo "after wait kill -0: $?"
usleep 10000000 &
kill -15 $!; wait $! 2>/dev/null; echo "kill -15: $?"
usleep 10000000 &
kill -SIGUSR2 $!; wait $! 2>/dev/null; echo "kill -SIGUSR2: $?"
( trap 'echo "child caught TERM"; exit 9' TERM; : > "$d/ready1"; while :; do usleep 1000; done ) &
p=$!
while [ ! -e "$d/ready1" ]; do usleep 1000; done
kill $p
wait $p 2>/dev/null; echo "trapping child: $?"
( trap '' TERM; : > "$d/ready2"; while [ ! -e "$d/go" ]; do usleep 1000; done; echo "child ignored TERM" ) &
p=$!
while [ ! -e "$d/ready2" ]; do usleep 1000; done
kill $p
: > "$d/go"
wait $p 2>/dev/null; echo "ignoring child: $?"
( trap 'echo "child USR1"; : > "$d/got"' USR1; : > "$d/ready3"; while [ ! -e "$d/got" ]; do usleep 1000; done ) &
p=$!
while [ ! -e "$d/ready3" ]; do usleep 1000; done
kill -USR1 $p
wait $p 2>/dev/null; echo "USR1 child: $?"
kill -l 9; kill -l 15; kill -l 10; kill -l 130
kill -l TERM
kill -NOSUCH $$; echo "bad signal: $?"
kill 2>/dev/null; echo "no pid: $?"
rm -r "$d"
