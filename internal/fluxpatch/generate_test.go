package fluxpatch

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/fluxsubst"
	"github.com/openova/envcontract/internal/helmrelease"
	"github.com/openova/envcontract/internal/kustomize"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sigsyaml "sigs.k8s.io/yaml"
)

const fixtures = "../../fixtures"

func bpSandbox(t *testing.T) []*contract.Contract {
	t.Helper()
	c, err := contract.Resolve("bp-sandbox-b4")
	require.NoError(t, err)
	return []*contract.Contract{c}
}

// helmRelease is a HelmRelease whose spec.values merge the given fixture
// values files, read back with ReadHelmRelease.
func helmRelease(t *testing.T, valueFiles ...string) *helmrelease.HelmRelease {
	t.Helper()
	vals := map[string]any{}
	for _, f := range valueFiles {
		data, err := os.ReadFile(filepath.Join(fixtures, "values", f))
		require.NoError(t, err)
		var v map[string]any
		require.NoError(t, sigsyaml.Unmarshal(data, &v))
		vals = merge(vals, v)
	}
	return helmReleaseValues(t, vals)
}

func helmReleaseValues(t *testing.T, vals map[string]any) *helmrelease.HelmRelease {
	t.Helper()
	doc, err := sigsyaml.Marshal(map[string]any{
		"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
		"metadata": map[string]any{"name": "bp-sandbox", "namespace": "flux-system"},
		"spec":     map[string]any{"releaseName": "sandbox", "targetNamespace": "sandbox-system", "values": vals},
	})
	require.NoError(t, err)
	hr, err := helmrelease.Read("helmrelease.yaml", doc)
	require.NoError(t, err)
	return hr
}

func merge(a, b map[string]any) map[string]any {
	for k, v := range b {
		if bm, ok := v.(map[string]any); ok {
			if am, ok := a[k].(map[string]any); ok {
				a[k] = merge(am, bm)
				continue
			}
		}
		a[k] = v
	}
	return a
}

// targets names the objects the patches edit.
func targets(ps []Patch) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Target.String())
	}
	return out
}

// TestEquivalence: on every fixture chart and values set, kustomize with
// the generated patches gives exactly render's output, object by object.
func TestEquivalence(t *testing.T) {
	tests := map[string]struct {
		chart   string
		values  []string
		targets []string
	}{
		"drifted, enabled": {chart: "bp-sandbox-drifted", values: []string{"enabled.yaml"},
			targets: []string{"Deployment/sandbox-controller", "Deployment/openova-sandbox-mcp"}},
		"drifted, enabled, site overlay": {chart: "bp-sandbox-drifted", values: []string{"enabled.yaml", "overlay.yaml"},
			targets: []string{"Deployment/sandbox-controller", "Deployment/openova-sandbox-mcp"}},
		"drifted, disabled: nothing rendered, nothing to patch": {chart: "bp-sandbox-drifted"},
		"fixed chart, enabled: render changes nothing":          {chart: "bp-sandbox", values: []string{"enabled.yaml"}},
		"fixed chart, enabled, site overlay":                    {chart: "bp-sandbox", values: []string{"enabled.yaml", "overlay.yaml"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := Generate(Options{Chart: filepath.Join(fixtures, "charts", tc.chart), Release: helmRelease(t, tc.values...), Contracts: bpSandbox(t)})
			require.NoError(t, err)
			assert.Equal(t, tc.targets, targets(res.Patches))
			v, err := res.Verify()
			require.NoError(t, err)
			assert.Equal(t, len(res.Patches), v.Patches)
			if len(tc.values) > 0 {
				assert.Positive(t, v.Objects)
			}
		})
	}
}

// TestHookStream: with postRenderStrategy separate, the hooks are
// post-rendered on their own; the patches must pass that stream untouched.
func TestHookStream(t *testing.T) {
	res, err := Generate(Options{Chart: filepath.Join(fixtures, "charts", "bp-sandbox-drifted"), Release: helmRelease(t, "enabled.yaml"), Contracts: bpSandbox(t)})
	require.NoError(t, err)
	s, err := stream.Split(res.base)
	require.NoError(t, err)
	var hooks bytes.Buffer
	for _, d := range s.Docs {
		if bytes.Contains(d.Body, []byte(hookAnnotation+":")) {
			hooks.Write(d.Head)
			hooks.Write(d.Body)
		}
	}
	require.NotZero(t, hooks.Len(), "the fixture chart has a hook")
	out, err := kustomize.Kustomize(hooks.Bytes(), res.applied)
	require.NoError(t, err)
	want, err := kustomize.Kustomize(hooks.Bytes(), nil)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(out))
}

func TestViolations(t *testing.T) {
	hr := helmRelease(t, "enabled.yaml")
	hr.Values["extraEnv"] = map[string]any{"HOST_CLUSTER": "twice"}
	res, err := Generate(Options{Chart: filepath.Join(fixtures, "charts", "bp-sandbox-drifted"), Release: hr, Contracts: bpSandbox(t)})
	require.ErrorIs(t, err, render.ErrViolations)
	require.NotNil(t, res)
	var errs []string
	for _, f := range res.Findings {
		if f.Severity.String() == "error" {
			errs = append(errs, string(f.Code)+" "+f.Env)
		}
	}
	assert.Equal(t, []string{"duplicate HOST_CLUSTER"}, errs)
}

func fluxFixture(t *testing.T) *helmrelease.HelmRelease {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, "flux", "helmrelease.yaml"))
	require.NoError(t, err)
	hr, err := helmrelease.Read("helmrelease.yaml", data)
	require.NoError(t, err)
	return hr
}

func substitution(t *testing.T, s fluxsubst.Sources) *fluxsubst.Options {
	t.Helper()
	o, probs, err := s.Options()
	require.NoError(t, err)
	require.Empty(t, probs)
	return &o
}

func TestPlaceholders(t *testing.T) {
	kustomization := fluxsubst.Sources{Kustomization: filepath.Join(fixtures, "flux", "kustomization.yaml"), Strict: true}
	tests := map[string]*fluxsubst.Options{
		"no substitution known: values as written": nil,
		"the Kustomization's substitution":         substitution(t, kustomization),
	}
	for name, subst := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := Generate(Options{Chart: filepath.Join(fixtures, "charts", "bp-sandbox-drifted"),
				Release: fluxFixture(t), Contracts: bpSandbox(t), Subst: subst})
			require.NoError(t, err)
			assert.True(t, res.Placeholders)
			assert.False(t, res.Baked)
			block, err := res.Block()
			require.NoError(t, err)
			assert.Contains(t, string(block), `value: "https://git.${SOVEREIGN_FQDN}"`)
			assert.Contains(t, string(block), "stay placeholders here")
			_, err = res.Verify()
			require.NoError(t, err)
			if subst != nil {
				var applied strings.Builder
				for _, p := range res.applied {
					applied.WriteString(p.Patch)
				}
				assert.Contains(t, applied.String(), "https://git.acme.openova.example", "verified as Flux substitutes it")
				assert.NotContains(t, applied.String(), "${")
			}
		})
	}
}

// TestNoPlaceholdersWithSubstitution: Flux substitutes the whole
// HelmRelease, patches included, even when spec.values holds no variable.
func TestNoPlaceholdersWithSubstitution(t *testing.T) {
	res, err := Generate(Options{Chart: filepath.Join(fixtures, "charts", "bp-sandbox-drifted"), Release: helmRelease(t, "enabled.yaml"),
		Contracts: bpSandbox(t), Subst: substitution(t, fluxsubst.Sources{Vars: []string{"UNUSED=1"}, Strict: true})})
	require.NoError(t, err)
	assert.False(t, res.Placeholders)
	require.Len(t, res.applied, 2)
	_, err = res.Verify()
	assert.NoError(t, err)
}

// TestBaked: a chart that transforms a placeholder in a value the patch
// must edit (a $(ORG_ID) reference inside a computed URL) cannot keep it.
func TestBaked(t *testing.T) {
	data, err := os.ReadFile("testdata/transform-helmrelease.yaml")
	require.NoError(t, err)
	hr, err := helmrelease.Read("transform-helmrelease.yaml", data)
	require.NoError(t, err)
	c, err := contract.Resolve("testdata/transform-contract.yaml")
	require.NoError(t, err)
	opts := Options{Chart: "testdata/charts/transform", Release: hr, Contracts: []*contract.Contract{c},
		Subst: substitution(t, fluxsubst.Sources{Vars: []string{"ORG=acme", "FQDN=acme.openova.example"}, Strict: true})}
	res, err := Generate(opts)
	require.NoError(t, err)
	assert.True(t, res.Baked)
	block, err := res.Block()
	require.NoError(t, err)
	assert.Contains(t, string(block), `value: "https://$(SANDBOX_ORG_ID).openova.example"`)
	assert.Contains(t, string(block), "regenerate them")
	_, err = res.Verify()
	assert.NoError(t, err)

	opts.Subst = nil // unknown substitution: placeholders kept, correct for values as written only
	res, err = Generate(opts)
	require.NoError(t, err)
	assert.False(t, res.Baked)
}

// TestPlaceholdersTheChartRefuses: a values schema that wants a boolean
// refuses "${ENABLED:=true}" as written; only the substituted rendering
// works, so the patches hold its values.
func TestPlaceholdersTheChartRefuses(t *testing.T) {
	data, err := os.ReadFile("testdata/typed-helmrelease.yaml")
	require.NoError(t, err)
	hr, err := helmrelease.Read("typed-helmrelease.yaml", data)
	require.NoError(t, err)
	c, err := contract.Resolve("testdata/transform-contract.yaml")
	require.NoError(t, err)
	opts := Options{Chart: "testdata/charts/typed", Release: hr, Contracts: []*contract.Contract{c}}

	_, err = Generate(opts)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "give the substitution with --kustomization, --var or --vars-file")

	opts.Subst = substitution(t, fluxsubst.Sources{Vars: []string{"ORG=acme"}, Strict: true})
	res, err := Generate(opts)
	require.NoError(t, err)
	assert.True(t, res.Baked)
	assert.Equal(t, []string{"Deployment/app"}, targets(res.Patches))
	_, err = res.Verify()
	assert.NoError(t, err)
}

func TestSubstitutionFails(t *testing.T) {
	_, err := Generate(Options{Chart: filepath.Join(fixtures, "charts", "bp-sandbox-drifted"), Release: fluxFixture(t),
		Contracts: bpSandbox(t), Subst: substitution(t, fluxsubst.Sources{Vars: []string{"ORG_ID=acme"}, Strict: true})})
	require.ErrorIs(t, err, ErrSubstitution)
	assert.Contains(t, err.Error(), "SOVEREIGN_FQDN")
}

func TestTarget(t *testing.T) {
	obj := func(api, kind, ns, name string) object {
		return newObject(parse(t, "apiVersion: "+api+"\nkind: "+kind+"\nmetadata: {name: "+name+", namespace: "+ns+"}\n"), 0)
	}
	a := obj("apps/v1", "Deployment", "x", "web")
	tests := map[string]struct {
		others  []object
		want    kustomize.Target
		wantErr error
	}{
		"alone: kind and name": {want: kustomize.Target{Kind: "Deployment", Name: "web"}},
		"another namespace":    {others: []object{obj("apps/v1", "Deployment", "y", "web")}, want: kustomize.Target{Kind: "Deployment", Name: "web", Namespace: "x"}},
		"another group": {others: []object{obj("example.com/v1", "Deployment", "x", "web")},
			want: kustomize.Target{Kind: "Deployment", Name: "web", Namespace: "x", Group: "apps", Version: "v1"}},
		"a twin": {others: []object{obj("apps/v1", "Deployment", "x", "web")}, wantErr: ErrAmbiguousTarget},
		"other kinds and names do not count": {others: []object{obj("v1", "Service", "x", "web"), obj("apps/v1", "Deployment", "x", "api")},
			want: kustomize.Target{Kind: "Deployment", Name: "web"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := target(a, append([]object{a}, tc.others...))
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestListItemsArePatchedAsObjects(t *testing.T) {
	list := `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: openova-sandbox-mcp
      labels: {app.kubernetes.io/name: openova-sandbox-mcp}
    spec:
      template:
        spec:
          containers:
            - name: mcp
              env: [{name: ORG_ID, value: acme}]
`
	res, err := render.Run(render.Options{Contracts: bpSandbox(t), Values: map[string]any{}}, render.Input{Data: []byte(list)})
	require.NoError(t, err)
	after := res.Streams[0].Bytes()
	ps, err := patches(res.Streams[0], []byte(list), after, res.Findings)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, kustomize.Target{Kind: "Deployment", Name: "openova-sandbox-mcp"}, ps[0].Target)
	var applied []kustomize.Patch
	for _, p := range ps {
		text, err := p.Text()
		require.NoError(t, err)
		applied = append(applied, kustomize.Patch{Target: p.Target, Patch: text})
	}
	_, err = kustomize.Verify([]byte(list), applied, after)
	assert.NoError(t, err)
}
