package helmrelease

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/openova/envcontract/internal/stream"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// helmReleaseGroup is the API group of Flux's HelmRelease.
const helmReleaseGroup = "helm.toolkit.fluxcd.io/"

// Errors about the HelmRelease file.
var (
	// ErrNoHelmRelease: the file holds no HelmRelease, or more than one.
	ErrNoHelmRelease = errors.New("want exactly one HelmRelease")
	// ErrBadHelmRelease: a field has the wrong shape.
	ErrBadHelmRelease = errors.New("malformed HelmRelease")
)

// HelmRelease is what flux reads from a HelmRelease manifest.
type HelmRelease struct {
	File string
	Data []byte // the file's content
	Doc  int    // index of the HelmRelease document in the file
	Line int    // line of that document in the file

	Name      string // metadata.name
	Namespace string // metadata.namespace
	// Release and TargetNamespace are the Helm release name and namespace,
	// computed as helm-controller does.
	Release         string
	TargetNamespace string
	// Values is spec.values as written: Flux placeholders are still text.
	Values map[string]any
	// ValuesNode is spec.values as a node, for positions; nil without values.
	ValuesNode *yaml.Node
	// ValuesFrom: spec.valuesFrom is set; its ConfigMaps and Secrets live in
	// the cluster and are not read.
	ValuesFrom bool
	// ValuesFiles: spec.chart.spec.valuesFiles is set; source-controller
	// merges those chart files into the chart's values, which is not done.
	ValuesFiles bool
	// ChartName and ChartVersion are spec.chart.spec.chart and .version as
	// written (a version may be a semver range or a Flux placeholder);
	// ChartVersionLine is the line of the version in the file, 0 without one.
	ChartName        string
	ChartVersion     string
	ChartVersionLine int
}

// Read finds the one HelmRelease in data, the content of file.
func Read(file string, data []byte) (*HelmRelease, error) {
	s, err := stream.Split(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	doc, root, err := findHelmRelease(file, s)
	if err != nil {
		return nil, err
	}
	// kustomize-controller reads the file with kyaml (yaml.v3: "on" and
	// "yes" are strings) and hands the object on as JSON; so does this.
	body, err := yaml.NewRNode(root.Content[0]).MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("%s:%d: %w: %w", file, doc.Line, ErrBadHelmRelease, err)
	}
	var hr struct {
		Metadata struct {
			Name      string `json:"name"`
			Namespace string `json:"namespace"`
		} `json:"metadata"`
		Spec struct {
			ReleaseName     string         `json:"releaseName"`
			TargetNamespace string         `json:"targetNamespace"`
			Values          map[string]any `json:"values"`
			ValuesFrom      []any          `json:"valuesFrom"`
			Chart           struct {
				Spec struct {
					Chart       string   `json:"chart"`
					Version     string   `json:"version"`
					ValuesFiles []string `json:"valuesFiles"`
					ValuesFile  string   `json:"valuesFile"`
				} `json:"spec"`
			} `json:"chart"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(body, &hr); err != nil {
		return nil, fmt.Errorf("%s:%d: %w: %w", file, doc.Line, ErrBadHelmRelease, err)
	}
	if hr.Metadata.Name == "" {
		return nil, fmt.Errorf("%s:%d: %w: metadata.name is empty", file, doc.Line, ErrBadHelmRelease)
	}
	out := &HelmRelease{
		File: file, Data: data, Doc: doc.Index, Line: doc.Line,
		Name: hr.Metadata.Name, Namespace: hr.Metadata.Namespace,
		Values:      hr.Spec.Values,
		ValuesFrom:  len(hr.Spec.ValuesFrom) > 0,
		ValuesFiles: len(hr.Spec.Chart.Spec.ValuesFiles) > 0 || hr.Spec.Chart.Spec.ValuesFile != "",
		ChartName:   hr.Spec.Chart.Spec.Chart, ChartVersion: hr.Spec.Chart.Spec.Version,
	}
	if v := yamlnode.Lookup(root.Content[0], "spec", "chart", "spec", "version"); v != nil {
		out.ChartVersionLine = doc.StreamLine(v.Line)
	}
	if out.Values == nil {
		out.Values = map[string]any{}
	}
	out.ValuesNode = yamlnode.Get(yamlnode.Get(root.Content[0], "spec"), "values")
	out.TargetNamespace = hr.Spec.TargetNamespace
	if out.TargetNamespace == "" {
		out.TargetNamespace = out.Namespace
	}
	if out.TargetNamespace == "" {
		out.TargetNamespace = "default"
	}
	out.Release = releaseName(hr.Metadata.Name, hr.Spec.ReleaseName, hr.Spec.TargetNamespace)
	return out, nil
}

// findHelmRelease returns the one HelmRelease document of s and its node.
func findHelmRelease(file string, s *stream.Stream) (*stream.Document, *yaml.Node, error) {
	var found []*stream.Document
	var root *yaml.Node
	for _, d := range s.Docs {
		n, err := d.Parse()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", file, err)
		}
		if n == nil || len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
			continue
		}
		obj := n.Content[0]
		if yamlnode.Value(yamlnode.Get(obj, "kind")) == "HelmRelease" && strings.HasPrefix(yamlnode.Value(yamlnode.Get(obj, "apiVersion")), helmReleaseGroup) {
			found = append(found, d)
			root = n
		}
	}
	switch len(found) {
	case 1:
		return found[0], root, nil
	case 0:
		return nil, nil, fmt.Errorf("%s: %w, found none (kind HelmRelease, apiVersion %s…)", file, ErrNoHelmRelease, helmReleaseGroup)
	default:
		var lines []string
		for _, d := range found {
			lines = append(lines, fmt.Sprint(d.Line))
		}
		return nil, nil, fmt.Errorf("%s: %w, found %d (lines %s); put each in a file of its own",
			file, ErrNoHelmRelease, len(found), strings.Join(lines, ", "))
	}
}

// releaseName is helm-controller's release name: spec.releaseName, else
// [targetNamespace-]name, shortened to Helm's 53 characters with a hash.
func releaseName(name, release, target string) string {
	if release == "" {
		release = name
		if target != "" {
			release = target + "-" + name
		}
	}
	const maxLength, hashLength = 53, 12
	if len(release) <= maxLength {
		return release
	}
	sum := fmt.Sprintf("%x", sha256.Sum256([]byte(release)))
	return release[:maxLength-hashLength-1] + "-" + sum[:hashLength]
}
