# stat.sh - stat -c formats of files, links and fifos (%s %a %A %F %n %N %h), -L, umask's effect, touch -d mtimes.
umask 022
d=$(mktemp -d)
cd "$d"
printf 'twelve bytes' > f
ln -s f l
mkfifo p
mkdir dir
stat -c '%n %s %a %A %F %h' f
stat -c '%n %F %a' p dir
stat -c '%N %F' l
stat -L -c '%n %s %F' l
umask 077; touch private; mkdir privdir; umask 022
stat -c '%n %a' private privdir
chmod 4755 f; stat -c '%a %A' f
chmod u=rw,g=r,o= f; stat -c '%a %A' f
chmod +x f; stat -c '%a' f
touch -d '2000-01-02 03:04:05' f
TZ=UTC0 stat -c '%Y' f 2>/dev/null
touch -d @1234567890 f 2>/dev/null && stat -c '%Y' f
stat -c '%s' missing; echo "missing: $?"
stat -f . > /dev/null; echo "stat -f: $?"
cd /
rm -r "$d"
