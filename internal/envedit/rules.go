package envedit

import (
	"fmt"
	"slices"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Each rule is a yaml.Filter over one container mapping. It returns the
// container unchanged in identity so rules chain with RNode.Pipe.
var (
	_ yaml.Filter = UniqueNames{}
	_ yaml.Filter = Rename{}
	_ yaml.Filter = SecretRefs{}
	_ yaml.Filter = Ensure{}
	_ yaml.Filter = Require{}
	_ yaml.Filter = Forbid{}
)

// UniqueNames reports env names that appear more than once: Kubernetes keeps
// the last, server-side apply rejects the object, and no rule can tell which
// entry the chart meant.
type UniqueNames struct{ scope }

func (f UniqueNames) Filter(c *yaml.RNode) (*yaml.RNode, error) {
	env, err := envOf(c.YNode())
	if err != nil || env == nil {
		return c, err
	}
	first := map[string]int{}
	for _, e := range env.Content {
		n := nameNode(e)
		if line, dup := first[n.Value]; dup {
			f.record(finding.Duplicate, finding.SeverityError, n.Value, n,
				fmt.Sprintf("env %s is set twice (first at line %d); remove one of them", n.Value, f.rec.line(line)))
			continue
		}
		first[n.Value] = n.Line
	}
	return c, nil
}

// Rename renames the entry From to To in place, keeping its position, value
// or valueFrom and its comments, and rewrites $(From) references of the
// container's other entries. When To already exists, the From entry is
// dropped and the existing To entry kept.
type Rename struct {
	scope
	From, To string
}

func (f Rename) Filter(c *yaml.RNode) (*yaml.RNode, error) {
	env, err := envOf(c.YNode())
	if err != nil || env == nil {
		return c, err
	}
	old := entryNamed(env, f.From)
	if old == nil {
		return c, nil
	}
	if target := entryNamed(env, f.To); target != nil {
		env.Content = slices.DeleteFunc(env.Content, func(e *yaml.Node) bool { return e == old })
		f.record(finding.RenameConflict, finding.SeverityWarning, f.From, nameNode(target),
			fmt.Sprintf("env %s was dropped because %s already exists; check which value the program should see", f.From, f.To))
	} else {
		nameNode(old).Value = f.To
		f.record(finding.Renamed, finding.SeverityInfo, f.From, nameNode(old),
			fmt.Sprintf("env %s renamed to %s", f.From, f.To))
	}
	for _, e := range env.Content {
		if v := yamlnode.Get(e, "value"); v != nil && v.Kind == yaml.ScalarNode {
			v.Value = replaceReference(v.Value, f.From, f.To)
		}
	}
	f.changed()
	return c, nil
}

// SecretRefs holds the entries the contract treats as secrets to a
// secretKeyRef with optional: true. A literal value is an error whose text
// never contains the value; a missing optional is set.
type SecretRefs struct {
	scope
	Names []string
}

func (f SecretRefs) Filter(c *yaml.RNode) (*yaml.RNode, error) {
	env, err := envOf(c.YNode())
	if err != nil || env == nil {
		return c, err
	}
	for _, e := range env.Content {
		name := nameNode(e)
		if !slices.Contains(f.Names, name.Value) {
			continue
		}
		if yamlnode.Get(e, "value") != nil {
			f.record(finding.SecretLiteral, finding.SeverityError, name.Value, name,
				fmt.Sprintf("env %s is a secret and carries a literal value (not shown); use valueFrom.secretKeyRef", name.Value))
			continue
		}
		ref := secretKeyRefOf(e)
		if ref == nil || ref.Kind != yaml.MappingNode {
			f.record(finding.SecretLiteral, finding.SeverityError, name.Value, name,
				fmt.Sprintf("env %s is a secret and must come from valueFrom.secretKeyRef", name.Value))
			continue
		}
		if opt := yamlnode.Get(ref, "optional"); opt != nil && opt.Value == "true" {
			continue
		}
		yamlnode.Set(ref, "optional", boolNode(true))
		f.record(finding.Optional, finding.SeverityInfo, name.Value, name,
			fmt.Sprintf("env %s: secretKeyRef made optional: true", name.Value))
		f.changed()
	}
	return c, nil
}

// Ensure appends Entry when the container has no entry of that name. An
// entry that is present is left as the chart wrote it.
type Ensure struct {
	scope
	Entry *yaml.Node // a complete env entry; nil when it resolved to nothing
	Name  string
}

func (f Ensure) Filter(c *yaml.RNode) (*yaml.RNode, error) {
	env, err := envOf(c.YNode())
	if err != nil {
		return c, err
	}
	if entryNamed(env, f.Name) != nil || f.Entry == nil {
		return c, nil
	}
	if env == nil {
		env = &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
		yamlnode.Set(c.YNode(), "env", env)
	}
	env.Content = append(env.Content, yaml.CopyYNode(f.Entry)) // one resolved entry may serve several containers
	f.record(finding.Injected, finding.SeverityInfo, f.Name, c.YNode(), fmt.Sprintf("env %s injected", f.Name))
	f.changed()
	return c, nil
}

// Require reports names that must be present and are not.
type Require struct {
	scope
	Names []string
}

func (f Require) Filter(c *yaml.RNode) (*yaml.RNode, error) {
	env, err := envOf(c.YNode())
	if err != nil {
		return c, err
	}
	for _, name := range f.Names {
		if entryNamed(env, name) == nil {
			f.record(finding.Missing, finding.SeverityError, name, c.YNode(),
				fmt.Sprintf("env %s is required and not set; the chart must set it", name))
		}
	}
	return c, nil
}

// Forbid reports names that must not be present after the renames.
type Forbid struct {
	scope
	Names []string
}

func (f Forbid) Filter(c *yaml.RNode) (*yaml.RNode, error) {
	env, err := envOf(c.YNode())
	if err != nil || env == nil {
		return c, err
	}
	for _, name := range f.Names {
		if e := entryNamed(env, name); e != nil {
			f.record(finding.Forbidden, finding.SeverityError, name, nameNode(e),
				fmt.Sprintf("env %s must not be set on this workload; remove it from the chart", name))
		}
	}
	return c, nil
}

func boolNode(b bool) *yaml.Node {
	v := "false"
	if b {
		v = "true"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagBool, Value: v}
}
