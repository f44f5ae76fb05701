package krmfn

import (
	"bytes"
	"errors"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/render"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

const mcpImage = "ghcr.io/openova/sandbox-mcp:0.9.1"

// chartItems renders the drifted fixture chart (enabled) in-process and
// returns its objects as kustomize hands them to a function: each with a
// path and index annotation.
func chartItems(t *testing.T) []*yaml.RNode {
	t.Helper()
	manifests, _, err := helmsdk.Template("../../fixtures/charts/bp-sandbox-drifted",
		map[string]any{"enabled": true, "env": map[string]any{"sovereignFQDN": "acme.openova.example", "hostCluster": "hz-fsn1"},
			"runtime": map[string]any{"mcpImage": mcpImage, "ptyServerImage": "pty:1", "newapiURL": "https://newapi.acme.openova.example"}},
		"sandbox", "sandbox-system")
	require.NoError(t, err)
	items, err := kio.FromBytes(manifests)
	require.NoError(t, err)
	for i, it := range items {
		require.NoError(t, it.PipeE(yaml.SetAnnotation(kioutil.PathAnnotation, "helm-output.yaml")))
		require.NoError(t, it.PipeE(yaml.SetAnnotation(kioutil.IndexAnnotation, strconv.Itoa(i))))
	}
	return items
}

// resourceList wraps items and a functionConfig as kustomize sends them.
func resourceList(t *testing.T, items []*yaml.RNode, fc string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := kio.ByteWriter{Writer: &buf, KeepReaderAnnotations: true,
		WrappingKind: kio.ResourceListKind, WrappingAPIVersion: kio.ResourceListAPIVersion}
	if fc != "" {
		w.FunctionConfig = yaml.MustParse(fc)
	}
	require.NoError(t, w.Write(items))
	return buf.Bytes()
}

// runFn runs the function and reads its output back.
func runFn(t *testing.T, in []byte) (items []*yaml.RNode, results framework.Results, err error) {
	t.Helper()
	var out bytes.Buffer
	_, err = Run(in, &out)
	rw := &kio.ByteReadWriter{Reader: &out, OmitReaderAnnotations: true}
	items, rerr := rw.Read()
	require.NoError(t, rerr, "the output must be a ResourceList:\n%s", out.String())
	if rw.Results != nil {
		s, merr := rw.Results.String()
		require.NoError(t, merr)
		require.NoError(t, yaml.Unmarshal([]byte(s), &results))
	}
	return items, results, err
}

func find(items []*yaml.RNode, kind, name string) *yaml.RNode {
	for _, it := range items {
		if it.GetKind() == kind && it.GetName() == name {
			return it
		}
	}
	return nil
}

func envNames(t *testing.T, it *yaml.RNode) []string {
	t.Helper()
	env, err := it.Pipe(yaml.Lookup("spec", "template", "spec", "containers", "0", "env"))
	require.NoError(t, err)
	var names []string
	for _, e := range env.YNode().Content {
		names = append(names, yaml.NewRNode(e).Field("name").Value.YNode().Value)
	}
	return names
}

const config = `apiVersion: envcontract.dev/v1alpha1
kind: EnvContractFunction
metadata:
  name: envcontract
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: ./envcontract
spec:
  contract: bp-sandbox-b4
  values:
    runtime:
      mcpImage: ` + mcpImage + "\n"

func TestRunFixesItemsAsRenderDoes(t *testing.T) {
	in := chartItems(t)
	before := map[string]string{}
	for _, it := range in {
		before[it.GetKind()+"/"+it.GetName()] = it.MustString()
	}
	items, results, err := runFn(t, resourceList(t, in, config))
	require.NoError(t, err)
	require.Len(t, items, len(in))

	mcp := find(items, "Deployment", "openova-sandbox-mcp")
	require.NotNil(t, mcp)
	names := envNames(t, mcp)
	assert.Equal(t, []string{"SANDBOX_ORG_ID", "SANDBOX_SOVEREIGN_FQDN", "MCP_LISTEN_ADDR", "SANDBOX_ID"}, names[:4])
	assert.NotContains(t, names, "ORG_ID")

	for _, key := range []string{"StatefulSet/pty-server", "Job/sandbox-db-migrate", "ConfigMap/sandbox-config"} {
		kind, name, _ := strings.Cut(key, "/")
		it := find(items, kind, name)
		require.NotNil(t, it, key)
		assert.Equal(t, before[key], it.MustString(), "%s is left exactly as it came", key)
	}
	for _, it := range items {
		assert.Equal(t, []string{kioutil.IndexAnnotation, kioutil.PathAnnotation}, annotationKeys(it, "config.kubernetes.io"),
			"%s: no annotation is added", it.GetName())
	}

	// The same objects render writes for the same stream and values.
	var stream bytes.Buffer
	for _, it := range in {
		stream.WriteString("---\n" + it.MustString())
	}
	c, err := contract.Resolve("bp-sandbox-b4")
	require.NoError(t, err)
	res, err := render.Run(render.Options{Contracts: []*contract.Contract{c},
		Values: map[string]any{"runtime": map[string]any{"mcpImage": mcpImage}}}, render.Input{Data: stream.Bytes()})
	require.NoError(t, err)
	want, err := kio.FromBytes(res.Streams[0].Bytes())
	require.NoError(t, err)
	for i := range want {
		w, _ := want[i].MarshalJSON()
		g, _ := items[i].MarshalJSON()
		assert.JSONEq(t, string(w), string(g), "item %d", i)
	}

	var renamed []string
	for _, r := range results {
		if r.Tags["kind"] == "renamed" {
			renamed = append(renamed, r.Tags["env"])
			assert.Equal(t, framework.Info, r.Severity)
			assert.Equal(t, "openova-sandbox-mcp", r.ResourceRef.Name)
			assert.Equal(t, "helm-output.yaml", r.File.Path)
		}
	}
	assert.Len(t, renamed, 2)
}

func annotationKeys(it *yaml.RNode, containing string) []string {
	var keys []string
	for k := range it.GetAnnotations() {
		if strings.Contains(k, containing) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func TestRunFailures(t *testing.T) {
	tests := map[string]struct {
		fc       string
		wantKind string // a result tag, or "" for a config error
		wantText string
	}{
		"no value for the MCP image": {
			fc:       "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContractFunction\nmetadata: {name: f}\nspec: {contract: bp-sandbox-b4}\n",
			wantKind: "no-value", wantText: "SANDBOX_MCP_IMAGE",
		},
		"check mode reports what render would change": {
			fc:       strings.Replace(config, "  contract: bp-sandbox-b4\n", "  contract: bp-sandbox-b4\n  check: true\n", 1),
			wantKind: "not-renamed", wantText: "must be renamed to SANDBOX_ORG_ID",
		},
		"an unknown contract": {
			fc:       "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContractFunction\nmetadata: {name: f}\nspec: {contract: nope}\n",
			wantText: "nope",
		},
		"a misspelt field": {
			fc:       "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContractFunction\nmetadata: {name: f}\nspec: {contracts: x}\n",
			wantText: "contracts",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in := chartItems(t)
			items, results, err := runFn(t, resourceList(t, in, tc.fc))
			var rs framework.Results
			require.True(t, errors.As(err, &rs), "want framework.Results, got %v", err)
			assert.Equal(t, 1, rs.ExitCode())
			assert.Contains(t, err.Error(), tc.wantText)
			for _, r := range rs {
				assert.Equal(t, framework.Error, r.Severity, "the error lists only what failed")
			}
			found := false
			for _, r := range results {
				found = found || (r.Severity == framework.Error && r.Tags["kind"] == tc.wantKind)
			}
			assert.True(t, found || tc.wantKind == "", "an error result of kind %q", tc.wantKind)
			require.Len(t, items, len(in))
			for i := range in {
				assert.Equal(t, in[i].MustString(), items[i].MustString(), "items are left as they came")
			}
		})
	}
}

func TestIsResourceList(t *testing.T) {
	tests := map[string]struct {
		in   string
		want bool
	}{
		"v1":                           {in: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n", want: true},
		"v1alpha1, kind last":          {in: "items: []\napiVersion: config.kubernetes.io/v1alpha1\nkind: ResourceList\n", want: true},
		"after a comment and a marker": {in: "# in\n---\napiVersion: config.kubernetes.io/v1\nkind: ResourceList\n", want: true},
		"a manifest stream":            {in: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", want: false},
		"a List":                       {in: "apiVersion: v1\nkind: List\nitems: []\n", want: false},
		"two documents":                {in: "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n---\napiVersion: v1\nkind: ConfigMap\n", want: false},
		"another group":                {in: "apiVersion: example.com/v1\nkind: ResourceList\n", want: false},
		"empty":                        {in: "", want: false},
		"not YAML":                     {in: "{", want: false},
		"help text":                    {in: "envcontract applies an env contract\n", want: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, IsResourceList([]byte(tc.in)))
		})
	}
}

func TestReadConfig(t *testing.T) {
	tests := map[string]struct {
		fc      string
		want    Config
		wantErr bool
	}{
		"none":  {want: Config{Contract: DefaultContract}},
		"empty": {fc: "{}", want: Config{Contract: DefaultContract}},
		"full": {fc: "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContractFunction\nmetadata: {name: f}\nspec:\n  contract: ./c.yaml\n  check: true\n  values: {a: b}\n",
			want: Config{Contract: "./c.yaml", Check: true, Values: map[string]any{"a": "b"}}},
		"kpt ConfigMap": {fc: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f}\ndata: {contract: bp-sandbox, check: \"true\"}\n",
			want: Config{Contract: "bp-sandbox", Check: true}},
		"ConfigMap with an unknown key": {fc: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f}\ndata: {contrakt: x}\n", wantErr: true},
		"ConfigMap check not a bool":    {fc: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f}\ndata: {check: sure}\n", wantErr: true},
		"another kind":                  {fc: "apiVersion: v1\nkind: Secret\nmetadata: {name: f}\n", wantErr: true},
		"another version":               {fc: "apiVersion: envcontract.dev/v2\nkind: EnvContractFunction\nmetadata: {name: f}\n", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var fc *yaml.RNode
			if tc.fc != "" {
				fc = yaml.MustParse(tc.fc)
			}
			got, err := ReadConfig(fc)
			if tc.wantErr {
				assert.ErrorIs(t, err, ErrConfig)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestRunRefusesItemsThatAreNoList(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"items a mapping": {"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  token: s3cr3t\n",
			"line 3: items is a mapping, not a list"},
		"an item a scalar": {"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- s3cr3t\n",
			"line 4: item 0 is a str, not a resource"},
		"functionConfig a list": {"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: [s3cr3t]\n",
			"line 4: functionConfig is a list, not a mapping"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := Run([]byte(tc.in), &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "s3cr3t", "the input is not quoted")
			assert.Empty(t, out.String())
		})
	}
}
