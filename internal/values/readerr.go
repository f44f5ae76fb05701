package values

import (
	"fmt"
	"strings"

	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// readError explains why Helm's reader refused a values file that the node
// reader accepted, with the line where it can be found: a document that is
// not a mapping, or a scalar whose explicit tag (!!int, !!bool, …) does not
// fit its text, which Helm's reader reports without a line.
func readError(node *kyaml.Node, err error) error {
	root := node
	if root != nil && root.Kind == kyaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root != nil && root.Kind != kyaml.MappingNode {
		return fmt.Errorf("line %d: values must be a YAML mapping, not a %s: %w", root.Line, kindOf(root), yamlnode.RedactError(err))
	}
	if n, key := badNode(root); n != nil && key {
		return fmt.Errorf("line %d: a mapping key is a %s (not shown); Helm reads only plain keys: %w", n.Line, kindOf(n), yamlnode.RedactError(err))
	} else if n != nil {
		return fmt.Errorf("line %d: the value (not shown) does not fit its tag %s; remove the tag or fix the value: %w", n.Line, n.Tag, yamlnode.RedactError(err))
	}
	if strings.Contains(err.Error(), "excessive aliasing") {
		line := 0
		if a := firstAlias(root); a != nil {
			line = a.Line
		}
		return fmt.Errorf("line %d: aliases expand to too many values, which Helm refuses; write the values out instead: %w", line, yamlnode.RedactError(err))
	}
	return fmt.Errorf("the values cannot be read as Helm reads them: %w", yamlnode.RedactError(err))
}

func firstAlias(n *kyaml.Node) *kyaml.Node {
	if n == nil || n.Kind == kyaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := firstAlias(c); a != nil {
			return a
		}
	}
	return nil
}

func kindOf(n *kyaml.Node) string {
	switch n.Kind {
	case kyaml.SequenceNode:
		return "list"
	case kyaml.MappingNode:
		return "mapping"
	case kyaml.AliasNode:
		return "alias"
	default:
		return "scalar"
	}
}

// badNode returns the first node Helm's reader refuses: a mapping key that
// is a mapping or a list (key true), or a scalar with an explicit tag that
// yaml.v3 cannot decode its text as; nil when there is none.
func badNode(n *kyaml.Node) (bad *kyaml.Node, key bool) {
	if n == nil {
		return nil, false
	}
	if n.Kind == kyaml.ScalarNode && n.Style&kyaml.TaggedStyle != 0 {
		var v any
		if err := n.Decode(&v); err != nil {
			return n, false
		}
	}
	for i, c := range n.Content {
		if n.Kind == kyaml.MappingNode && i%2 == 0 && (c.Kind == kyaml.MappingNode || c.Kind == kyaml.SequenceNode) {
			return c, true
		}
		if bad, key := badNode(c); bad != nil {
			return bad, key
		}
	}
	return nil, false
}
