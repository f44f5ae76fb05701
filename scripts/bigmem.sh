#!/usr/bin/env bash
# Peak RSS of render and check on the big inputs of issue 17, as a Markdown
# table (BENCHMARKS.md, "Memory on big inputs"). Run from the repository
# root after `make build`; `make bench-big` does both.
#
#   scripts/bigmem.sh                      # every case
#   BIG_CASES='many-env:50000' scripts/bigmem.sh
#
# The inputs are the MCP Deployment of the B4 era: render and check apply
# its contract, bp-sandbox-b4 (CONTRACT overrides it); today's default
# contract refuses that Deployment's bare names.
#
# Peak RSS is /usr/bin/time's maximum resident set size (ru_maxrss); it does
# not depend on the machine's load, the seconds do. The floor is bench/floor:
# yaml.v3 decoding the input and nothing else. Target: 3x the input + 64 MiB.
set -euo pipefail

contract=${CONTRACT:-bp-sandbox-b4}
cases=${BIG_CASES:-many-env:50000 many-env:200000 many-containers:50000 many-drifted:20000 edited-scalar:209715200}
bin=${BIN:-bin}
work=$(mktemp -d "${TMPDIR:-/tmp}/envcontract-big-XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/gen" ./bench/gen
go build -o "$work/floor" ./bench/floor

# peak CMD... < input: prints "MiB seconds exit" of one run
peak() {
	local in=$1
	shift
	local code=0
	/usr/bin/time -f '%M %e' -o "$work/time" "$@" <"$in" >/dev/null 2>"$work/stderr" || code=$?
	read -r kb secs < <(tail -n 1 "$work/time") # a failing command adds a line before
	echo "$((kb / 1024)) $secs $code"
}

echo "| input | size | target | floor | render | check -o sarif |"
echo "|---|---:|---:|---:|---:|---:|"
for c in $cases; do
	kind=${c%%:*} size=${c#*:}
	in="$work/$kind-$size.yaml"
	"$work/gen" -big "$kind" -size "$size" -o "$in"
	bytes=$(stat -c %s "$in")
	mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
	target=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", 3 * b / 1048576 + 64 }')
	read -r fl fls _ < <(peak "$in" "$work/floor")
	read -r re res rec < <(peak "$in" "$bin/envcontract-render" -c "$contract")
	[ "$rec" = 0 ] || echo "render of $kind $size exited $rec: $(tail -c 300 "$work/stderr")" >&2
	read -r ch chs chc < <(peak "$in" "$bin/envcontract" check -c "$contract" -o sarif)
	echo "| \`$kind $size\` | $mib MiB | $target MiB | $fl MiB (${fls} s) | $re MiB (${res} s) | $ch MiB (${chs} s, exit $chc) |"
	rm -f "$in"
done
