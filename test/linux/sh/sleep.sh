# sleep.sh - sleep 0.1 (an applet busybox sh runs by execve) in the foreground and background, sleep killed, bad operands.
sleep 0.1; echo "sleep 0.1: $?"
sleep 0; echo "sleep 0: $?"
sleep 0.1 & p=$!
wait $p; echo "background sleep: $?"
sleep 10 & p=$!
kill $p
wait $p 2>/dev/null; echo "killed sleep: $?"
sleep 0.05 & sleep 0.1 & sleep 0.02 &
wait; echo "three sleeps waited"
sleep x; echo "sleep x: $?"
