# archive.sh - tar (c, t, x, z) of a tree, gzip/gunzip/zcat round trips, -c, -d, cmp of equal and different files.
d=$(mktemp -d)
cd "$d"
mkdir -p tree/sub
seq 1000 > tree/numbers
echo hello > tree/sub/hello
tar cf t.tar tree
tar tf t.tar | sort
mkdir out
cd out
tar xf ../t.tar
cd ..
cmp tree/numbers out/tree/numbers && echo "numbers equal"
cmp tree/sub/hello out/tree/sub/hello && echo "hello equal"
cmp tree/numbers tree/sub/hello; echo "cmp different: $?"
cmp -s tree/numbers tree/sub/hello; echo "cmp -s: $?"
tar czf t.tgz tree
tar tzf t.tgz | sort
cp tree/numbers n
gzip n
[ -e n ] || echo "n replaced by n.gz"
gunzip n.gz
cmp n tree/numbers && echo "gunzip restores"
gzip -c n | gunzip -c | md5sum
gzip -c n > n.gz; zcat n.gz | md5sum
gzip -d < n.gz | md5sum
echo "not gzip" > bad.gz
gunzip bad.gz; echo "bad gzip: $?"
tar xf missing.tar; echo "tar missing: $?"
cmp missing n; echo "cmp missing: $?"
cd /
rm -r "$d"
