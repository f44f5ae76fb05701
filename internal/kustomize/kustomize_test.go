package kustomize

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: mcp
          env:
            - {name: A, value: a}
            - {name: B, value: b}
            - {name: C, value: $(B)}
`

// envOf returns "name=value|valueFrom" for each env entry of container c of
// the one Deployment in a kustomize output.
func envOf(t *testing.T, out []byte, c string) []string {
	t.Helper()
	nodes, err := kio.FromBytes(out)
	require.NoError(t, err)
	var got []string
	for _, n := range nodes {
		cs, err := n.Pipe(yaml.Lookup("spec", "template", "spec", "containers"))
		require.NoError(t, err)
		for _, cn := range cs.YNode().Content {
			if yamlnode.Get(cn, "name").Value != c {
				continue
			}
			for _, e := range yamlnode.Get(cn, "env").Content {
				s := yamlnode.Get(e, "name").Value + "="
				if v := yamlnode.Get(e, "value"); v != nil {
					s += v.Value
				}
				if yamlnode.Get(e, "valueFrom") != nil {
					s += "|valueFrom"
				}
				got = append(got, s)
			}
		}
	}
	return got
}

// TestKustomizeBehaviour pins what kustomize (api v0.21.2, with
// helm-controller's options) does with the patch forms this package could
// have chosen; the design rests on it.
func TestKustomizeBehaviour(t *testing.T) {
	target := Target{Kind: "Deployment", Name: "d"}
	run := func(patch string) ([]byte, error) {
		return Kustomize([]byte(deployment), []Patch{{Target: target, Patch: patch}})
	}

	t.Run("strategic merge reorders env, leaves value beside valueFrom and creates containers", func(t *testing.T) {
		out, err := run(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: mcp
          env:
            - name: C
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - {name: D, value: $(C)}
        - name: mcq
          env: [{name: X, value: x}]
`)
		require.NoError(t, err)
		assert.Equal(t, []string{"C=$(B)|valueFrom", "D=$(C)", "A=a", "B=b"}, envOf(t, out, "mcp"),
			"touched entries move to the front, C keeps value beside valueFrom, and $(B) now precedes B")
		assert.Equal(t, []string{"X=x"}, envOf(t, out, "mcq"), "a misspelt container name creates a container")
	})

	t.Run("JSON6902 edits in place", func(t *testing.T) {
		out, err := run("- {op: replace, path: /spec/template/spec/containers/0/env/1/name, value: BB}\n" +
			"- {op: add, path: /spec/template/spec/containers/0/env/-, value: {name: D, value: d}}\n")
		require.NoError(t, err)
		assert.Equal(t, []string{"A=a", "BB=b", "C=$(B)", "D=d"}, envOf(t, out, "mcp"))
	})

	t.Run("a target that matches nothing is skipped, so patches pass the hook stream", func(t *testing.T) {
		out, err := Kustomize([]byte("apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\n"),
			[]Patch{{Target: target, Patch: "- {op: test, path: /nothing, value: x}\n"}})
		require.NoError(t, err)
		assert.Contains(t, string(out), "name: migrate")
	})

	t.Run("a failed test fails the build", func(t *testing.T) {
		_, err := run("- {op: test, path: /spec/template/spec/containers/0/name, value: other}\n")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "test")
	})

	t.Run("a test for null passes on a missing key and fails on a set one", func(t *testing.T) {
		_, err := run("- {op: test, path: /spec/template/spec/containers/0/envFrom, value: null}\n")
		assert.NoError(t, err)
		_, err = run("- {op: test, path: /spec/template/spec/containers/0/env, value: null}\n")
		assert.Error(t, err)
	})

	t.Run("a test of a missing list index fails, whatever its value", func(t *testing.T) {
		_, err := run("- {op: test, path: /spec/template/spec/containers/0/env/3, value: null}\n")
		assert.Error(t, err, "which is why pin tests the length with a marker entry")
	})

	t.Run("add to an existing key replaces it silently", func(t *testing.T) {
		out, err := run("- {op: add, path: /spec/template/spec/containers/0/env, value: [{name: Z, value: z}]}\n")
		require.NoError(t, err)
		assert.Equal(t, []string{"Z=z"}, envOf(t, out, "mcp"), "which is why an added key is tested absent first")
	})
}

func TestKustomizeDropsEmptyAnnotations(t *testing.T) {
	out, err := Kustomize([]byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {}\n"), nil)
	require.NoError(t, err)
	assert.False(t, strings.Contains(string(out), "annotations"),
		"kustomize drops an empty annotations map: Verify compares render's output read by kustomize too")
}

// TestTargetSelector: the selector kustomize gets is the escaped regular
// expression the block prints, so "a.b" does not also select "axb".
func TestTargetSelector(t *testing.T) {
	s := Target{Kind: "ConfigMap", Name: "a.b", Namespace: "ns"}.selector()
	assert.Equal(t, `a\.b`, s.Name)
	assert.Equal(t, "ConfigMap", s.Gvk.Kind)
	assert.Equal(t, "ns", s.Namespace)
	out, err := Kustomize([]byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: axb, namespace: ns}\ndata: {k: v}\n"),
		[]Patch{{Target: Target{Kind: "ConfigMap", Name: "a.b"}, Patch: "- op: replace\n  path: /data/k\n  value: w\n"}})
	require.NoError(t, err)
	assert.Contains(t, string(out), "k: v", "axb must not be patched by a target named a.b")
}
