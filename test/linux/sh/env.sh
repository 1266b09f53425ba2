# env.sh - the environment: export, unset, VAR=value cmd, env -i, a child sees only exported variables.
d=$(mktemp -d)
cd "$d"
show() { env | sort | awk -F = '$1 != "PWD" && $1 != "OLDPWD" && $1 != "PATH"'; }
echo "start:"; show
A=plain
export B=exported
echo "with A and B:"; show
C=three awk 'BEGIN { print "C in awk:", ENVIRON["C"], "B in awk:", ENVIRON["B"], "A in awk:", ENVIRON["A"] "." }'
echo "C after: ${C-unset}"
env -i; echo "env -i: $?"
env | awk -F = '$1 == "B"'
unset B
echo "unset B:"; show
export A
echo "A exported:"; show
( export IN_SUB=yes; env | awk -F = '$1 == "IN_SUB"' )
env | awk -F = '$1 == "IN_SUB"'
echo "IN_SUB after: ${IN_SUB-unset}"
F=per-command env | awk -F = '$1 == "F"'
echo "F after: ${F-unset}"
export G="with spaces  and  tabs"
env | awk -F = '$1 == "G" { print "[" $2 "]" }'
H=x; export H; H=changed; env | awk -F = '$1 == "H"'
f() { export FROM_F=1; }; f; env | awk -F = '$1 == "FROM_F"'
export -n A 2>/dev/null; echo "export -n: $?"
env | awk -F = '$1 == "A"'
readonly R=1; (R=2) 2>/dev/null; echo "readonly: $R"
set -- a b; export POS="$*"; env | awk -F = '$1 == "POS"'
cd /
rm -r "$d"
