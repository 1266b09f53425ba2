# checksums.sh - md5sum, sha1sum, sha256sum, sha512sum of files and stdin, -c checks of good and bad lists.
d=$(mktemp -d)
cd "$d"
printf 'abc' > abc
: > empty
seq 10000 > big
md5sum abc empty big
sha1sum abc
sha256sum abc empty
sha512sum abc
printf 'abc' | md5sum
seq 10000 | sha256sum
md5sum abc big > list
md5sum -c list
echo changed >> big
md5sum -c list; echo "after a change: $?"
sha256sum -c list 2>/dev/null; echo "wrong kind of list: $?"
md5sum -c missing_list; echo "missing list: $?"
cd /
rm -r "$d"
