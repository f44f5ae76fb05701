package fluxsubst

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadKustomization(t *testing.T) {
	doc := `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: bp-sandbox
spec:
  postBuild:
    substitute:
      SANDBOX_REGION: eu-central
      SANDBOX_ENABLED: true
      SANDBOX_REGION: eu-west
      MULTI: "a
        b"
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
      - kind: Secret
        name: cluster-secrets
        optional: true
`
	k, probs, err := ReadKustomization("ks.yaml", strings.NewReader(doc))
	require.NoError(t, err)
	var got []string
	for _, p := range probs {
		got = append(got, line(p))
	}
	assert.Equal(t, []string{
		`ks.yaml:10:7: /spec/postBuild/substitute/SANDBOX_REGION: duplicate key "SANDBOX_REGION" (first at line 8): readers disagree on which one counts (the API server keeps the last); keep one`,
		"ks.yaml:9:7: /spec/postBuild/substitute/SANDBOX_ENABLED: substitute SANDBOX_ENABLED must be a string, not a bool: quote it (spec.postBuild.substitute is a map of strings)",
	}, got)
	assert.True(t, k.PostBuild)
	assert.Equal(t, "eu-west", k.Substitute["SANDBOX_REGION"].Value, "the last duplicate wins, as in Kubernetes")
	assert.Equal(t, 10, k.Substitute["SANDBOX_REGION"].Origin.Line)
	assert.Equal(t, "a b", k.Substitute["MULTI"].Value)
	assert.Equal(t, []string{"ConfigMap/cluster-vars", "Secret/cluster-secrets"}, k.SubstituteFrom)
}

func TestReadKustomizationWithoutPostBuild(t *testing.T) {
	doc := "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  path: ./x\n"
	k, probs, err := ReadKustomization("ks.yaml", strings.NewReader(doc))
	require.NoError(t, err)
	assert.Empty(t, probs)
	assert.False(t, k.PostBuild)
}

func TestReadKustomizationErrors(t *testing.T) {
	cases := map[string]string{
		"not a Flux Kustomization": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n",
		"bad YAML":                 "spec: [\n",
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := ReadKustomization("ks.yaml", strings.NewReader(doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "ks.yaml")
		})
	}
}

func TestReadVarsFile(t *testing.T) {
	cases := map[string]struct {
		doc   string
		want  map[string]string
		probs []string
	}{
		"flat map": {
			doc:  "A: one\nB: 2\n",
			want: map[string]string{"A": "one", "B": "2"},
		},
		"configmap": {
			doc:  "apiVersion: v1\nkind: ConfigMap\ndata:\n  A: one\n",
			want: map[string]string{"A": "one"},
		},
		"secret data and stringData": {
			doc:  "apiVersion: v1\nkind: Secret\ndata:\n  A: b25l\nstringData:\n  B: two\n",
			want: map[string]string{"A": "one", "B": "two"},
		},
		"secret data not base64": {
			doc:   "apiVersion: v1\nkind: Secret\ndata:\n  A: '!!'\n",
			want:  map[string]string{},
			probs: []string{"v.yaml:4:3: /data/A: data of A is not base64: use stringData for plain text"},
		},
		"nested value": {
			doc:   "A: {b: c}\n",
			want:  map[string]string{},
			probs: []string{"v.yaml:1:1: /A: variable A must be a string, not a mapping"},
		},
		"duplicate": {
			doc:   "A: one\nA: two\n",
			want:  map[string]string{"A": "two"},
			probs: []string{`v.yaml:2:1: /A: duplicate key "A" (first at line 1): readers disagree on which one counts (the API server keeps the last); keep one`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			v, probs, err := ReadVarsFile("v.yaml", strings.NewReader(tc.doc))
			require.NoError(t, err)
			got := map[string]string{}
			for k, x := range v {
				got[k] = x.Value
			}
			assert.Equal(t, tc.want, got)
			var ps []string
			for _, p := range probs {
				ps = append(ps, line(p))
			}
			assert.Equal(t, tc.probs, ps)
		})
	}
}

func TestParseVar(t *testing.T) {
	name, v, err := ParseVar(1, "A=b=c")
	require.NoError(t, err)
	assert.Equal(t, "A", name)
	assert.Equal(t, "b=c", v.Value)
	assert.Equal(t, "--var", v.Origin.File)
	_, _, err = ParseVar(1, "A")
	require.ErrorIs(t, err, ErrBadVar)
	// Without "=" the item may be a bare secret: the error never shows it.
	_, _, err = ParseVar(3, "s3cr3t-canary")
	require.ErrorIs(t, err, ErrBadVar)
	assert.Contains(t, err.Error(), "--var item 3: expected NAME=VALUE (value not shown)")
	assert.NotContains(t, err.Error(), "s3cr3t-canary")
}

func TestVarsMerge(t *testing.T) {
	a := vars("A", "1", "B", "1")
	got := a.Merge(vars("B", "2"), vars("C", "3"))
	assert.Equal(t, "1", got["A"].Value)
	assert.Equal(t, "2", got["B"].Value)
	assert.Equal(t, "3", got["C"].Value)
	assert.Equal(t, "1", a["B"].Value, "the receiver is not modified")
}

func TestDuplicateKeysInDocumentOrder(t *testing.T) {
	doc, err := decodeFirst([]byte("a:\n  x: 1\n  x: 2\na: 3\nb:\n  - {y: 1, y: 2}\n<<: {}\n<<: {}\n"))
	require.NoError(t, err)
	var got []string
	for _, p := range duplicateKeys("f.yaml", doc) {
		got = append(got, p.Pos.Pointer)
	}
	assert.Equal(t, []string{"/a/x", "/a", "/b/0/y"}, got, "a merge key may repeat")
}
