package yamlnode

import (
	"iter"
	"strconv"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// These helpers are the one way envcontract reads and edits mappings. Decode
// refuses duplicate keys, so a decoded mapping holds each key once; on a node
// built some other way the last of two equal keys wins, as in Kubernetes.

// Fields yields the key and value nodes of mapping m in document order. It
// yields nothing for a node that is not a mapping (nil included).
func Fields(m *yaml.Node) iter.Seq2[*yaml.Node, *yaml.Node] {
	return func(yield func(k, v *yaml.Node) bool) {
		if m == nil || m.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if !yield(m.Content[i], m.Content[i+1]) {
				return
			}
		}
	}
}

// Field returns the key and value nodes of key in mapping m, or nils.
func Field(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := len(m.Content) - 2; i >= 0; i -= 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// Get returns the value node of key in mapping m, or nil.
func Get(m *yaml.Node, key string) *yaml.Node {
	_, v := Field(m, key)
	return v
}

// Lookup follows keys through nested mappings from m, Get by Get: the
// value node at the end, or nil when a key is missing or a node on the way
// is not a mapping. With no keys it returns m.
func Lookup(m *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		m = Get(m, k)
	}
	return m
}

// Set makes value the value of key in mapping m: in place when the key is
// there, else appended.
func Set(m *yaml.Node, key string, value *yaml.Node) {
	for i := len(m.Content) - 2; i >= 0; i -= 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = value
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, value)
}

// Walk calls fn for n and every node below it, with its JSON pointer ("" for
// n itself; a mapping's key node gets the pointer of its value). Aliases are
// not followed. fn returning false skips what is below that node.
func Walk(n *yaml.Node, fn func(n *yaml.Node, pointer string) bool) {
	walk(n, "", true, fn)
}

// walk is Walk; without pointers it hands fn "" for every node and builds
// none, which for a search of every env entry cost more than the search.
func walk(n *yaml.Node, ptr string, pointers bool, fn func(*yaml.Node, string) bool) {
	if n == nil || !fn(n, ptr) {
		return
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			walk(c, ptr, pointers, fn)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := ptr
			if pointers {
				p += "/" + strconv.Itoa(i)
			}
			walk(c, p, pointers, fn)
		}
	case yaml.MappingNode:
		for k, v := range Fields(n) {
			p := ptr
			if pointers {
				p += "/" + EscapeToken(k.Value)
			}
			if fn(k, p) {
				walk(v, p, pointers, fn)
			}
		}
	}
}

// Map builds a mapping of the key, node pairs kv ("name", node, …), in
// order.
func Map(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap}
	for len(kv) >= 2 {
		k, _ := kv[0].(string)
		v, _ := kv[1].(*yaml.Node)
		Set(m, k, v)
		kv = kv[2:]
	}
	return m
}

// Str is a string scalar the encoder may leave unquoted: keys, names.
func Str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Value: s}
}

// Without returns a copy of mapping m without key, or with repl as the
// value of key when repl is not nil; the other fields keep their order.
func Without(m *yaml.Node, key string, repl *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: m.Kind, Tag: m.Tag}
	for k, v := range Fields(m) {
		if k.Value == key {
			if repl != nil {
				out.Content = append(out.Content, k, repl)
			}
			continue
		}
		out.Content = append(out.Content, k, v)
	}
	return out
}

// Value is n's value, "" for nil.
func Value(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

// MergeKey returns the first YAML merge key (a plain <<, tagged !!merge) of
// mapping m, or nil. A quoted "<<" is an ordinary key and is not returned.
func MergeKey(m *yaml.Node) *yaml.Node {
	for k := range Fields(m) {
		if k.Kind == yaml.ScalarNode && k.Tag == yaml.MergeTag {
			return k
		}
	}
	return nil
}

// FindMergeKey returns the first merge key in n or anywhere below it
// (aliases are not followed), or nil: the first mapping with one among the
// nodes Walk visits, in its order, found without Walk's pointers.
func FindMergeKey(n *yaml.Node) *yaml.Node {
	var found *yaml.Node
	walk(n, "", false, func(n *yaml.Node, _ string) bool {
		if found == nil && n.Kind == yaml.MappingNode {
			found = MergeKey(n)
		}
		return found == nil
	})
	return found
}
