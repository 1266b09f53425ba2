# errors.sh - what the shell says about errors: a missing file to read, a bad number, a syntax error in eval.
read x < /nonexistent/file
echo "status $?"
[ abc -eq 1 ]
echo "status $?"
eval 'if then'
echo "status $?"
cd /nonexistent
echo "status $?"
