package yamlnode

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func TestDecodeRejectsDuplicateKeys(t *testing.T) {
	_, err := Decode([]byte("a: 1\nb:\n  c: 1\n  c: 2\n"))
	require.ErrorIs(t, err, ErrDuplicateKey)
	assert.Contains(t, err.Error(), `line 4`)
	assert.Contains(t, err.Error(), `"c" (first at line 3)`)
}

func TestDecodeEmpty(t *testing.T) {
	n, err := Decode([]byte("# only a comment\n"))
	require.NoError(t, err)
	if n != nil { // yaml.v3 may return a document with no content
		assert.Empty(t, n.Content)
	}
}

func TestToJSONTypes(t *testing.T) {
	n, err := Decode([]byte(`
date: 2024-01-02
int: 42
octal: 0o17
float: 1.5
bool: true
str: "true"
null: ~
list: [a, 1]
1: numeric key
`))
	require.NoError(t, err)
	v, err := ToJSON(n)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"date": "2024-01-02", "int": int64(42), "octal": int64(15), "float": 1.5, "bool": true,
		"str": "true", "null": nil, "list": []any{"a", int64(1)}, "1": "numeric key",
	}, v)
}

func TestToJSONMergeKeyExplicitWins(t *testing.T) {
	n, err := Decode([]byte("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n"))
	require.NoError(t, err)
	v, err := ToJSON(n)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"x": int64(1), "y": int64(3)}, v.(map[string]any)["m"])
}

func TestToJSONAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	n, err := Decode([]byte(b.String()))
	require.NoError(t, err)
	_, err = ToJSON(n)
	require.ErrorIs(t, err, ErrAliasBudget)
}

func TestToJSONRejectsInfinity(t *testing.T) {
	n, err := Decode([]byte("x: .inf\n"))
	require.NoError(t, err)
	_, err = ToJSON(n)
	require.ErrorIs(t, err, ErrNotJSON)
}

func TestLocate(t *testing.T) {
	n, err := Decode([]byte("spec:\n  values:\n    - name: a\n      key: b\n  a/b: slash\n"))
	require.NoError(t, err)
	tests := map[string]struct {
		pointer string
		line    int
		value   string
	}{
		"leaf":                         {"/spec/values/0/key", 4, "b"},
		"escaped":                      {"/spec/a~1b", 5, "slash"},
		"missing falls back to parent": {"/spec/values/0/nope", 3, ""},
		"index out of range":           {"/spec/values/7", 3, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := Locate(n, tc.pointer)
			require.NotNil(t, got)
			assert.Equal(t, tc.line, got.Line)
			assert.Equal(t, tc.value, got.Value)
		})
	}
}

func TestRedactError(t *testing.T) {
	base := errors.New("yaml: cannot decode !!str `s3cr3t` as a !!int; invalid map key: map[string]interface {}{\"k\":\"s3cr3t\"}")
	err := RedactError(base)
	assert.NotContains(t, err.Error(), "s3cr3t")
	assert.Contains(t, err.Error(), "cannot decode !!str (value not shown) as a !!int")
	assert.ErrorIs(t, err, base)
	assert.NoError(t, RedactError(nil))
}

func TestMappingHelpers(t *testing.T) {
	doc, err := Decode([]byte("a: 1\nb:\n  c: [x, y]\n"))
	require.NoError(t, err)
	root := doc.Content[0]

	var keys []string
	for k := range Fields(root) {
		keys = append(keys, k.Value)
	}
	assert.Equal(t, []string{"a", "b"}, keys)
	assert.Equal(t, "1", Get(root, "a").Value)
	assert.Nil(t, Get(root, "z"))
	assert.Nil(t, Get(Get(root, "a"), "x"), "a scalar has no fields")
	assert.Equal(t, "x", Lookup(root, "b", "c").Content[0].Value)
	assert.Nil(t, Lookup(root, "b", "z", "c"), "a missing key on the way")
	assert.Nil(t, Lookup(root, "a", "c"), "a scalar on the way")
	assert.Same(t, root, Lookup(root))
	k, v := Field(root, "b")
	assert.Equal(t, 2, k.Line)
	assert.Equal(t, yaml.MappingNode, v.Kind)

	Set(root, "a", &yaml.Node{Kind: yaml.ScalarNode, Value: "2"})
	Set(root, "d", &yaml.Node{Kind: yaml.ScalarNode, Value: "3"})
	assert.Equal(t, "2", Get(root, "a").Value)
	assert.Equal(t, "3", Get(root, "d").Value)

	var ptrs []string
	Walk(doc, func(n *yaml.Node, p string) bool {
		if n.Kind == yaml.ScalarNode && n.Value == "x" {
			ptrs = append(ptrs, p)
		}
		return p != "/a"
	})
	assert.Equal(t, []string{"/b/c/0"}, ptrs)
}

func TestBuildHelpers(t *testing.T) {
	m := Map("a", Str("1"), "b", Str("2"), "c", Str("3"))
	out, err := yaml.Marshal(m)
	require.NoError(t, err)
	assert.Equal(t, "a: \"1\"\nb: \"2\"\nc: \"3\"\n", string(out), "keys in the order given; strings stay strings")

	w := Without(m, "b", nil)
	assert.Nil(t, Get(w, "b"))
	assert.Equal(t, "2", Value(Get(m, "b")), "Without leaves m as it was")
	r := Without(m, "b", Str("x"))
	var keys []string
	for k, v := range Fields(r) {
		keys = append(keys, k.Value+"="+v.Value)
	}
	assert.Equal(t, []string{"a=1", "b=x", "c=3"}, keys, "a replaced value keeps its place")
	assert.Equal(t, "", Value(nil))
}

// TestFindMergeKeyAsWalk holds FindMergeKey to the search it replaced: the
// first mapping with a merge key among the nodes Walk visits, in Walk's
// order (keys visited but not entered, aliases not followed).
func TestFindMergeKeyAsWalk(t *testing.T) {
	viaWalk := func(n *yaml.Node) *yaml.Node {
		var found *yaml.Node
		Walk(n, func(n *yaml.Node, _ string) bool {
			if found == nil && n.Kind == yaml.MappingNode {
				found = MergeKey(n)
			}
			return found == nil
		})
		return found
	}
	docs := []string{
		"a: 1\n",
		"- name: A\n  value: x\n",
		"base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n",
		"- {name: A}\n- name: B\n  valueFrom:\n    secretKeyRef:\n      <<: {name: s}\n      key: k\n",
		"? {<<: {a: 1}, b: 2}\n: v\nlater: {<<: {c: 3}}\n",
		"? [{<<: {a: 1}}]\n: v\n",
		"a: *x\n",
		"<<: {a: 1}\nb: {<<: {c: 2}}\n",
		"!!map {x: [1, {y: {<<: {z: 1}}}]}\n",
	}
	for _, doc := range docs {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			// "a: *x" has an unknown anchor: a tree built by hand instead.
			n = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode,
				Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "a"}, {Kind: yaml.AliasNode, Value: "x"}}}}}
		}
		want := viaWalk(&n)
		got := FindMergeKey(&n)
		assert.Samef(t, want, got, "%q", doc)
		if strings.Contains(doc, "<<") && !strings.HasPrefix(doc, "? [") {
			assert.NotNilf(t, got, "%q has a merge key where Walk looks", doc)
		}
	}
	assert.Nil(t, FindMergeKey(nil))
}
