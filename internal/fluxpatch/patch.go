package fluxpatch

import (
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/json6902"
	"github.com/openova/envcontract/internal/kustomize"
	"github.com/openova/envcontract/internal/yamlnode"
)

// Patch is the JSON6902 patch of one object of the Helm output.
type Patch struct {
	Target kustomize.Target
	Ops    []json6902.Op
	// Hook: the object is a Helm hook, post-rendered only when the
	// HelmRelease's postRenderStrategy is combined or separate.
	Hook bool
	// Summary says what the patch does, for the comment above it.
	Summary string
}

// Text is the patch as kustomize reads it (see json6902.Text).
func (p Patch) Text() (string, error) {
	text, err := json6902.Text(p.Ops)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p.Target, err)
	}
	return text, nil
}

// targetNode is the target of a patch as the block carries it: the
// selector fields kustomize reads, escaped (see kustomize.Target.Selector).
func targetNode(t kustomize.Target) *yaml.Node {
	m := yamlnode.Map()
	for _, f := range t.Selector() {
		yamlnode.Set(m, f[0], yamlnode.Str(f[1]))
	}
	return m
}

// Block is the YAML document `flux` prints: comments, then postRenderers
// holding one kustomize post-renderer with every patch. header lines become
// comments above the postRenderers key.
func Block(patches []Patch, header []string) ([]byte, error) {
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
	for _, p := range patches {
		text, err := p.Text()
		if err != nil {
			return nil, err
		}
		item := yamlnode.Map("target", targetNode(p.Target), "patch",
			&yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Style: yaml.LiteralStyle, Value: text})
		item.HeadComment = p.Summary
		list.Content = append(list.Content, item)
	}
	renderers := &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
	if len(patches) > 0 {
		renderers.Content = append(renderers.Content, yamlnode.Map("kustomize", yamlnode.Map("patches", list)))
	} else {
		renderers.Style = yaml.FlowStyle
	}
	key := yamlnode.Str("postRenderers")
	key.HeadComment = "# " + strings.Join(header, "\n# ")
	text, err := json6902.Encode(&yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap, Content: []*yaml.Node{key, renderers}})
	if err != nil {
		return nil, err
	}
	return []byte(text), nil
}
