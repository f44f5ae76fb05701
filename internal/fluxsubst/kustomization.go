package fluxsubst

import (
	"fmt"
	"io"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/yamlnode"
)

// Kustomization is what substitution needs from a Flux Kustomization.
type Kustomization struct {
	File string
	// PostBuild says whether spec.postBuild is set: kustomize-controller
	// substitutes nothing without it.
	PostBuild bool
	// Substitute is spec.postBuild.substitute.
	Substitute Vars
	// SubstituteFrom names the ConfigMaps and Secrets of
	// spec.postBuild.substituteFrom ("ConfigMap/name"), which live in a
	// cluster and cannot be read offline: pass them with variable files.
	SubstituteFrom []string
}

// ReadKustomization reads the first Kustomization (kustomize.toolkit.fluxcd.io)
// of a file. Problems are duplicate keys (in the substitute map and
// anywhere else) and substitute values that are not strings, which the
// API server refuses for a map of strings.
func ReadKustomization(path string, r io.Reader) (*Kustomization, []finding.Finding, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	doc, err := findDocument(data, func(root *yaml.Node) bool {
		return scalarAt(root, "kind") == "Kustomization" &&
			strings.HasPrefix(scalarAt(root, "apiVersion"), "kustomize.toolkit.fluxcd.io/")
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc == nil {
		return nil, nil, fmt.Errorf("%s: no Flux Kustomization (apiVersion kustomize.toolkit.fluxcd.io/*) in the file", path)
	}
	root := doc.Content[0]
	k := &Kustomization{File: path, Substitute: Vars{}}
	probs := duplicateKeys(path, doc)
	pb := yamlnode.Lookup(root, "spec", "postBuild")
	if pb == nil || pb.Tag == "!!null" {
		return k, probs, nil
	}
	k.PostBuild = true
	if sub := mappingAt(pb, "substitute"); sub != nil {
		for key, v := range yamlnode.Fields(sub) {
			pos := finding.Pos{File: path, Line: key.Line, Col: key.Column, Pointer: "/spec/postBuild/substitute/" + yamlnode.EscapeToken(key.Value)}
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
				probs = append(probs, problem(pos, fmt.Sprintf(
					"substitute %s must be a string, not a %s: quote it (spec.postBuild.substitute is a map of strings)", key.Value, yamlnode.KindName(v))))
				if v.Kind != yaml.ScalarNode {
					continue
				}
			}
			// The last of two equal keys wins, as the API server decodes it.
			k.Substitute[key.Value] = Var{Value: flatten(v.Value), Origin: pos}
		}
	}
	if from := yamlnode.Get(pb, "substituteFrom"); from != nil && from.Kind == yaml.SequenceNode {
		for _, ref := range from.Content {
			k.SubstituteFrom = append(k.SubstituteFrom, scalarAt(ref, "kind")+"/"+scalarAt(ref, "name"))
		}
	}
	return k, probs, nil
}

// findDocument returns the first document of data whose root mapping
// satisfies match.
func findDocument(data []byte, match func(*yaml.Node) bool) (*yaml.Node, error) {
	docs, err := findDocuments(data, match, 1)
	if len(docs) == 0 {
		return nil, err
	}
	return docs[0], err
}

// findDocuments returns the first max documents of data that match (all
// of them when max <= 0), in order; their lines are lines of data.
func findDocuments(data []byte, match func(*yaml.Node) bool, max int) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var out []*yaml.Node
	for max <= 0 || len(out) < max {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if err == io.EOF {
				return out, nil
			}
			return out, err
		}
		if len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode && match(doc.Content[0]) {
			out = append(out, &doc)
		}
	}
	return out, nil
}
