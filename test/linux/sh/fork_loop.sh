# fork_loop.sh - many short processes: 80 command substitutions, 40 pipelines with awk in a loop, nested pipelines in a loop.
i=0
while [ $i -lt 80 ]; do i=$(expr $i + 1); done
echo "i=$i"
n=0
for x in $(seq 40); do n=$((n + $(echo $x | awk '{ print $1 * 2 }'))); done
echo "n=$n"
for j in 1 2 3 4 5 6 7 8 9 10; do seq $j | sort -rn | head -n 1; done | paste -s -d ' '
k=0
for j in $(seq 50); do ( exit $((j % 3)) ) || k=$((k + 1)); done
echo "failures $k"
for j in $(seq 30); do usleep 1 & done
wait
echo "30 background jobs waited"
