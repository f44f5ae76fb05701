package json6902

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

// parse reads one YAML document into its top node.
func parse(t *testing.T, s string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte(strings.TrimSpace(s)+"\n"), &doc))
	return doc.Content[0]
}

// opLines writes operations one a line: "op path value-as-JSON".
func opLines(t *testing.T, ops []Op) []string {
	t.Helper()
	var out []string
	for _, op := range ops {
		s := op.Op + " " + op.Path
		if op.Op != "remove" {
			v, err := JSONValue(op.Value)
			require.NoError(t, err)
			b, err := json.Marshal(v)
			require.NoError(t, err)
			s += " " + string(b)
		}
		out = append(out, s)
	}
	return out
}

// applyOps applies ops to doc as kustomize does: the patch text read with
// sigs.k8s.io/yaml and applied with evanphx/json-patch v4.
func applyOps(t *testing.T, doc *yaml.Node, ops []Op) (string, error) {
	t.Helper()
	text, err := Text(ops)
	require.NoError(t, err)
	js, err := sigsyaml.YAMLToJSON([]byte(text))
	require.NoError(t, err)
	p, err := jsonpatch.DecodePatch(js)
	require.NoError(t, err)
	in, err := yaml.NewRNode(doc).MarshalJSON()
	require.NoError(t, err)
	out, err := p.Apply(in)
	return string(out), err
}

func jsonOf(t *testing.T, n *yaml.Node) string {
	t.Helper()
	b, err := yaml.NewRNode(n).MarshalJSON()
	require.NoError(t, err)
	return string(b)
}

const pod = `
kind: Pod
spec:
  containers:
    - name: sidecar
      image: s
    - name: mcp
      env:
        - name: ORG_ID
          value: acme
        - name: TOKEN
          valueFrom:
            secretKeyRef: {name: s, key: k}
        - name: TENANT
          value: $(ORG_ID)-t
`

func TestDiff(t *testing.T) {
	tests := map[string]struct {
		before, after string
		want          []string
	}{
		"unchanged": {before: pod, after: pod, want: nil},
		"rename in place keeps position and valueFrom, and rewrites the reference": {
			before: pod,
			after: strings.NewReplacer("- name: ORG_ID", "- name: SANDBOX_ORG_ID", "$(ORG_ID)", "$(SANDBOX_ORG_ID)",
				"{name: s, key: k}", "{name: s, key: k, optional: true}").Replace(pod),
			want: []string{
				`test /spec/containers/1/name "mcp"`,
				`test /spec/containers/1/env/0/name "ORG_ID"`,
				`test /spec/containers/1/env/1/name "TOKEN"`,
				`test /spec/containers/1/env/2/name "TENANT"`,
				`add /spec/containers/1/env/- {"name":"envcontract: end of list"}`,
				`test /spec/containers/1/env/3/name "envcontract: end of list"`,
				`remove /spec/containers/1/env/3`,
				`replace /spec/containers/1/env/0/name "SANDBOX_ORG_ID"`,
				`test /spec/containers/1/env/1/valueFrom/secretKeyRef/optional null`,
				`add /spec/containers/1/env/1/valueFrom/secretKeyRef/optional true`,
				`test /spec/containers/1/env/2/value "$(ORG_ID)-t"`,
				`replace /spec/containers/1/env/2/value "$(SANDBOX_ORG_ID)-t"`,
			},
		},
		"same names: only the entry's name is tested": {
			before: pod,
			after:  strings.Replace(pod, "{name: s, key: k}", "{name: s, key: k, optional: true}", 1),
			want: []string{
				`test /spec/containers/1/name "mcp"`,
				`test /spec/containers/1/env/1/name "TOKEN"`,
				`test /spec/containers/1/env/1/valueFrom/secretKeyRef/optional null`,
				`add /spec/containers/1/env/1/valueFrom/secretKeyRef/optional true`,
			},
		},
		"injected entries are appended after the pinned list": {
			before: pod,
			after: pod + `        - name: SANDBOX_ID
          valueFrom:
            fieldRef: {fieldPath: metadata.name}
        - name: USE_TLS
          value: "false"
`,
			want: []string{
				`test /spec/containers/1/name "mcp"`,
				`test /spec/containers/1/env/0/name "ORG_ID"`,
				`test /spec/containers/1/env/1/name "TOKEN"`,
				`test /spec/containers/1/env/2/name "TENANT"`,
				`add /spec/containers/1/env/- {"name":"envcontract: end of list"}`,
				`test /spec/containers/1/env/3/name "envcontract: end of list"`,
				`remove /spec/containers/1/env/3`,
				`add /spec/containers/1/env/- {"name":"SANDBOX_ID","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}`,
				`add /spec/containers/1/env/- {"name":"USE_TLS","value":"false"}`,
			},
		},
		"a rename onto an existing name removes the old entry": {
			before: strings.Replace(pod, "- name: TENANT", "- name: SANDBOX_ORG_ID", 1),
			after: strings.NewReplacer("        - name: ORG_ID\n          value: acme\n", "",
				"- name: TENANT", "- name: SANDBOX_ORG_ID").Replace(pod),
			want: []string{
				`test /spec/containers/1/name "mcp"`,
				`test /spec/containers/1/env/0/name "ORG_ID"`,
				`test /spec/containers/1/env/1/name "TOKEN"`,
				`test /spec/containers/1/env/2/name "SANDBOX_ORG_ID"`,
				`add /spec/containers/1/env/- {"name":"envcontract: end of list"}`,
				`test /spec/containers/1/env/3/name "envcontract: end of list"`,
				`remove /spec/containers/1/env/3`,
				`remove /spec/containers/1/env/0`,
			},
		},
		"env is created where the container has none, behind a test that it has none": {
			before: pod,
			after:  strings.Replace(pod, "      image: s\n", "      image: s\n      env:\n        - {name: A, value: a}\n", 1),
			want: []string{
				`test /spec/containers/0/name "sidecar"`,
				`test /spec/containers/0/env null`,
				`add /spec/containers/0/env [{"name":"A","value":"a"}]`,
			},
		},
		"a list without names is tested whole and replaced": {
			before: "spec:\n  args: [a, b]\n",
			after:  "spec:\n  args: [a, c]\n",
			want:   []string{`test /spec/args ["a","b"]`, `replace /spec/args ["a","c"]`},
		},
		"keys with slashes and tildes are escaped": {
			before: "metadata:\n  annotations:\n    a/b~c: x\n",
			after:  "metadata:\n  annotations:\n    a/b~c: y\n",
			want:   []string{`test /metadata/annotations/a~1b~0c "x"`, `replace /metadata/annotations/a~1b~0c "y"`},
		},
		"a removed key is tested before it goes": {
			before: "spec:\n  a: 1\n  b: true\n",
			after:  "spec:\n  a: 1\n",
			want:   []string{`test /spec/b true`, `remove /spec/b`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before, after := parse(t, tc.before), parse(t, tc.after)
			ops, err := Diff(before, after)
			require.NoError(t, err)
			assert.Equal(t, tc.want, opLines(t, ops))
			got, err := applyOps(t, before, ops)
			require.NoError(t, err)
			assert.JSONEq(t, jsonOf(t, after), got, "the operations must turn before into after")
		})
	}
}

// TestDiffGuards applies the patch made for pod to charts that changed
// since: every change that would make the patch wrong must fail it.
func TestDiffGuards(t *testing.T) {
	fixed := strings.Replace(pod, "- name: ORG_ID", "- name: SANDBOX_ORG_ID", 1) +
		"        - name: SANDBOX_ID\n          value: x\n"
	ops, err := Diff(parse(t, pod), parse(t, fixed))
	require.NoError(t, err)
	tests := map[string]struct {
		chart   string
		applies bool
	}{
		"the chart it was made for": {chart: pod, applies: true},
		"a value changed: the patch still fits, values are not pinned": {
			chart: strings.Replace(pod, "value: acme", "value: other", 1), applies: true},
		"the chart appends the injected name itself": {
			chart: pod + "        - name: SANDBOX_ID\n          value: y\n"},
		"the chart appends another entry": {chart: pod + "        - name: OTHER\n          value: y\n"},
		"the chart drops an entry":        {chart: strings.Replace(pod, "        - name: TENANT\n          value: $(ORG_ID)-t\n", "", 1)},
		"the chart renamed the entry":     {chart: strings.Replace(pod, "- name: ORG_ID", "- name: ORG", 1)},
		"the containers swapped places": {chart: `
kind: Pod
spec:
  containers:
    - name: mcp
      env: [{name: ORG_ID, value: acme}, {name: TOKEN, value: x}, {name: TENANT, value: y}]
    - name: sidecar
`},
		"the container is gone": {chart: "kind: Pod\nspec:\n  containers:\n    - name: sidecar\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := applyOps(t, parse(t, tc.chart), ops)
			if tc.applies {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err, "the patch must fail rather than edit a chart it was not made for")
			}
		})
	}
}

func TestDiffCreatesEnvOnlyWhereThereIsNone(t *testing.T) {
	before := "spec:\n  containers:\n    - name: c\n"
	ops, err := Diff(parse(t, before), parse(t, "spec:\n  containers:\n    - name: c\n      env: [{name: A, value: a}]\n"))
	require.NoError(t, err)
	_, err = applyOps(t, parse(t, "spec:\n  containers:\n    - name: c\n      env: [{name: B, value: b}]\n"), ops)
	assert.Error(t, err, "an env list the chart started to set must not be overwritten")
	_, err = applyOps(t, parse(t, "spec:\n  containers:\n    - name: c\n      env: null\n"), ops)
	assert.NoError(t, err, "env: null is no env")
}

func TestDiffRefusesAliases(t *testing.T) {
	before := "x: &a {k: v}\ny: *a\n"
	_, err := Diff(parse(t, before), parse(t, "x: {k: v}\ny: {k: w}\n"))
	assert.ErrorIs(t, err, ErrAlias)
}
