# sh_c.sh - sh -c (a new shell by execve): $0 and $@, exit statuses, a death by a signal of its own, a script on stdin.
sh -c 'echo "in sh -c: $0 $1 $2"' zero one two
sh -c 'exit 42'; echo "exit 42: $?"
sh -c 'kill -TERM $$'; echo "killed itself: $?"
sh -c 'kill -KILL $$'; echo "KILL itself: $?"
sh -c 'echo "parent is our shell: $([ $PPID = '$$' ] && echo yes)"'
x=outer; export y=exported
sh -c 'echo "x=${x-unset} y=$y"'
sh -c 'sh -c "exit 3"; echo "nested: $?"'
echo "seq 3" | sh | paste -s -d ' '
sh -c 'if'; echo "syntax error: $?"
sh no_such_script; echo "missing script: $?"
