# heredoc.sh - here-documents: expansion, quoted delimiters, <<- tab stripping, into functions, applets and pipelines.
name=world
cat_lines() { while IFS= read -r l; do echo "|$l|"; done; }
cat_lines <<EOF2
hello $name
sum $((2 + 3))
sub $(echo substituted)
escaped \$name
EOF2
cat_lines <<'EOF2'
hello $name
no $((2 + 3)) expansion
EOF2
cat_lines <<-EOF2
	tab stripped
		both tabs
	end
	EOF2
sort <<EOF2
pear
apple
fig
EOF2
awk '{ print NR ": " $0 }' <<EOF2 | sort -r
alpha
beta
EOF2
read a b <<EOF2
first second third
EOF2
echo "a=$a b=$b"
cat_lines <<EOF2
EOF2
echo "empty done"
x=$(cat_lines <<EOF2
inside substitution
EOF2
)
echo "x=$x"
