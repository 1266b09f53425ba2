# big_pipe.sh - megabytes through pipes of several stages (more than a pipe holds), md5sum of the stream, SIGPIPE of the writer.
yes abcdefghij | head -c 1048576 | md5sum
seq 100000 | md5sum
seq 100000 | sort -rn | head -n 2 | paste -s -d ' '
seq 100000 | awk '{ s += $1 } END { print s }'
yes | head -n 200000 | awk 'END { print NR }'
seq 50000 | sort -n | sort -rn | sort -n | tac | head -n 1
head -c 300000 /dev/zero | md5sum
set -o pipefail
seq 1000000 | head -n 1; echo "pipefail seq|head: $?"
yes | head -c 100000 | md5sum; echo "pipefail yes|head|md5sum: $?"
