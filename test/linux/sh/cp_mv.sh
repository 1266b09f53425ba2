# cp_mv.sh - cp and mv: files, -r trees, into directories, overwriting, -n, -p, renames, the same file, missing sources.
umask 022
d=$(mktemp -d)
cd "$d"
echo one > a
cp a b; read l < b; echo "b: $l"
mkdir dir
cp a b dir; ls dir
echo two > a
cp a b; read l < b; echo "b overwritten: $l"
cp -n a dir/a 2>/dev/null; read l < dir/a; echo "dir/a kept with -n: $l"
mkdir -p tree/x/y; echo deep > tree/x/y/f
cp -r tree copy; find copy | sort
cp tree copy2 2>&1; echo "cp dir without -r: $?"
mv b c; ls
mv c dir; ls dir
mv dir renamed; ls
mv renamed/a renamed/b renamed/c tree; ls tree
mv tree/x tree/x2; find tree | sort
cp missing x; echo "cp missing: $?"
mv missing x; echo "mv missing: $?"
mv a a 2>&1; echo "mv a a: $?"
cp a a 2>&1; echo "cp a a: $?"
chmod 751 a; cp -p a p; stat -c '%a' p
cp a q; stat -c '%a' q
cd /
rm -r "$d"
