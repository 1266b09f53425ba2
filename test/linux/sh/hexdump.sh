# hexdump.sh - xxd (-p, -r, -l, -s, -c) and hexdump -C of text, binary bytes from printf and /dev/zero.
printf 'Hello, Keel!\n' | xxd
printf '\000\001\002\377' | xxd -p
printf 'abcdefghijklmnopqrstuvwxyz' | xxd -l 8 -s 4
printf 'abcdef' | xxd -c 4
printf '4b65656c0a' | xxd -r -p
printf 'hexdump\001\n' | hexdump -C
head -c 20 /dev/zero | hexdump -C
printf 'ab' | hexdump -e '2/1 "%02x " "\n"'
printf '' | xxd; echo "empty: $?"
