# grep.sh - grep: plain, -v, -c, -i, -n, -E, -F, -w, -x, -o, -q and -s statuses, several files, a missing file.
d=$(mktemp -d)
cd "$d"
printf 'apple\nBanana\ncherry\napple pie\n' > fruit
printf 'carrot\napple\n' > veg
grep apple fruit
grep -v apple fruit
grep -c apple fruit
grep -i banana fruit
grep -n an fruit
grep -E '^(apple|cherry)$' fruit
grep -F 'e p' fruit
grep -w apple fruit
grep -x apple fruit
grep -o 'p\+' fruit
grep apple fruit veg
grep -l apple fruit veg
grep -h carrot fruit veg
grep -q cherry fruit; echo "-q found: $?"
grep -q durian fruit; echo "-q not found: $?"
grep apple missing; echo "missing: $?"
grep -s apple missing; echo "-s missing: $?"
seq 20 | grep 1 | paste -s -d ' '
seq 5 | grep -e 2 -e 4
grep -r apple . | sort
grep '[' fruit; echo "bad regex: $?"
cd /
rm -r "$d"
