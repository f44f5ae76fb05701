package fluxpatch

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/openova/envcontract/internal/envedit"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/json6902"
	"github.com/openova/envcontract/internal/kustomize"
	"github.com/openova/envcontract/internal/stream"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// hookAnnotation marks a Helm hook.
const hookAnnotation = "helm.sh/hook"

// ErrAmbiguousTarget: two objects of the Helm output share group, kind,
// namespace and name, so no patch target can pick one of them.
var ErrAmbiguousTarget = errors.New("no patch target can tell these objects apart")

// object is one resource of a stream: a document, or an item of a List
// document (kustomize expands Lists into their items, as render reads them).
type object struct {
	node                         *yaml.Node
	doc                          int
	group, version, kind, ns, nm string
}

func (o object) hook() bool {
	return yamlnode.Get(yamlnode.Get(yamlnode.Get(o.node, "metadata"), "annotations"), hookAnnotation) != nil
}

// readObjects returns the objects of every document of s, and the parsed
// documents.
func readObjects(s *stream.Stream) ([][]object, error) {
	out := make([][]object, len(s.Docs))
	for i, d := range s.Docs {
		root, err := d.Parse()
		if err != nil {
			return nil, err
		}
		if root == nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
			continue
		}
		for _, n := range items(root.Content[0]) {
			out[i] = append(out[i], newObject(n, i))
		}
	}
	return out, nil
}

// items is the document itself, or the items of a List.
func items(n *yaml.Node) []*yaml.Node {
	list := yamlnode.Get(n, "items")
	if !strings.HasSuffix(yamlnode.Value(yamlnode.Get(n, "kind")), "List") || list == nil || list.Kind != yaml.SequenceNode {
		return []*yaml.Node{n}
	}
	var out []*yaml.Node
	for _, it := range list.Content {
		if it.Kind == yaml.MappingNode {
			out = append(out, it)
		}
	}
	return out
}

func newObject(n *yaml.Node, doc int) object {
	o := object{node: n, doc: doc, kind: yamlnode.Value(yamlnode.Get(n, "kind"))}
	o.group, o.version, _ = strings.Cut(yamlnode.Value(yamlnode.Get(n, "apiVersion")), "/")
	if o.version == "" { // core group: "v1"
		o.group, o.version = "", o.group
	}
	meta := yamlnode.Get(n, "metadata")
	o.ns, o.nm = yamlnode.Value(yamlnode.Get(meta, "namespace")), yamlnode.Value(yamlnode.Get(meta, "name"))
	return o
}

// patches diffs every document render changed (out is the stream render
// returned, after its bytes) against the Helm output in.
func patches(out *stream.Stream, in, after []byte, fs []finding.Finding) ([]Patch, error) {
	before, err := stream.Split(in)
	if err != nil {
		return nil, err
	}
	fixed, err := stream.Split(after)
	if err != nil {
		return nil, err
	}
	if len(before.Docs) != len(out.Docs) || len(fixed.Docs) != len(out.Docs) {
		return nil, fmt.Errorf("render returned %d documents for %d", len(fixed.Docs), len(before.Docs))
	}
	objs, err := readObjects(before)
	if err != nil {
		return nil, err
	}
	var all []object
	for _, os := range objs {
		all = append(all, os...)
	}
	var ps []Patch
	for i, d := range out.Docs {
		if !d.Changed() {
			continue
		}
		root, err := fixed.Docs[i].Parse()
		if err != nil {
			return nil, err
		}
		if root == nil || len(root.Content) == 0 {
			return nil, fmt.Errorf("document %d: render emptied it", i)
		}
		now := items(root.Content[0])
		if len(now) != len(objs[i]) {
			return nil, fmt.Errorf("document %d: render changed the number of objects", i)
		}
		for k, o := range objs[i] {
			ops, err := json6902.Diff(o.node, now[k])
			if err != nil {
				return nil, fmt.Errorf("document %d (%s/%s): %w", i, o.kind, o.nm, err)
			}
			if len(ops) == 0 {
				continue
			}
			t, err := target(o, all)
			if err != nil {
				return nil, fmt.Errorf("document %d: %w", i, err)
			}
			ps = append(ps, Patch{Target: t, Ops: ops, Hook: o.hook(), Summary: summary(o, t, fs)})
		}
	}
	return ps, nil
}

// target selects o by kind and name, adding the namespace and then the
// group and version only when other objects of the stream share them.
// Helm's output usually carries no namespace, so a target without one
// matches what helm-controller renders.
func target(o object, all []object) (kustomize.Target, error) {
	t := kustomize.Target{Kind: o.kind, Name: o.nm}
	others := func(match func(object) bool) int {
		n := 0
		for _, x := range all {
			if x.node != o.node && x.kind == o.kind && x.nm == o.nm && match(x) {
				n++
			}
		}
		return n
	}
	if others(func(object) bool { return true }) == 0 {
		return t, nil
	}
	t.Namespace = o.ns
	if o.ns != "" && others(func(x object) bool { return x.ns == o.ns }) == 0 {
		return t, nil
	}
	t.Group, t.Version = o.group, o.version
	if others(func(x object) bool { return x.ns == o.ns && x.group == o.group && x.version == o.version }) == 0 {
		return t, nil
	}
	return t, fmt.Errorf("%w: %s appears more than once", ErrAmbiguousTarget, t)
}

// summary says what render did to o, for the comment above its patch:
// per container, each rename and what was injected or made optional.
func summary(o object, t kustomize.Target, fs []finding.Finding) string {
	name := envedit.ReadObject(yaml.NewRNode(o.node)).String()
	per := map[string][]finding.Finding{}
	var containers []string
	for _, f := range fs {
		if f.Pos.Object != name || f.Pos.Doc != o.doc {
			continue
		}
		if _, ok := per[f.Container]; !ok {
			containers = append(containers, f.Container)
		}
		per[f.Container] = append(per[f.Container], f)
	}
	sort.Strings(containers)
	lines := []string{t.Kind + " " + t.Name + ":"}
	for _, c := range containers {
		var injected, optional []string
		var other []string
		for _, f := range per[c] {
			switch f.Code {
			case finding.Injected:
				injected = append(injected, f.Env)
			case finding.Optional:
				optional = append(optional, f.Env)
			case finding.Renamed, finding.RenameConflict:
				other = append(other, f.Message)
			}
		}
		lines = append(lines, "  container "+c+":")
		for _, m := range other {
			lines = append(lines, "    "+m)
		}
		lines = append(lines, wrap("    injects ", injected)...)
		lines = append(lines, wrap("    makes optional ", optional)...)
	}
	if o.hook() {
		lines = append(lines, "  (a Helm hook: patched only with postRenderStrategy combined, the default, or separate)")
	}
	return "# " + strings.Join(lines, "\n# ")
}

// wrap lists names after prefix, on lines of about 90 characters.
func wrap(prefix string, names []string) []string {
	if len(names) == 0 {
		return nil
	}
	var out []string
	line := prefix
	indent := strings.Repeat(" ", len(prefix))
	for i, n := range names {
		if i > 0 {
			line += ","
		}
		if len(line)+len(n)+1 > 90 && line != prefix {
			out = append(out, line)
			line = indent
		} else if i > 0 {
			line += " "
		}
		line += n
	}
	return append(out, line)
}
