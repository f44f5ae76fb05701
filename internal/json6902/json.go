package json6902

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// ErrAlias: a document that needs a patch uses YAML aliases. Expanding
// them could blow up (DESIGN §6), and a patch must hold plain values.
var ErrAlias = errors.New("YAML alias in an object that needs a patch; expand it in the chart")

// JSONValue is n as kustomize's JSON patch engine sees it: decoded by
// yaml.v3 (as kyaml's RNode.MarshalJSON does) and normalised through JSON,
// so numbers are float64 and maps have string keys.
func JSONValue(n *yaml.Node) (any, error) {
	if n == nil {
		return nil, nil
	}
	if err := noAlias(n); err != nil {
		return nil, err
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("line %d: not representable as JSON: %w", n.Line, err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// EqualJSON compares two JSON-shaped values.
func EqualJSON(a, b any) bool {
	x, errA := json.Marshal(a) // sorted map keys: a canonical form
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(x, y)
}

// SameNode reports whether two YAML nodes hold the same JSON value (see
// JSONValue).
func SameNode(a, b *yaml.Node) (bool, error) {
	x, err := JSONValue(a)
	if err != nil {
		return false, err
	}
	y, err := JSONValue(b)
	if err != nil {
		return false, err
	}
	return EqualJSON(x, y), nil
}

// jsonNode copies n for a patch: key order kept, comments dropped, every
// string double-quoted and every other scalar written in its JSON form.
func jsonNode(n *yaml.Node) (*yaml.Node, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, fmt.Errorf("empty document")
		}
		return jsonNode(n.Content[0])
	case yaml.MappingNode:
		out := &yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap}
		for key, value := range yamlnode.Fields(n) {
			k, err := jsonNode(key)
			if err != nil {
				return nil, err
			}
			if k.Tag != yaml.NodeTagString {
				return nil, fmt.Errorf("line %d: a mapping key that is not a string cannot go into a JSON patch", key.Line)
			}
			k.Style = 0 // the encoder quotes a key only when it must
			v, err := jsonNode(value)
			if err != nil {
				return nil, err
			}
			out.Content = append(out.Content, k, v)
		}
		return out, nil
	case yaml.SequenceNode:
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
		for _, c := range n.Content {
			v, err := jsonNode(c)
			if err != nil {
				return nil, err
			}
			out.Content = append(out.Content, v)
		}
		return out, nil
	case yaml.ScalarNode:
		return jsonScalar(n)
	default:
		return nil, fmt.Errorf("line %d: %w", n.Line, ErrAlias)
	}
}

func jsonScalar(n *yaml.Node) (*yaml.Node, error) {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	switch x := v.(type) {
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagNull, Value: "null"}, nil
	case string:
		return str(x), nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagBool, Value: fmt.Sprint(x)}, nil
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v cannot go into a JSON patch: %w", n.Line, x, err)
		}
		tag := yaml.NodeTagFloat
		if _, isInt := x.(int); isInt {
			tag = yaml.NodeTagInt
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(b)}, nil
	}
}

func noAlias(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		return fmt.Errorf("line %d: %w", n.Line, ErrAlias)
	}
	for _, c := range n.Content {
		if err := noAlias(c); err != nil {
			return err
		}
	}
	return nil
}
