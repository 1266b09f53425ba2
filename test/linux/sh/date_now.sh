# date_now.sh - the wall clock: date +%s is after 2020 and moves forward (Linux keeps real time).
n=$(date +%s); [ "$n" -gt 1600000000 ] && echo "now is after 2020"
usleep 1100000
m=$(date +%s); [ "$m" -gt "$n" ] && echo "a second later it is later"
