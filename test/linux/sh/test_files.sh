# test_files.sh - test and [ on files: -e -f -d -s -L -h -r -w -x -p, -ef, strings, numbers, syntax errors.
umask 022
d=$(mktemp -d)
cd "$d"
echo x > file; : > empty; mkdir dir; ln -s file link; ln -s none dead; mkfifo fifo
printf '#!/bin/sh\n' > script; chmod 755 script
for t in -e -f -d -s -L -h -r -w -x -p; do
	line="$t:"
	for f in file empty dir link dead fifo script none; do
		[ $t = -s ] && [ $f = dir ] && continue # a directory's size depends on the file system
		if test $t $f; then line="$line $f"; fi
	done
	echo "$line"
done
[ file -ef link ] && echo "file -ef link"
[ file -ef empty ] || echo "file not -ef empty"
[ -z "" ] && [ -n x ] && echo "-z -n"
[ abc \< abd ] && echo "abc < abd"
[ 10 -gt 9 ] && [ 9 -le 9 ] && [ -5 -lt 0 ] && echo "numbers"
[ "$(echo 1)" = 1 ] && echo "substituted"
[ ! -e none -a -e file ] && echo "-a"
[ -e none -o -e file ] && echo "-o"
test; echo "test with nothing: $?"
[ 1 -eq x ] 2>/dev/null; echo "bad number: $?"
[ x = x; echo "missing ]: $?"
cd /
rm -r "$d"
