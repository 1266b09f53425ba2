# wait_status.sh - $? after a child's death by a signal, wait $! and wait PID, 127 for a missing command, SIGINT ignored by a background job.
usleep 10000000 &
p=$!
kill -TERM $p
wait $p 2>/dev/null; echo "TERM: $?"
usleep 10000000 &
p=$!
kill -KILL $p
wait $p 2>/dev/null; echo "KILL: $?"
usleep 10000000 &
kill -USR1 $!
wait $! 2>/dev/null; echo "USR1: $?"
usleep 10000000 &
kill -HUP $!
wait $! 2>/dev/null; echo "HUP: $?"
( exit 3 ) &
wait $! 2>/dev/null; echo "exit 3: $?"
( exit 255 ) &
wait $! 2>/dev/null; echo "exit 255: $?"
true &
wait $! 2>/dev/null; echo "true: $?"
( usleep 10000000 ) &
kill -TERM $!
wait $! 2>/dev/null; echo "subshell TERM: $?"
wait; echo "wait with no children: $?"
no_such_command_here; echo "missing command: $?"
./no_such_file_here; echo "missing file: $?"
yes | head -n 2
set -o pipefail
yes | head -n 1; echo "pipefail yes|head: $?"
usleep 10000000 &
kill -9 $!; wait $! 2>/dev/null
echo "plain wait: $?"
d=$(mktemp -d)
( : > "$d/ready"; usleep 200000; echo "background job survived INT" ) &
p=$!
while [ ! -e "$d/ready" ]; do usleep 1000; done
kill -INT $p
wait $p 2>/dev/null; echo "background INT: $?"
rm -r "$d"
