# getopts.sh - getopts over the script's own arguments.
while getopts "ab:c" opt; do
	case $opt in
	a) echo "option a" ;;
	b) echo "option b with $OPTARG" ;;
	c) echo "option c" ;;
	*) echo "bad option" ;;
	esac
done
shift $((OPTIND - 1))
echo "rest: $*"
