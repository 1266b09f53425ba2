# date.sh - date -u with fixed times (-d @N and -d DATE), formats, TZ of UTC, and a bad date.
date -u -d @0
date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S %j %a %b'
date -u -d @86399 +%T
date -u -d '2024-02-29 12:34:56' +%s
date -u -d @1709210096 '+%A %B %d %y %I %p %M %S'
date -u -d @4294967295 +%F 2>/dev/null || echo "past 2106: error"
date -u -d @2147483648 +%F
date -u -d @-1 +%F
TZ=UTC0 date -d @0 +%H
date -u -d not-a-date; echo "bad date: $?"
