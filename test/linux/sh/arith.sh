# arith.sh - shell arithmetic: precedence, negative numbers, division, comparisons, assignment ops.
i=10
echo $((2 + 3 * 4)) $(((2 + 3) * 4)) $((-7 / 2)) $((-7 % 3)) $((7 / -2))
echo $((i += 5)) $((i -= 3)) $((i *= 2)) $((i /= 4)) $((i <<= 2)) $((i >>= 1))
echo $((1 < 2)) $((2 <= 1)) $((3 == 3)) $((3 != 3)) $((1 && 0)) $((0 || 5))
echo $((0x1f)) $((010)) $((~0)) $((5 ^ 3)) $((5 & 3)) $((5 | 3))
echo $((2147483647 + 1))
