# xargs.sh - xargs: default echo, -n, -I, -0, -t, empty input, exit statuses of the command, quotes, rm of ls output.
seq 5 | xargs
seq 5 | xargs -n 2
seq 3 | xargs -I X echo "item X"
printf 'a\0b c\0' | xargs -0 -n 1 echo arg:
echo "'quoted words' plain" | xargs -n 1 echo
seq 2 | xargs -t echo 2>&1
echo | xargs echo "empty input ran"
seq 3 | xargs -n 1 expr 10 +
echo 1 2 | xargs false; echo "false status $?"
echo x | xargs no_such_command_x 2>/dev/null; echo "missing command status $?"
seq 100 | xargs -n 50 echo | awk '{ print NF }'
d=$(mktemp -d)
cd "$d"
touch a b c
ls | xargs rm
ls | xargs echo "left:"
cd /
rm -r "$d"
