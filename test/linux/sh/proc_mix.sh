# proc_mix.sh - pipelines, background jobs writing files, a FIFO, in a mktemp -d directory.
d=$(mktemp -d)
cd "$d"
seq 1 2000 > nums
cat nums | sort -rn | head -3
(sleep 0; echo sub) | tr a-z A-Z
grep -c 1 nums
sort nums | uniq | wc -l
for i in 1 2 3; do (echo job $i > out$i) & done; wait
cat out1 out2 out3
rm out1 out2 out3 nums
x=$(ls /bin | wc -l); [ "$x" -gt 10 ] && echo many
echo abc | { read v; echo "got $v"; }
mkfifo ff; (echo through > ff &); cat < ff; rm ff
cd / && rm -rf "$d"
echo end
