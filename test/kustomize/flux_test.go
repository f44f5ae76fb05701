package kustomize_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/fluxsubst"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sigsyaml "sigs.k8s.io/yaml"
)

// workloads are the three objects the bp-sandbox contract governs.
var workloads = []string{"Deployment/sandbox-controller", "Deployment/openova-sandbox-mcp", "StatefulSet/pty-server"}

// fluxSubstitute substitutes a HelmRelease file as kustomize-controller
// would and returns its spec.values and its kustomize patches.
func fluxSubstitute(t *testing.T, hr string, sources fluxsubst.Sources) (map[string]any, []any) {
	t.Helper()
	opts, probs, err := sources.Options()
	require.NoError(t, err)
	require.Empty(t, probs)
	f, err := os.Open(hr)
	require.NoError(t, err)
	defer f.Close()
	res, err := fluxsubst.Substitute(hr, f, "HelmRelease", opts)
	require.NoError(t, err)
	require.Empty(t, res.Problems)
	require.NotNil(t, res.Object)
	vals, ok := res.Values("spec", "values")
	require.True(t, ok)
	spec := res.Object["spec"].(map[string]any)
	renderers := spec["postRenderers"].([]any)
	require.Len(t, renderers, 1)
	patches := renderers[0].(map[string]any)["kustomize"].(map[string]any)["patches"].([]any)
	return vals, patches
}

// kustomization writes dir/kustomization.yaml with one resource and the
// patches as a HelmRelease holds them (Flux's target fields are
// kustomize's).
func kustomization(t *testing.T, dir, resource string, patches []any) {
	t.Helper()
	k, err := json.Marshal(map[string]any{
		"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
		"resources": []string{resource}, "patches": patches,
	})
	require.NoError(t, err)
	writeFile(t, filepath.Join(dir, "kustomization.yaml"), string(k))
}

// hooksOf keeps the Helm hooks of a stream: what a post-renderer sees on
// the hook pass of postRenderStrategy separate.
func hooksOf(stream string) string {
	var b strings.Builder
	for _, doc := range strings.Split(stream, "\n---") {
		if strings.Contains(doc, "helm.sh/hook:") {
			b.WriteString("---" + doc + "\n")
		}
	}
	return b.String()
}

// TestFluxPatchesWithRealKustomize is the Flux path end to end: flux
// --write puts the block into the HelmRelease; Flux's substitution turns
// that file into spec.values and patches; real Helm renders the chart
// with those values; real kustomize applies the patches. The three
// workloads must come out exactly as `envcontract render` makes them.
func TestFluxPatchesWithRealKustomize(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox-drifted")
	plain := func(t *testing.T) string {
		vals := map[string]any{}
		for _, f := range []string{"enabled.yaml", "overlay.yaml"} {
			data, err := os.ReadFile(tl.fixture("values", f))
			require.NoError(t, err)
			var v map[string]any
			require.NoError(t, sigsyaml.Unmarshal(data, &v))
			for k, x := range v {
				vals[k] = x
			}
		}
		hr, err := sigsyaml.Marshal(map[string]any{
			"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
			"metadata": map[string]any{"name": "bp-sandbox", "namespace": "flux-system"},
			"spec":     map[string]any{"releaseName": "sandbox", "targetNamespace": "sandbox-system", "values": vals},
		})
		require.NoError(t, err)
		return string(hr)
	}
	cases := map[string]struct {
		helmRelease  func(t *testing.T) string
		sources      fluxsubst.Sources
		placeholders bool
	}{
		"placeholders substituted by the Kustomization": {
			helmRelease: func(t *testing.T) string {
				data, err := os.ReadFile(tl.fixture("flux", "helmrelease.yaml"))
				require.NoError(t, err)
				return string(data)
			},
			sources:      fluxsubst.Sources{Kustomization: tl.fixture("flux", "kustomization.yaml"), Strict: true},
			placeholders: true,
		},
		"plain values": {helmRelease: plain},
	}
	for name, tc := range cases {
		for _, helm := range []struct{ name, bin string }{{"helm3", tl.helm3}, {"helm4", tl.helm4}} {
			t.Run(name+"/"+helm.name, func(t *testing.T) {
				dir := t.TempDir()
				hr := filepath.Join(dir, "helmrelease.yaml")
				writeFile(t, hr, tc.helmRelease(t))
				args := []string{"flux", "-c", "bp-sandbox-b4", chart, "--helmrelease", hr, "--verify", "--write"}
				if tc.sources.Kustomization != "" {
					args = append(args, "--kustomization", tc.sources.Kustomization)
				}
				mustRun(t, dir, nil, tl.bin, args...)
				written, err := os.ReadFile(hr)
				require.NoError(t, err)
				assert.Equal(t, tc.placeholders, strings.Contains(string(written), `"https://git.${SOVEREIGN_FQDN}"`),
					"placeholders stay placeholders in the patches")

				vals, patches := fluxSubstitute(t, hr, tc.sources)
				require.Len(t, patches, 2)
				for _, p := range patches {
					assert.NotContains(t, p.(map[string]any)["patch"], "${", "Flux substituted the patches")
				}
				valuesJSON, err := json.Marshal(vals)
				require.NoError(t, err)
				values := filepath.Join(dir, "values.yaml")
				writeFile(t, values, string(valuesJSON))

				manifests := mustRun(t, dir, nil, helm.bin, "template", "sandbox", chart, "--namespace", "sandbox-system", "-f", values)
				writeFile(t, filepath.Join(dir, "build", "helm-output.yaml"), manifests)
				kustomization(t, filepath.Join(dir, "build"), "helm-output.yaml", patches)
				got := objects(t, mustRun(t, dir, nil, tl.kustomize, "build", filepath.Join(dir, "build")))

				want := objects(t, mustRun(t, dir, []byte(manifests), tl.bin, "render", "-c", "bp-sandbox-b4", "--chart", chart, "-f", values))
				for _, w := range workloads {
					assert.JSONEq(t, envJSON(t, want[w]), envJSON(t, got[w]), "%s: env", w)
					assert.JSONEq(t, objectJSON(t, want[w]), objectJSON(t, got[w]), "%s: the whole object", w)
				}
				assert.NotEqual(t, envJSON(t, objects(t, manifests)["Deployment/openova-sandbox-mcp"]),
					envJSON(t, got["Deployment/openova-sandbox-mcp"]), "the chart's MCP env was drifted and got fixed")

				hooks := hooksOf(manifests)
				require.NotEmpty(t, hooks, "the fixture chart has a hook")
				writeFile(t, filepath.Join(dir, "hooks", "helm-output.yaml"), hooks)
				kustomization(t, filepath.Join(dir, "hooks"), "helm-output.yaml", patches)
				writeFile(t, filepath.Join(dir, "hooks-plain", "helm-output.yaml"), hooks)
				kustomization(t, filepath.Join(dir, "hooks-plain"), "helm-output.yaml", nil)
				assert.Equal(t, mustRun(t, dir, nil, tl.kustomize, "build", filepath.Join(dir, "hooks-plain")),
					mustRun(t, dir, nil, tl.kustomize, "build", filepath.Join(dir, "hooks")),
					"postRenderStrategy separate: the patches pass the hook stream untouched")
			})
		}
	}
}

// TestFluxPatchesFailOnAChangedChart: the patches of one chart, applied by
// real kustomize to another chart's output, fail instead of mis-patching.
func TestFluxPatchesFailOnAChangedChart(t *testing.T) {
	tl := requireTools(t)
	dir := t.TempDir()
	hr := filepath.Join(dir, "helmrelease.yaml")
	data, err := os.ReadFile(tl.fixture("flux", "helmrelease.yaml"))
	require.NoError(t, err)
	writeFile(t, hr, string(data))
	sources := fluxsubst.Sources{Kustomization: tl.fixture("flux", "kustomization.yaml"), Strict: true}
	mustRun(t, dir, nil, tl.bin, "flux", "-c", "bp-sandbox-b4", tl.fixture("charts", "bp-sandbox-drifted"), "--helmrelease", hr, "--write")
	vals, patches := fluxSubstitute(t, hr, sources)
	valuesJSON, err := json.Marshal(vals)
	require.NoError(t, err)
	writeFile(t, filepath.Join(dir, "values.yaml"), string(valuesJSON))

	// The fixed chart: the MCP env is already renamed, so the rename guard fails.
	manifests := mustRun(t, dir, nil, tl.helm4, "template", "sandbox", tl.fixture("charts", "bp-sandbox"),
		"--namespace", "sandbox-system", "-f", filepath.Join(dir, "values.yaml"))
	writeFile(t, filepath.Join(dir, "build", "helm-output.yaml"), manifests)
	kustomization(t, filepath.Join(dir, "build"), "helm-output.yaml", patches)
	res := run(t, dir, nil, tl.kustomize, "build", filepath.Join(dir, "build"))
	assert.NotZero(t, res.code, "kustomize must refuse:\n%s", res.stdout)
	assert.Contains(t, res.stderr, "test")
}

// TestFluxKustomizationPatchesWithRealKustomize lays the controller's
// per-Sandbox manifests out as in its Git directory, with the
// kustomization.yaml kustomize-controller builds and the printed
// spec.patches added to it, and builds it with the real kustomize: the
// pty-server comes out as render makes it, every other object as kustomize
// alone leaves it.
func TestFluxKustomizationPatchesWithRealKustomize(t *testing.T) {
	tl := requireTools(t)
	dir := t.TempDir()
	stream := tl.fixture("streams", "sandbox-today-no-org-id.yaml")
	block := mustRun(t, dir, nil, tl.bin, "flux", "--kustomization", tl.fixture("flux", "sandboxes-kustomization.yaml"), stream, "--verify")
	var spec struct {
		Patches []any `json:"patches"`
	}
	require.NoError(t, sigsyaml.Unmarshal([]byte(block), &spec))
	require.Len(t, spec.Patches, 1)

	data, err := os.ReadFile(stream)
	require.NoError(t, err)
	writeFile(t, filepath.Join(dir, "sandbox", "alice", "manifests.yaml"), string(data))
	kustomization(t, filepath.Join(dir, "sandbox", "alice"), "manifests.yaml", spec.Patches)
	got := objects(t, mustRun(t, dir, nil, tl.kustomize, "build", filepath.Join(dir, "sandbox", "alice")))

	rendered := mustRun(t, dir, data, tl.bin, "render")
	writeFile(t, filepath.Join(dir, "want", "manifests.yaml"), rendered)
	kustomization(t, filepath.Join(dir, "want"), "manifests.yaml", nil)
	want := objects(t, mustRun(t, dir, nil, tl.kustomize, "build", filepath.Join(dir, "want")))
	require.Len(t, got, len(want))
	for key, w := range want {
		assert.JSONEq(t, objectJSON(t, w), objectJSON(t, got[key]), key)
	}
	assert.Contains(t, envJSON(t, got["StatefulSet/pty-server"]), `"SANDBOX_ORG_ID"`)

	// The same patches refuse manifests whose env has changed.
	other, err := os.ReadFile(tl.fixture("streams", "sandbox-today.yaml"))
	require.NoError(t, err)
	writeFile(t, filepath.Join(dir, "changed", "manifests.yaml"), string(other))
	kustomization(t, filepath.Join(dir, "changed"), "manifests.yaml", spec.Patches)
	res := run(t, dir, nil, tl.kustomize, "build", filepath.Join(dir, "changed"))
	assert.NotZero(t, res.code, "kustomize must refuse:\n%s", res.stdout)
}
