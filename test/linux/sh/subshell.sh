# subshell.sh - ( ) subshells: variables, cd and traps stay inside, exit status, exit and set -e inside.
v=outer
( v=inner; echo "in: $v" )
echo "out: $v"
d=$(mktemp -d)
cd "$d"
mkdir sub
( cd sub; basename "$(pwd)" )
basename "$(pwd)" | cut -c 1-4
( exit 5 ); echo "status $?"
( false ); echo "status $?"
( true; exit ); echo "status $?"
( ( ( exit 3 ) ); echo "inner $?"; exit 4 ); echo "outer $?"
( set -e; echo before; false; echo never ); echo "set -e $?"
( trap 'echo "sub exit trap"' EXIT; echo body )
echo "after sub trap"
x=1; ( x=$((x + 1)); ( x=$((x + 1)); echo "deep $x" ); echo "mid $x" ); echo "top $x"
( echo to-file ) > out; read l < out; echo "read back: $l"
( umask 077; : > private ); stat -c '%a' private
f() { ( return 9 ); echo "function sub $?"; }; f
{ echo group; } ; echo "group status $?"
cd /
rm -r "$d"
echo done
