# sed.sh - sed: s with flags and groups, addresses and ranges, d, p with -n, a/i/c, y, -e chains, -i in place, a missing file.
d=$(mktemp -d)
cd "$d"
seq 5 > n
echo "hello world" | sed 's/o/0/'
echo "hello world" | sed 's/o/0/g'
echo "hello world" | sed 's/\(hello\) \(world\)/\2 \1/'
echo "hello world" | sed -E 's/(l+)/[\1]/g'
sed -n 2p n
sed -n '2,4p' n | paste -s -d ' '
sed '3d' n | paste -s -d ' '
sed '/2/,/4/d' n | paste -s -d ' '
sed -n '$p' n
sed '1i\
first' n | head -n 2
sed '$a\
last' n | sed -n '$p'
sed '2c\
changed' n | paste -s -d ' '
echo abc | sed 'y/abc/xyz/'
sed -e 's/1/one/' -e 's/5/five/' n | paste -s -d ' '
sed -i 's/3/three/' n; paste -s -d ' ' n
echo "a.b.c" | sed 's/\./-/2'
printf 'x\ny\n' | sed -n '/y/='
echo path/to/file | sed 's|/|:|g'
sed p missing; echo "missing: $?"
echo x | sed 's/x/'; echo "bad script: $?"
cd /
rm -r "$d"
