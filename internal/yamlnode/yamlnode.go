// Package yamlnode reads untrusted YAML strictly and bridges it to JSON.
//
// Decode parses one document into a yaml.Node and rejects what Kubernetes and
// Helm readers disagree on (duplicate mapping keys). ToJSON turns a node into
// the plain values a JSON Schema validator takes without losing YAML's
// typing (a date stays a string), expanding aliases only within a budget.
// Locate maps a JSON pointer from a validator back to the node, and so to a
// line and column.
package yamlnode

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Sentinel errors; the returned errors wrap them with the line concerned.
var (
	ErrDuplicateKey = errors.New("duplicate mapping key")
	ErrAliasBudget  = errors.New("aliases expand to too many nodes")
	ErrNotJSON      = errors.New("value has no JSON form")
)

// MaxExpandedNodes bounds the nodes ToJSON produces, so that a small document
// of nested aliases (a "billion laughs") cannot exhaust memory.
const MaxExpandedNodes = 1_000_000

// Decode parses the first YAML document of data. It returns nil for a
// document that holds only comments or whitespace. Errors carry the line.
func Decode(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, nil
		}
		return nil, err
	}
	if err := CheckKeys(&doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// CheckKeys reports the first mapping key that appears twice in one mapping.
// Kubernetes keeps the last of two equal keys while kyaml reads the first,
// so a document with one is ambiguous and is refused.
func CheckKeys(n *yaml.Node) error {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.MappingNode {
		seen := make(map[string]int, len(n.Content)/2)
		for k := range Fields(n) {
			if k.Kind == yaml.ScalarNode && k.Value != "<<" {
				if first, dup := seen[k.Value]; dup {
					return fmt.Errorf("line %d: %w %q (first at line %d); keep one of them", k.Line, ErrDuplicateKey, k.Value, first)
				}
				seen[k.Value] = k.Line
			}
		}
	}
	for _, c := range n.Content {
		if err := CheckKeys(c); err != nil {
			return err
		}
	}
	return nil
}

// ToJSON converts n to map[string]any, []any, string, bool, int64, float64
// or nil. Non-string mapping keys are written as their YAML text, as Helm
// does. Aliases are followed, up to MaxExpandedNodes nodes in total.
func ToJSON(n *yaml.Node) (any, error) {
	budget := MaxExpandedNodes
	return toJSON(n, &budget)
}

func toJSON(n *yaml.Node, budget *int) (any, error) {
	if *budget--; *budget < 0 {
		return nil, fmt.Errorf("line %d: %w (more than %d)", n.Line, ErrAliasBudget, MaxExpandedNodes)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return toJSON(n.Content[0], budget)
	case yaml.AliasNode:
		return toJSON(n.Alias, budget)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := toJSON(c, budget)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for k, v := range Fields(n) {
			if k.Value == "<<" && k.Kind == yaml.ScalarNode {
				if err := mergeInto(out, v, budget); err != nil {
					return nil, err
				}
				continue
			}
			val, err := toJSON(v, budget)
			if err != nil {
				return nil, err
			}
			out[k.Value] = val
		}
		return out, nil
	default:
		return scalar(n)
	}
}

// mergeInto applies a YAML merge key: explicit keys of the mapping win, so
// merged keys only fill gaps.
func mergeInto(out map[string]any, v *yaml.Node, budget *int) error {
	merged, err := toJSON(v, budget)
	if err != nil {
		return err
	}
	var maps []map[string]any
	switch m := merged.(type) {
	case map[string]any:
		maps = append(maps, m)
	case []any:
		for _, e := range m {
			if mm, ok := e.(map[string]any); ok {
				maps = append(maps, mm)
			}
		}
	}
	for _, m := range maps {
		for k, val := range m {
			if _, set := out[k]; !set {
				out[k] = val
			}
		}
	}
	return nil
}

func scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err == nil {
			return i, nil
		}
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return f, nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("line %d: %w: %s", n.Line, ErrNotJSON, n.Value)
		}
		return f, nil
	default: // !!str, !!timestamp, !!binary and custom tags keep their text
		return n.Value, nil
	}
}

// Locate returns the node a JSON pointer ("/spec/values/0/name") designates
// in root, or the deepest node on the way when the rest does not exist (a
// "required" error points at the object that lacks the key). For a mapping
// entry it returns the value node; KeyOf finds the key.
func Locate(root *yaml.Node, pointer string) *yaml.Node {
	n := root
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if pointer == "" || n == nil {
		return n
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = UnescapeToken(tok)
		for n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		next := child(n, tok)
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// KindName names a node's shape for error messages: "mapping", "list",
// "alias", "null", or a scalar's type ("str", "int", "bool", …).
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	case yaml.DocumentNode:
		return "document"
	default:
		return strings.TrimPrefix(n.ShortTag(), "!!")
	}
}

func child(n *yaml.Node, tok string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		return Get(n, tok)
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
	}
	return nil
}
