# pipes.sh - multi-stage pipelines of builtins, functions and applets; a pipeline's status is its last command's.
seq 10 | sort -rn | head -n 3
seq 5 | awk '{ s += $1 } END { print "sum " s }'
echo "c b a" | awk '{ print $3, $2, $1 }' | sort
upper() { while read -r line; do echo "[$line]"; done; }
printf 'one\ntwo\n' | upper | upper
seq 3 | { read a; read b; echo "first $a second $b"; }
false | true; echo "false|true $?"
true | false; echo "true|false $?"
! true | false; echo "! true|false $?"
echo x | exit 7; echo "exit in pipe $?"
seq 1000 | sort -rn | head -n 1
seq 20 | awk 'NR % 5 == 0' | sort -n | cut -c 1 | paste -s -d ,
echo done
