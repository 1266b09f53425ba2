# files_basic.sh - file operations in a mktemp -d directory: touch, mkdir -p, cp, mv, rm, rmdir, test.
umask 022
d=$(mktemp -d)
[ -d "$d" ] && echo "scratch is a directory"
cd "$d"
touch a
[ -f a ] && [ ! -s a ] && echo "a is empty"
echo data > b
[ -s b ] && echo "b has data"
mkdir -p x/y/z
[ -d x/y/z ] && echo "x/y/z made"
mkdir x 2>/dev/null || echo "mkdir x again fails"
cp b x/y/z/c
read l < x/y/z/c; echo "copy: $l"
mv x/y/z/c x/moved
[ -e x/y/z/c ] || echo "c moved away"
read l < x/moved; echo "moved: $l"
rmdir x/y/z x/y
[ -d x/y ] || echo "x/y removed"
rmdir x 2>/dev/null || echo "x not empty"
rm x/moved
rmdir x && echo "x removed"
ls
rm a b
ls -a
chmod 700 . && stat -c '%a' .
touch -d '2001-02-03 04:05:06' old 2>/dev/null || touch old
mkdir -m 711 modes
stat -c '%a %F' modes old
cd /
rm -r "$d"
[ -e "$d" ] || echo "scratch removed"
