package values

import (
	"strconv"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/yamlnode"
)

// maxOriginNodes bounds the positions one source records, so that a values
// file built of nested merge keys cannot make origin tracking quadratic.
const maxOriginNodes = 1_000_000

// origins is a tree keyed by JSON pointer tokens. A later source replaces
// what an earlier one said about a scalar or a list and merges into a map,
// which is how Helm merges values, so the deepest known node of a pointer
// names the source that really set the value.
type origins struct {
	origin   finding.Pos
	set      bool
	merge    bool // a map: a later source merges into it instead of replacing it
	children map[string]*origins
}

func (t *origins) isMap() bool { return t.merge }

// put records o at path. replace drops what is known below path: a later
// scalar or list replaces the whole earlier subtree.
func (t *origins) put(path []string, o finding.Pos, replace bool) {
	n := t
	for _, tok := range path {
		if n.children == nil {
			n.children = map[string]*origins{}
		}
		c := n.children[tok]
		if c == nil {
			c = &origins{}
			n.children[tok] = c
		}
		n = c
	}
	n.origin, n.set, n.merge = o, true, !replace
	if replace {
		n.children = nil
	}
}

// lookup returns the origin of the deepest recorded node on pointer.
func (t *origins) lookup(pointer string) (finding.Pos, bool) {
	best, ok := t.origin, t.set
	n := t
	for _, tok := range yamlnode.SplitPointer(pointer) {
		c := n.children[tok]
		if c == nil {
			break
		}
		n = c
		if n.set {
			best, ok = n.origin, true
		}
	}
	return best, ok
}

// exact returns the origin recorded at exactly path.
func (t *origins) exact(path []string) (finding.Pos, bool) {
	n := t
	for _, tok := range path {
		if n = n.children[tok]; n == nil {
			return finding.Pos{}, false
		}
	}
	return n.origin, n.set
}

// recordNode walks a YAML node and records the position of every value
// under prefix. Aliases are not followed (their own position stands for
// everything below them); merge keys record the merged keys' positions.
func (t *origins) recordNode(file string, n *yaml.Node, prefix []string) {
	budget := maxOriginNodes
	t.walk(file, n, nil, prefix, &budget)
}

// walk records n at path. A block mapping or sequence is placed at its key
// (key may be nil), which is where a reader looks for "env:" rather than at
// its first entry; a scalar at the value itself, unless it is empty.
func (t *origins) walk(file string, n, key *yaml.Node, path []string, budget *int) {
	if n == nil || *budget <= 0 {
		return
	}
	*budget--
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) > 0 {
			t.walk(file, n.Content[0], nil, path, budget)
		}
		return
	}
	o := finding.Pos{File: file, Line: n.Line, Col: n.Column}
	// An empty value ("a:") has the position of whatever follows it, even
	// the end of the file, so it is placed at its key too.
	empty := n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0 && n.ShortTag() == "!!null"
	if key != nil && (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode || empty) {
		o = finding.Pos{File: file, Line: key.Line, Col: key.Column}
	}
	switch n.Kind {
	case yaml.MappingNode:
		t.put(path, o, false)
		for k, v := range yamlnode.Fields(n) {
			if k.Value == "<<" && k.Kind == yaml.ScalarNode {
				t.recordMerge(file, v, path, budget)
			}
		}
		for k, v := range yamlnode.Fields(n) {
			if k.Value == "<<" && k.Kind == yaml.ScalarNode {
				continue
			}
			t.walk(file, v, k, appendPath(path, k.Value), budget)
		}
	case yaml.SequenceNode:
		t.put(path, o, true)
		for i, c := range n.Content {
			t.walk(file, c, nil, appendPath(path, strconv.Itoa(i)), budget)
		}
	default: // scalars and aliases
		t.put(path, o, true)
	}
}

// recordMerge records the keys a merge key brings in at the position of the
// key in the anchored mapping, without descending into their values.
func (t *origins) recordMerge(file string, v *yaml.Node, path []string, budget *int) {
	var maps []*yaml.Node
	switch v.Kind {
	case yaml.AliasNode, yaml.MappingNode:
		maps = append(maps, v)
	case yaml.SequenceNode:
		maps = append(maps, v.Content...)
	}
	for _, m := range maps {
		if m.Kind == yaml.AliasNode {
			m = m.Alias
		}
		for k := range yamlnode.Fields(m) {
			if *budget <= 0 {
				break
			}
			*budget--
			t.put(appendPath(path, k.Value), finding.Pos{File: file, Line: k.Line, Col: k.Column}, true)
		}
	}
}

// recordValue records a plain value (from --set and friends) under name.
func (t *origins) recordValue(name string, v any, path []string) {
	o := finding.Pos{File: name}
	switch x := v.(type) {
	case map[string]any:
		// A map a file already placed keeps that position: "--set a.b=1"
		// sets a leaf, it does not move the mapping a.
		if _, known := t.exact(path); !known {
			t.put(path, o, false)
		}
		for k, c := range x {
			t.recordValue(name, c, appendPath(path, k))
		}
	case []any:
		// Not a replacement: "--set a[1]=x" edits one element of a list
		// that a file set, and a list that shrank has no stale elements left
		// to report on.
		t.put(path, o, false)
		for i, c := range x {
			if c != nil { // strvals pads lists with nils it did not set
				t.recordValue(name, c, appendPath(path, strconv.Itoa(i)))
			}
		}
	default:
		t.put(path, o, true)
	}
}

func appendPath(path []string, tok string) []string {
	out := make([]string, len(path), len(path)+1)
	copy(out, path)
	return append(out, tok)
}

// graft lays the positions of src over t, as its values were laid over t's.
func (t *origins) graft(src *origins) {
	if src.set {
		t.origin, t.set, t.merge = src.origin, true, src.merge
	}
	if len(src.children) > 0 && t.children == nil {
		t.children = map[string]*origins{}
	}
	for k, c := range src.children {
		if t.children[k] == nil || !c.isMap() {
			t.children[k] = c
			continue
		}
		t.children[k].graft(c)
	}
}
