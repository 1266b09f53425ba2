# printf.sh - the printf builtin's formats and escapes.
printf '%s|%5s|%-5s|%c\n' abc de fg hij
printf '%d %i %o %x %X %u\n' 42 -7 8 255 255 3000000000
printf '%05d|%+d|% d|%.3d\n' 42 42 42 7
printf '%e %.2f %g\n' 1234.5 3.14159 0.0001
printf 'tab\there\\n quote\047 octal \101\n'
printf '%s\n' one two three
printf '%b\n' 'a\tb'
