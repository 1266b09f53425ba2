# awk.sh - awk: fields, -F, -v, BEGIN/END, arrays, printf, functions, string functions, getline from a file, exit status.
seq 5 | awk '{ s += $1 } END { print "sum", s, "avg", s / NR }'
echo "a:b:c" | awk -F : '{ print $2, NF }'
echo "x y z" | awk '{ $2 = "Y"; print; print NF }'
awk -v n=3 'BEGIN { for (i = 0; i < n; i++) printf "%d-", i; print "" }'
awk 'BEGIN { printf "%5.2f|%-4s|%x|%c|%e\n", 3.14159, "ab", 255, 65, 12345 }'
awk 'BEGIN { s = "Hello, World"; print length(s), substr(s, 8), index(s, "W"), toupper(s), tolower(s) }'
awk 'BEGIN { n = split("a,b,c", p, ","); print n, p[1] p[3] }'
awk 'BEGIN { s = "aaa"; gsub(/a/, "b", s); print s; t = "xyx"; sub(/x/, "-", t); print t }'
awk 'BEGIN { if (match("foobar", /ob/)) print RSTART, RLENGTH }'
awk 'function sq(x) { return x * x } BEGIN { print sq(7) }'
printf 'k1 1\nk2 2\nk1 3\n' | awk '{ t[$1] += $2 } END { print t["k1"], t["k2"] }'
seq 10 | awk 'NR > 3 && NR <= 5'
seq 10 | awk '$1 % 4 == 0 { print "four:" $1 } /^1/ { print "one:" $0 }'
printf 'a b\n\nc d\n' | awk 'NF == 0 { print "blank at", NR }'
awk 'BEGIN { print 1 / 3; print int(-3.7); print 7 % 3 }'
awk 'BEGIN { exit 3 }'; echo "exit status $?"
awk 'BEGIN { print substr("x", 0) }'
d=$(mktemp -d)
seq 3 > "$d/f"
awk -v f="$d/f" 'BEGIN { while ((getline l < f) > 0) s = s l; print "getline", s }'
awk '{ print FILENAME != "" ? "named" : "stdin", $0 }' "$d/f" | head -n 1
awk 'BEGIN { printf "%s\n", "to stderr" > "/dev/stderr" }'
awk 'BEGIN { print "bad" ' 2>/dev/null; echo "syntax error status $?"
rm -r "$d"
