package fluxks

import (
	"errors"
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/yamlnode"
)

// group is the API group of a Flux Kustomization; kustomize's own
// kustomization.yaml (kustomize.config.k8s.io) is another kind of file.
const group = "kustomize.toolkit.fluxcd.io/"

// ErrNoKustomization: the file holds no Flux Kustomization, or more than one.
var ErrNoKustomization = errors.New("want exactly one Flux Kustomization (kind Kustomization, apiVersion " + group + "…)")

// Kustomization is what flux needs of a Flux Kustomization.
type Kustomization struct {
	File      string
	Line      int // of the Kustomization's document in the file
	Name      string
	Namespace string
	Path      string // spec.path: the directory of the source it applies
	// Patches counts the entries of spec.patches already in the file:
	// kustomize-controller applies them too, in order, with the new ones.
	Patches int
}

// Read finds the one Flux Kustomization in data, the content of file.
func Read(file string, data []byte) (*Kustomization, error) {
	s, err := stream.Split(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var found []*Kustomization
	for _, d := range s.Docs {
		root, err := d.Parse()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if root == nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
			continue
		}
		obj := root.Content[0]
		if yamlnode.Value(yamlnode.Get(obj, "kind")) != "Kustomization" ||
			!strings.HasPrefix(yamlnode.Value(yamlnode.Get(obj, "apiVersion")), group) {
			continue
		}
		meta := yamlnode.Get(obj, "metadata")
		k := &Kustomization{File: file, Line: d.StreamLine(obj.Line),
			Name:      yamlnode.Value(yamlnode.Get(meta, "name")),
			Namespace: yamlnode.Value(yamlnode.Get(meta, "namespace")),
			Path:      yamlnode.Value(yamlnode.Lookup(obj, "spec", "path")),
		}
		if p := yamlnode.Lookup(obj, "spec", "patches"); p != nil && p.Kind == yaml.SequenceNode {
			k.Patches = len(p.Content)
		}
		found = append(found, k)
	}
	if len(found) != 1 {
		var lines []string
		for _, k := range found {
			lines = append(lines, fmt.Sprint(k.Line))
		}
		where := "found none"
		if len(found) > 1 {
			where = fmt.Sprintf("found %d (lines %s); put each in a file of its own", len(found), strings.Join(lines, ", "))
		}
		return nil, fmt.Errorf("%s: %w, %s", file, ErrNoKustomization, where)
	}
	if found[0].Name == "" {
		return nil, fmt.Errorf("%s:%d: %w: metadata.name is empty", file, found[0].Line, ErrNoKustomization)
	}
	return found[0], nil
}
