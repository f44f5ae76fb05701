#!/bin/sh
# Install/update hook of the Helm 3 style plugin (plugin.yaml): make sure
# $HELM_PLUGIN_DIR/bin/envcontract and the post-renderer binary
# bin/envcontract-render beside it exist, building them with `go build` from
# the plugin's own source when they do not. --rebuild builds even when the
# binary is present (an update brings new source).
set -eu

dir=${HELM_PLUGIN_DIR:?HELM_PLUGIN_DIR is not set: this hook runs from helm plugin install}
bin=$dir/bin/envcontract

if [ "${1:-}" != "--rebuild" ] && [ -x "$bin" ] && [ -x "$bin-render" ]; then
	echo "envcontract: using $bin"
	exit 0
fi
if ! command -v go >/dev/null 2>&1; then
	echo "envcontract: Go is needed to build $bin (https://go.dev/dl/);" \
		"or copy a prebuilt envcontract binary there and run this hook again" >&2
	exit 1
fi
if [ ! -f "$dir/go.mod" ]; then
	echo "envcontract: no Go source in $dir to build $bin from" >&2
	exit 1
fi

version=$(git -C "$dir" describe --tags --always --dirty 2>/dev/null || echo dev)
commit=$(git -C "$dir" rev-parse HEAD 2>/dev/null || true)
echo "envcontract: building $bin ($version) with $(go version)"
cd "$dir"
go build -o "$bin" \
	-ldflags "-X main.version=$version -X main.commit=$commit" ./cmd/envcontract
go build -o "$bin-render" ./cmd/envcontract-render
