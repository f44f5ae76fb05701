package envedit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// podSpecPaths is where each workload kind keeps its pod spec.
var podSpecPaths = map[string][]string{
	"Deployment":  {"spec", "template", "spec"},
	"StatefulSet": {"spec", "template", "spec"},
	"DaemonSet":   {"spec", "template", "spec"},
	"ReplicaSet":  {"spec", "template", "spec"},
	"Job":         {"spec", "template", "spec"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template", "spec"},
	"Pod":         {"spec"},
}

// Object is what a selector looks at: read once per document, without
// trusting the document's shape.
type Object struct {
	Kind      string
	Name      string
	Namespace string
	Labels    map[string]string
}

// ReadObject reads kind, name, namespace and labels from a resource. Fields
// of the wrong type read as empty, so a malformed document simply matches
// nothing here and is reported by whoever needs it to be well formed.
func ReadObject(rn *yaml.RNode) Object {
	o := Object{Kind: scalarAt(rn.YNode(), "kind")}
	meta := yamlnode.Get(rn.YNode(), "metadata")
	if meta == nil || meta.Kind != yaml.MappingNode {
		return o
	}
	o.Name = scalarAt(meta, "name")
	o.Namespace = scalarAt(meta, "namespace")
	if labels := yamlnode.Get(meta, "labels"); labels != nil && labels.Kind == yaml.MappingNode {
		o.Labels = make(map[string]string, len(labels.Content)/2)
		for k, v := range yamlnode.Fields(labels) {
			if v.Kind == yaml.ScalarNode {
				o.Labels[k.Value] = v.Value
			}
		}
	}
	return o
}

// String names the object the way findings do: Kind/name or Kind/ns/name.
func (o Object) String() string {
	if o.Namespace != "" {
		return fmt.Sprintf("%s/%s/%s", o.Kind, o.Namespace, o.Name)
	}
	return o.Kind + "/" + o.Name
}

// Matches reports whether m selects o: its kind is listed, its name is
// listed when names are given, and it carries every label given.
func Matches(m contract.Match, o Object) bool {
	if !slices.Contains(m.Kinds, o.Kind) {
		return false
	}
	if len(m.Names) > 0 && !slices.Contains(m.Names, o.Name) {
		return false
	}
	for k, v := range m.Labels {
		if got, ok := o.Labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// PodSpec returns the pod spec of a workload object, or nil when the kind has
// none or the document lacks it.
func PodSpec(rn *yaml.RNode, kind string) *yaml.Node {
	path, ok := podSpecPaths[kind]
	if !ok {
		return nil
	}
	return yamlnode.Lookup(rn.YNode(), path...)
}

// mergeOnPath returns the merge key of the first mapping on a kind's pod
// spec path that lacks the next key and merges instead (the pod spec may be
// in the merge), with the path to that mapping; nil when there is none.
func mergeOnPath(rn *yaml.RNode, kind string) (*yaml.Node, string) {
	m := rn.YNode()
	path := podSpecPaths[kind]
	for i, k := range path {
		next := yamlnode.Get(m, k)
		if next == nil {
			if mk := yamlnode.MergeKey(m); mk != nil {
				if i == 0 {
					return mk, "the object"
				}
				return mk, strings.Join(path[:i], ".")
			}
			return nil, ""
		}
		m = next
	}
	return nil, ""
}

// container is one entry of containers or initContainers.
type container struct {
	name string
	node *yaml.Node // the container mapping
}

// containers returns the containers and initContainers of a pod spec that
// the workload names (all of them when it names none), or a *shapeError at
// the field that is not shaped like a container list.
func containers(spec *yaml.Node, names []string) ([]container, error) {
	if spec.Kind == yaml.AliasNode {
		return nil, aliasError(spec, "the pod spec")
	}
	if spec.Kind != yaml.MappingNode {
		return nil, shapeErrorf(spec, "the pod spec is a %s, not a mapping; fix the chart's pod template", yamlnode.KindName(spec))
	}
	if k := yamlnode.MergeKey(spec); k != nil {
		return nil, mergeError(k, "the pod spec")
	}
	var out []container
	for _, field := range []string{"initContainers", "containers"} {
		list := yamlnode.Get(spec, field)
		if list == nil || isNull(list) {
			continue
		}
		if list.Kind == yaml.AliasNode {
			return nil, aliasError(list, field)
		}
		if list.Kind != yaml.SequenceNode {
			return nil, shapeErrorf(list, "%s is a %s, not a list; write it as a list of containers", field, yamlnode.KindName(list))
		}
		for _, c := range list.Content {
			if c.Kind == yaml.AliasNode {
				return nil, aliasError(c, "an entry of "+field)
			}
			if c.Kind != yaml.MappingNode {
				return nil, shapeErrorf(c, "an entry of %s is a %s, not a container; write each container as a mapping with a name", field, yamlnode.KindName(c))
			}
			if k := yamlnode.MergeKey(c); k != nil { // the name itself may come from it
				return nil, mergeError(k, "an entry of "+field)
			}
			name := scalarAt(c, "name")
			if len(names) == 0 || slices.Contains(names, name) {
				out = append(out, container{name: name, node: c})
			}
		}
	}
	return out, nil
}

// scalarAt returns the text of the scalar at key, or "".
func scalarAt(n *yaml.Node, key string) string {
	if v := yamlnode.Get(n, key); v != nil && v.Kind == yaml.ScalarNode && !isNull(v) {
		return v.Value
	}
	return ""
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagNull
}
