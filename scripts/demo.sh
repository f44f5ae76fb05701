#!/usr/bin/env bash
# make demo: what envcontract does to the bundled drifted bp-sandbox chart.
# Needs ENVCONTRACT_BIN (built binary) and HELM (helm 3 or 4); GO defaults to go.
# Everything Helm writes goes to a temporary HELM_DATA_HOME, removed at exit.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
bin=${ENVCONTRACT_BIN:?set ENVCONTRACT_BIN to the envcontract binary (make demo does)}
helm=${HELM:?set HELM to a helm 3 or helm 4 binary (make demo does)}
go=${GO:-go}
chart=fixtures/charts/bp-sandbox-drifted
values=fixtures/values/enabled.yaml
# The fixture chart has the shape of the B4 era (an MCP Deployment per
# Sandbox): its contract is the built-in bp-sandbox-b4, not today's default.
contract=bp-sandbox-b4

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HELM_DATA_HOME=$tmp/data HELM_CONFIG_HOME=$tmp/config HELM_CACHE_HOME=$tmp/cache
unset HELM_PLUGINS ENVCONTRACT_LOG_FILE
# Helm 3's plugin post-render form runs `helm` from PATH: make it this helm.
export PATH="$(cd "$(dirname "$(command -v "$helm")")" && pwd):$PATH"

if [ -t 1 ]; then
	step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
	step() { printf '\n==> %s\n' "$*"; }
fi

"$go" build -o "$tmp/envdump" ./scripts/envdump

helm_version=$("$helm" version --template '{{.Version}}')
step "helm $helm_version: install the plugin into a temporary HELM_DATA_HOME"
case $helm_version in
v3.*)
	"$helm" plugin install . >/dev/null
	renderer=(--post-renderer helm --post-renderer-args envcontract --post-renderer-args render)
	;;
*)
	"$helm" plugin install plugins/envcontract-render >/dev/null
	renderer=(--post-renderer envcontract-render)
	;;
esac
"$helm" plugin list

step "helm template $chart -f $values (plain, then post-rendered)"
args=(template sandbox "$chart" -f "$values" --namespace sandbox-system)
"$helm" "${args[@]}" >"$tmp/before.yaml"
# Hand the same values to the post-renderer: contract values come from them.
if ! "$helm" "${args[@]}" "${renderer[@]}" --post-renderer-args -c --post-renderer-args "$contract" \
	--post-renderer-args -f --post-renderer-args "$values" >"$tmp/after.yaml"; then
	# Helm 4 drops the post-renderer's stderr; the plugin logs the reason.
	cat "$HELM_CACHE_HOME/envcontract/render.log" >&2 2>/dev/null || true
	exit 1
fi
echo "before: $(grep -c '^kind:' "$tmp/before.yaml") documents, after: $(grep -c '^kind:' "$tmp/after.yaml") documents"

step "what changed in the env (diff -u before after; every other field is untouched)"
"$tmp/envdump" "$tmp/before.yaml" >"$tmp/before.env"
"$tmp/envdump" "$tmp/after.yaml" >"$tmp/after.env"
diff -u --label before --label after "$tmp/before.env" "$tmp/after.env" || true

step "envcontract check -c $contract -f $values on the plain output (the drift: exit 1 expected)"
set +e
(cd "$tmp" && "$bin" check -c "$contract" -f "$repo/$values" before.yaml) >"$tmp/check.txt"
rc=$?
set -e
# The renames and the summary; `envcontract check` itself lists every finding.
grep -E 'must be renamed|findings' "$tmp/check.txt" || cat "$tmp/check.txt"
echo "exit $rc"
[ "$rc" = 1 ] || { echo "demo: expected exit 1 from check on the drifted output" >&2; exit 1; }

step "envcontract check -c $contract -f $values on the post-rendered output (exit 0 expected)"
(cd "$tmp" && "$bin" check -c "$contract" -f "$repo/$values" after.yaml)
echo "exit 0"

step "today's bp-sandbox (chart 0.3.4+): a per-Sandbox stream without SANDBOX_ORG_ID (exit 1 expected)"
"$bin" contract list
set +e
"$bin" check fixtures/streams/sandbox-today-no-org-id.yaml >"$tmp/today.txt"
rc=$?
set -e
grep -E 'SANDBOX_ORG_ID|findings' "$tmp/today.txt" || cat "$tmp/today.txt"
echo "exit $rc"
[ "$rc" = 1 ] || { echo "demo: expected exit 1 from check on today's stream without SANDBOX_ORG_ID" >&2; exit 1; }
