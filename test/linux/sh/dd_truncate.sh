# dd_truncate.sh - dd with bs, count, skip, seek, conv=notrunc and status=none; truncate -s; sizes with stat -c %s.
d=$(mktemp -d)
cd "$d"
seq 1000 > src
dd if=src of=dst bs=100 count=3 status=none
stat -c '%s' dst
dd if=src bs=10 skip=1 count=1 status=none; echo
dd if=/dev/zero of=zeros bs=512 count=4 status=none
stat -c '%s' zeros
md5sum zeros
printf 'XY' | dd of=zeros bs=1 seek=100 conv=notrunc status=none
stat -c '%s' zeros
dd if=zeros bs=1 skip=99 count=4 status=none | xxd -p
printf 'abc' | dd of=short status=none
stat -c '%s' short
truncate -s 10 short; stat -c '%s' short
truncate -s 2 short; stat -c '%s' short
dd if=short status=none | xxd -p
truncate -s 1M sparse; stat -c '%s' sparse
truncate -s +5 short; stat -c '%s' short
dd if=missing of=x status=none; echo "dd missing: $?"
dd if=src of=x bs=0 2>/dev/null; echo "dd bs=0: $?"
cd /
rm -r "$d"
