# tee.sh - tee: to files and stdout, -a, several files, in the middle of a pipeline.
d=$(mktemp -d)
cd "$d"
echo hello | tee a
paste -s a
echo more | tee -a a > /dev/null
paste -s -d ' ' a
seq 3 | tee b c | paste -s -d ' '
paste -s -d ' ' b c
seq 1000 | tee big | md5sum
md5sum < big
echo x | tee nodir/f; echo "tee to a missing dir: $?"
cd /
rm -r "$d"
