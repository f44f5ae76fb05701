#!/bin/sh
# A stand-in for helm where the real one cannot do what a test needs: any
# exit status, a given plugin list, a post-renderer log to relay.
#   version      prints $FAKE_VERSION
#   plugin list  prints a header and $FAKE_PLUGINS
#   otherwise    writes its arguments, one a line, to $FAKE_ARGS, prints
#                "rendered", writes $FAKE_LOG to $ENVCONTRACT_LOG_FILE when
#                both are set, writes "from helm" on stderr and exits
#                $FAKE_EXIT (default 0)
case "$1" in
version) printf '%s' "$FAKE_VERSION"; exit 0 ;;
plugin) printf 'NAME\tVERSION\tDESCRIPTION\n%s' "$FAKE_PLUGINS"; exit 0 ;;
esac
printf '%s\n' "$@" >"$FAKE_ARGS"
echo rendered
if [ -n "${FAKE_LOG:-}" ] && [ -n "${ENVCONTRACT_LOG_FILE:-}" ]; then
	printf '%s\n' "$FAKE_LOG" >>"$ENVCONTRACT_LOG_FILE"
fi
echo "from helm" >&2
exit "${FAKE_EXIT:-0}"
