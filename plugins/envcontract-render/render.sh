#!/bin/sh
# Entry point of the Helm 4 post-renderer plugin envcontract-render.
#
#   render.sh [ARG...]   post-render stdin with ARG (what Helm calls; ARG are the
#                        --post-renderer-args): envcontract-render ARG..., the
#                        post-renderer binary beside the envcontract found below,
#                        else `envcontract render ARG...`
#   render.sh --prepare  find or build the binary and say which one (install hook)
#
# Helm 4 throws a post-renderer's stderr away, so every failure reason also
# goes to the log file: $ENVCONTRACT_LOG_FILE, else
# ${HELM_CACHE_HOME:-${XDG_CACHE_HOME:-~/.cache (macOS: ~/Library/Caches)}/helm}/envcontract/render.log.
# Helm 4 hands a post-renderer only its own environment plus HELM_PLUGIN_NAME
# and HELM_PLUGIN_DIR, so the default is worked out here the way Helm does.
#
# The binary, first found wins:
#   1. bin/envcontract of the repository this plugin directory really lives in
#      (`helm plugin install DIR` makes a symlink, so resolve it first);
#   2. bin/envcontract of the Helm 3 style plugin `envcontract` installed in the
#      same plugins directory;
#   3. envcontract on PATH;
#   4. built with `go build` from the repository source into the cache
#      directory, rebuilt when a Go file is newer than the cached binary.
#
# Helm runs this script for every post-render, so the way to the binary forks
# no process: a fork costs milliseconds on a small virtual machine.
set -eu

prog=envcontract-render

# Helm's cache home, found the way Helm finds it.
if [ -n "${HELM_CACHE_HOME:-}" ]; then
	cache_root=$HELM_CACHE_HOME
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
	cache_root=$XDG_CACHE_HOME/helm
elif [ -d "$HOME/Library/Caches" ] && [ "$(uname -s)" = Darwin ]; then
	cache_root=$HOME/Library/Caches/helm
else
	cache_root=$HOME/.cache/helm
fi
cache_dir=$cache_root/envcontract
log_file=${ENVCONTRACT_LOG_FILE:-$cache_dir/render.log}
export ENVCONTRACT_LOG_FILE="$log_file"

# fail reports on stderr and in the log file, then exits 1.
fail() {
	printf '%s: %s\n' "$prog" "$*" >&2
	if mkdir -p "${log_file%/*}" 2>/dev/null; then
		printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$prog" "$*" >>"$log_file" || true
	fi
	exit 1
}

plugin_dir=${HELM_PLUGIN_DIR:-$(dirname "$0")}
plugin_dir=${plugin_dir%/}
# Resolve the symlink `helm plugin install DIR` makes, in this shell rather
# than a subshell, then come back: -f paths are relative to the caller.
here=$PWD
cd -P -- "$plugin_dir" 2>/dev/null || fail "cannot enter plugin directory $plugin_dir"
cd -P ../..
repo_dir=$PWD
cd -- "$here" || fail "cannot return to the working directory $here"
plugins_dir=${plugin_dir%/*}

is_repo() {
	[ -f "$1/go.mod" ] && [ -d "$1/cmd/envcontract" ] || return 1
	while IFS= read -r line; do
		case $line in
		"module github.com/openova/envcontract") return 0 ;;
		module*) return 1 ;;
		esac
	done <"$1/go.mod"
	return 1
}

# helm3_plugin_bin sets bin to bin/envcontract of the plugin named envcontract
# in the plugins directory (its directory is named after its source, not "envcontract").
helm3_plugin_bin() {
	for yaml in "$plugins_dir"/*/plugin.yaml; do
		[ -f "$yaml" ] || continue
		if grep -q '^name: *envcontract *$' "$yaml"; then
			candidate=${yaml%/*}/bin/envcontract
			if [ -x "$candidate" ]; then
				bin=$candidate
				return 0
			fi
		fi
	done
	return 1
}

build_from_source() {
	is_repo "$repo_dir" || return 1
	command -v go >/dev/null 2>&1 || return 1
	target=$cache_dir/bin/envcontract
	if [ -x "$target" ] && [ -z "$(find "$repo_dir" -name '*.go' -newer "$target" -print 2>/dev/null | head -n 1)" ] &&
		[ ! "$repo_dir/go.mod" -nt "$target" ] && [ -x "$target-render" ]; then
		bin=$target
		return 0
	fi
	mkdir -p "$cache_dir/bin" "${log_file%/*}" || return 1
	# The build's own output would be lost with the stderr Helm drops.
	if (cd "$repo_dir" && go build -o "$target" ./cmd/envcontract &&
		go build -o "$target-render" ./cmd/envcontract-render) >>"$log_file" 2>&1; then
		bin=$target
		return 0
	fi
	return 1
}

# find_binary sets bin to the envcontract binary to use.
find_binary() {
	if is_repo "$repo_dir" && [ -x "$repo_dir/bin/envcontract" ]; then
		bin=$repo_dir/bin/envcontract
	elif helm3_plugin_bin; then
		:
	elif bin=$(command -v envcontract); then
		:
	else
		build_from_source
	fi
}

if ! find_binary; then
	if [ "${1:-}" = "--prepare" ]; then
		# Installing must not fail for this: the binary may come later.
		echo "$prog: WARNING: no envcontract binary yet; before the first use run 'make build'" \
			"in the envcontract repository, install the Helm 3 style plugin 'envcontract'," \
			"or put envcontract on PATH. Failures are logged to $log_file" >&2
		exit 0
	fi
	fail "no envcontract binary: run 'make build' in the envcontract repository," \
		"install the Helm 3 style plugin 'envcontract', or put envcontract on PATH" \
		"(build output, if any, is in $log_file)"
fi

if [ "${1:-}" = "--prepare" ]; then
	if [ -x "$bin-render" ]; then
		bin=$bin-render
	fi
	echo "$prog: using $bin; failures are logged to $log_file"
	exit 0
fi

# envcontract-render starts several times faster than envcontract and logs
# every failure of its own, so it runs in this shell's place.
if [ -x "$bin-render" ]; then
	exec "$bin-render" "$@"
fi

mkdir -p "${log_file%/*}" 2>/dev/null || true
# The binary appends its own reason to the log file. Anything else that makes
# it fail (a mistyped --post-renderer-args, a crash) would be lost with the
# stderr Helm drops: keep stderr, and log it when the log did not grow.
log_size() { wc -c 2>/dev/null <"$log_file" || echo 0; }
size_before=$(log_size)
err_file=$(mktemp "${TMPDIR:-/tmp}/envcontract-render.XXXXXX") || fail "cannot create a temporary file"
trap 'rm -f "$err_file"' EXIT
status=0
"$bin" render "$@" 2>"$err_file" || status=$?
cat "$err_file" >&2
if [ "$status" -ne 0 ] && [ "$(log_size)" = "$size_before" ]; then
	{
		printf '%s %s: envcontract render exited with status %s:\n' \
			"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$prog" "$status"
		cat "$err_file"
	} >>"$log_file" 2>/dev/null || true
fi
exit "$status"
