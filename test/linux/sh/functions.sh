# functions.sh - functions, local variables, return statuses, recursion (results through variables).
count=0
result=1
fact() {
	local n=$1
	count=$((count + 1))
	if [ "$n" -le 1 ]; then return 0; fi
	fact $((n - 1))
	result=$((result * n))
}
greet() { echo "hello $1"; return 4; }
greet world
echo "greet returned $?"
fact 5
echo "fact 5 = $result, $count calls"
outer() { local v=inner; echo "in outer: $v"; }
v=global
outer
echo "after outer: $v"
