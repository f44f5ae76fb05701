package stream

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// FuzzSplit checks that Split never loses a byte, that Parse either fails
// with a located error or returns a node (nil only where yaml.v3 finds no
// node either, so that IsEmpty never hides one),
// and that a Replace which succeeds (of the parsed node, or of a new one
// for an empty document) leaves a stream that splits into the same
// documents, the replaced one reading back as the tree it was given.
func FuzzSplit(f *testing.F) {
	for _, seed := range []string{
		helmStream,
		strings.ReplaceAll(helmStream, "\n", "\r\n"),
		"",
		"---",
		"--- a: b\n",
		"... x\n",
		"a: 1\n...\n# c\nb: 2\n",
		"%YAML 1.1\n%TAG !e! tag:e.com,2000:\n---\na: !e!x 1\n",
		"\ufeff---\r\na: 1\r\n",
		"a: 1\r---\rb: 2\r",
		"a: 1\u0085---\u0085b: 2\n",
		"a: >+\n  x\n\n\nb: 1\n",
		"a: &x [1, 2]\nb: *x\n",
		"a: |\n  ---\n  x\n---\n  y\n",
		"a: 1\nb:\n  c: 1\n  c: 2\n",
		"- a\n-   b\n---\n{a: [1, {b: c}]}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Split(data)
		if err != nil {
			if !errors.Is(err, ErrSeparatorContent) {
				t.Fatalf("unexpected split error: %v", err)
			}
			return
		}
		if !bytes.Equal(s.Bytes(), data) {
			t.Fatalf("join differs from input")
		}
		given := make([]*yaml.Node, len(s.Docs)) // what each Replace got
		for i, d := range s.Docs {
			n, err := d.Parse()
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.Doc != i || e.Line <= 0 {
					t.Fatalf("document %d: error without location: %v", i, err)
				}
				continue
			}
			if n == nil { // then yaml.v3 must not see a node either
				var raw yaml.Node
				if err := yaml.NewDecoder(bytes.NewReader(d.Body)).Decode(&raw); err == nil {
					t.Fatalf("document %d: Parse gives no node, yaml.v3 one at line %d", i, raw.Line)
				}
				n = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{ // fill the empty document
					{Kind: yaml.ScalarNode, Value: "k"}, {Kind: yaml.ScalarNode, Value: "v"},
				}}
			}
			given[i] = n
			if err := d.Replace(n); err != nil && !errors.Is(err, ErrReplace) {
				t.Fatalf("document %d: replace: %v", i, err)
			}
		}
		out := s.Bytes()
		s2, err := Split(out)
		if err != nil {
			t.Fatalf("replaced stream does not split: %v\n%q", err, out)
		}
		if len(s2.Docs) != len(s.Docs) {
			t.Fatalf("replaced stream has %d documents, want %d\n%q", len(s2.Docs), len(s.Docs), out)
		}
		for i, d := range s.Docs {
			d2 := s2.Docs[i]
			// Replace adds the line break a "---" at the end of the input lacks.
			if !bytes.Equal(d.Head, d2.Head) && !(d.Changed() && bytes.Equal(d.Head, bytes.TrimRight(d2.Head, "\r\n"))) {
				t.Fatalf("document %d: head %q became %q", i, d.Head, d2.Head)
			}
			if !d.Changed() {
				if !bytes.Equal(d.Body, d2.Body) {
					t.Fatalf("document %d: untouched body changed", i)
				}
				continue
			}
			got, err := d2.Parse()
			if err != nil || !equalNode(content(given[i]), content(got)) {
				t.Fatalf("document %d does not read back: %v\n%q", i, err, d2.Body)
			}
		}
	})
}
