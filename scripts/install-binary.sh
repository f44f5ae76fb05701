#!/bin/sh
# Install/update hook of both Helm plugins: plugin.yaml (NAME envcontract)
# and plugins/envcontract-render (NAME envcontract-render). When
# $HELM_PLUGIN_DIR/bin/NAME is missing, or with --rebuild, run `make build`
# (the one build recipe) in the source checkout the plugin was installed from.
set -eu
name=${1:?usage: install-binary.sh NAME [--rebuild]}
cd -P "${HELM_PLUGIN_DIR:?HELM_PLUGIN_DIR is not set: helm plugin install runs this}"
if [ "${2:-}" != --rebuild ] && [ -x "bin/$name" ]; then exit 0; fi
[ -f Makefile ] || cd ../.. # plugins/envcontract-render inside the checkout
[ -f Makefile ] || { echo "$name: no bin/$name and no source to build it from in $PWD" >&2; exit 1; }
exec make build
