# control.sh - if/elif, case with patterns, while and until, break and continue.
n=0
while [ $n -lt 10 ]; do
	n=$((n + 1))
	[ $((n % 2)) -eq 0 ] && continue
	[ $n -gt 7 ] && break
	echo "odd $n"
done
until [ $n -le 0 ]; do n=$((n - 3)); done
echo "n $n"
for w in apple Banana cherry 42 x.c; do
	case $w in
	[A-Z]*) echo "$w: capital" ;;
	*[0-9]) echo "$w: number" ;;
	*.c | *.h) echo "$w: source" ;;
	a*) echo "$w: a-word" ;;
	*) echo "$w: other" ;;
	esac
done
if [ -z "" ]; then echo empty; elif true; then echo no; else echo never; fi
