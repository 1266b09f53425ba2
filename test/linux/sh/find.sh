# find.sh - find: -name, -type, -maxdepth, -mindepth, -path, !, -o, -empty, -print0 | xargs -0, -exec {} \; and {} +.
d=$(mktemp -d)
cd "$d"
mkdir -p t/a/b t/c
touch t/one.txt t/a/two.txt t/a/b/three.log t/c/four.txt
ln -s one.txt t/link
find t | sort
echo "-name"; find t -name '*.txt' | sort
echo "-type d"; find t -type d | sort
echo "-type f"; find t -type f | sort
echo "-type l"; find t -type l
echo "-maxdepth 1"; find t -maxdepth 1 | sort
echo "-mindepth 2"; find t -mindepth 2 | sort
echo "-path"; find t -path '*a/b*' | sort
echo "not -name"; find t -type f ! -name '*.txt'
echo "-o"; find t \( -name '*.log' -o -name 'four*' \) | sort
echo "-print0"; find t -name '*.txt' -print0 | xargs -0 -n 1 basename | sort
echo "-exec"; find t -name '*.log' -exec basename {} \;
echo "-exec +"; find t/c t/a -maxdepth 1 -name '*.txt' -exec ls {} + 
echo "-empty"; find t -type f -empty | sort | head -n 2
find missing; echo "missing status $?"
cd /
rm -r "$d"
