# links.sh - ln and ln -s, -f, -n, readlink, readlink -f, realpath, link counts, dangling links, rm of a link.
d=$(mktemp -d)
cd "$d"
echo content > file
ln file hard
stat -c '%h' file
ln -s file soft
readlink soft
read l < soft; echo "through soft: $l"
ln -s missing dangling
[ -L dangling ] && [ ! -e dangling ] && echo "dangling link"
ln -s file soft 2>/dev/null || echo "ln -s over an existing name fails"
ln -sf hard soft; readlink soft
mkdir dir
ln -s dir dlink
ln -s ../file dir/up
read l < dir/up; echo "through ../: $l"
ln -s dir/up chain
read l < chain; echo "through a chain: $l"
ln -s loop1 loop2; ln -s loop2 loop1
read l < loop1; echo "loop status $?"
rm hard; stat -c '%h' file
rm soft; [ -e file ] && echo "file survives rm of its link"
cd dir
basename "$(realpath up)"
basename "$(readlink -f ../chain)"
cd ..
ln missing_src x; echo "hard link to missing: $?"
ln file dir/file2; stat -c '%h' dir/file2
unlink dir/file2; stat -c '%h' file
ls
cd /
rm -r "$d"
