# ls.sh - ls in a scratch directory: -1, -a, -A, -d, -F, -R, -r, -p, sorting, a missing name among others.
d=$(mktemp -d)
cd "$d"
mkdir dir dir/sub
touch b a C .hidden dir/inner dir/sub/deep
ln -s a link
printf '#!/bin/sh\n' > exe; chmod 755 exe
ls
ls -1
ls -a
ls -A
ls -r
ls -F
ls -p
ls -d dir
ls dir
ls -R dir
ls -1 a missing b; echo "status $?"
ls -S 2>/dev/null >/dev/null; echo "ls -S status $?"
ls -1 -- dir/sub dir/inner
cd /
rm -r "$d"
