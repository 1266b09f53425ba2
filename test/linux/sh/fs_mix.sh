# fs_mix.sh - files through the shell, in a mktemp -d directory: descriptors, appends, copies, trees, links, tar, big files.
umask 022
d=$(mktemp -d)
cd "$d"
exec 3>log
echo first >&3
echo second >&3
exec 3>&-
cat log
exec 4<log
read a <&4
read b <&4
echo "read: $a $b"
exec 4<&-
echo more >> log
wc -l < log
mkdir -p a/b/c
for i in 1 2 3; do echo "file $i" > a/b/c/f$i; done
cp -r a copy
find copy -type f | sort
mv copy/b/c/f2 copy/moved
ls copy copy/b/c
cat copy/moved
ln -s ../log a/link
cat a/link
ls -l a/link | cut -c1-10
tar cf t.tar a && mkdir x && cd x && tar xf ../t.tar && find . | sort && cd ..
rm -r a copy x t.tar
: > empty
ls -s empty | cut -d' ' -f1
dd if=/dev/zero of=z bs=1k count=70 2>/dev/null
wc -c < z
cat z z z | wc -c
head -c 5 /dev/urandom | wc -c
while read line; do echo "[$line]"; done < log
cd / && rm -rf "$d"
echo done
