package stream

import (
	"testing"

	"github.com/openova/envcontract/internal/yamlnode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// split is Split for tests of one document: it returns Docs[i].
func split(t *testing.T, in string, i int) (*Stream, *Document) {
	t.Helper()
	s, err := Split([]byte(in))
	require.NoError(t, err)
	require.Greater(t, len(s.Docs), i)
	return s, s.Docs[i]
}

// lookup follows mapping keys from the document's root mapping.
func lookup(t *testing.T, n *yaml.Node, path ...string) (key, value *yaml.Node) {
	t.Helper()
	require.Equal(t, yaml.DocumentNode, n.Kind)
	value = n.Content[0]
	for _, p := range path {
		var found bool
		for i := 0; i+1 < len(value.Content); i += 2 {
			if value.Content[i].Value == p {
				key, value, found = value.Content[i], value.Content[i+1], true
				break
			}
		}
		require.True(t, found, "key %q", p)
	}
	return key, value
}

func TestParseLinesAreStreamLines(t *testing.T) {
	_, d := split(t, "a: 1\n---\n# Source: c/t.yaml\nkind: Deployment\nspec:\n  replicas: 2\n", 1)
	assert.Equal(t, 3, d.Line)
	n, err := d.Parse()
	require.NoError(t, err)
	key, _ := lookup(t, n, "spec", "replicas")
	assert.Equal(t, 4, key.Line, "node lines count from the first line of Body")
	assert.Equal(t, 6, d.StreamLine(key.Line))
	assert.Equal(t, 0, d.StreamLine(0), "a node built by a caller has no line")
}

func TestParseEmptyDocumentsGiveNil(t *testing.T) {
	for name, in := range map[string]string{
		"empty body":      "---\n",
		"helm source":     "---\n# Source: c/t.yaml\n",
		"blank lines":     "---\n\n  \t\n",
		"end marker only": "---\n...\n",
		"comment and end": "# c\n...\n# d\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, d := split(t, in, 0)
			assert.True(t, d.IsEmpty())
			n, err := d.Parse()
			require.NoError(t, err)
			assert.Nil(t, n)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		in      string
		doc     int
		wantErr error
		want    string
	}{
		"duplicate key": {
			in: "a: 1\n---\nb:\n  c: 1\n  c: 2\n", doc: 1, wantErr: yamlnode.ErrDuplicateKey,
			want: `document 1, line 5: duplicate mapping key "c" (first at line 4); keep one of them`,
		},
		"duplicate key with a tricky name": {
			in: "x: 0\n---\n\"(first at line 1)\": 1\n\"(first at line 1)\": 2\n", doc: 1, wantErr: yamlnode.ErrDuplicateKey,
			want: `document 1, line 4: duplicate mapping key "(first at line 1)" (first at line 3); keep one of them`,
		},
		"syntax error": {
			in: "x: 1\n---\n# Source: c/t.yaml\nok: 1\na: b: c\n", doc: 1, wantErr: ErrInvalidYAML,
			want: `document 1 (c/t.yaml), line 5: invalid YAML: mapping values are not allowed in this context`,
		},
		"error without a line points at the document": {
			in: "x: 1\n---\na: \x01\n", doc: 1, wantErr: ErrInvalidYAML,
			want: `document 1, line 3: invalid YAML: control characters are not allowed`,
		},
		"document hidden behind U+0085": {
			in: "---\na: 1\u0085---\u0085b: 2\n", doc: 0, wantErr: ErrHiddenDocument,
			want: `document 0, line 3: second YAML document without a "---" line of its own`,
		},
		"yaml.v3 reads only YAML 1.1 directives": {
			in: "%YAML 1.2\n---\na: 1\n", doc: 0, wantErr: ErrInvalidYAML,
			want: `document 0, line 3: invalid YAML: found incompatible YAML document`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, d := split(t, tc.in, tc.doc)
			n, err := d.Parse()
			require.ErrorIs(t, err, tc.wantErr)
			assert.Nil(t, n)
			assert.Contains(t, err.Error(), tc.want)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.doc, e.Doc)
		})
	}
}

func TestParseSeesANodeBehindAUnicodeLineBreak(t *testing.T) {
	// To yaml.v3 this is a comment line and then a mapping.
	_, d := split(t, "---\n# c\u0085kind: Deployment\n", 0)
	n, err := d.Parse()
	require.NoError(t, err)
	require.NotNil(t, n)
	_, v := lookup(t, n, "kind")
	assert.Equal(t, "Deployment", v.Value)
}

func TestParseKeepsAliases(t *testing.T) {
	_, d := split(t, "a: &x [1, 2]\nb: *x\n", 0)
	n, err := d.Parse()
	require.NoError(t, err)
	_, b := lookup(t, n, "b")
	assert.Equal(t, yaml.AliasNode, b.Kind)
	assert.Empty(t, b.Content)
}

func TestParseReadsDirectivesFromHead(t *testing.T) {
	_, d := split(t, "a: 0\n...\n%TAG !e! tag:example.com,2000:app/\n---\nb: !e!foo 1\n", 1)
	assert.Equal(t, 5, d.Line)
	n, err := d.Parse()
	require.NoError(t, err)
	key, v := lookup(t, n, "b")
	assert.Equal(t, "tag:example.com,2000:app/foo", v.Tag)
	assert.Equal(t, 5, d.StreamLine(key.Line))
}

func TestIsEmpty(t *testing.T) {
	tests := map[string]struct {
		body string
		want bool
	}{
		"empty":          {"", true},
		"comments":       {"# a\n  # b\n\n", true},
		"end markers":    {"...\n... # c\n", true},
		"crlf":           {"# a\r\n\r\n", true},
		"content":        {"# a\nb: 1\n", false},
		"scalar":         {"plain", false},
		"directive":      {"%YAML 1.1\n", false},
		"bad end marker": {"... x\n", false},
		"u+0085 break":   {"# a\u0085b: 1\n", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d := &Document{Body: []byte(tc.body)}
			assert.Equal(t, tc.want, d.IsEmpty())
		})
	}
}

func TestSource(t *testing.T) {
	tests := map[string]struct {
		body string
		want string
	}{
		"helm 3":              {"# Source: chart/templates/a.yaml\nkind: A\n", "chart/templates/a.yaml"},
		"crlf":                {"# Source: c/a.yaml \r\nkind: A\r\n", "c/a.yaml"},
		"after other comment": {"\n# generated\n# Source: c/a.yaml\nkind: A\n", "c/a.yaml"},
		"empty template":      {"# Source: c/empty.yaml\n", "c/empty.yaml"},
		"none":                {"kind: A\n", ""},
		"below content":       {"kind: A\n# Source: c/a.yaml\n", ""},
		"other comment":       {"# Sources: x\nkind: A\n", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d := &Document{Body: []byte(tc.body)}
			assert.Equal(t, tc.want, d.Source())
		})
	}
}
