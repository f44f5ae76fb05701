package krmfn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/kio/kioutil"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// resourceListGroup prefixes the apiVersion of a ResourceList
// (config.kubernetes.io/v1, and v1alpha1 from older orchestrators).
const resourceListGroup = "config.kubernetes.io/"

// IsResourceList reports whether data is a single YAML document of kind
// ResourceList. Only then does the binary act as a function without being
// told to: a Helm manifest stream must never be read by kyaml, which would
// add index annotations to every document and unwrap Lists.
func IsResourceList(data []byte) bool {
	s, err := stream.Split(data)
	if err != nil {
		return false
	}
	var root *yaml.Node
	for _, d := range s.Docs {
		n, err := d.Parse()
		if err != nil {
			return false
		}
		if n == nil || len(n.Content) == 0 {
			continue
		}
		if root != nil {
			return false
		}
		root = n.Content[0]
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	rn := yaml.NewRNode(root)
	return rn.GetKind() == kio.ResourceListKind && strings.HasPrefix(rn.GetApiVersion(), resourceListGroup)
}

// Run reads a ResourceList from r, applies the contract its functionConfig
// names to the items, and writes the ResourceList to w with the fixed items
// and one result per finding. Items keep every annotation they came with
// and get none. When a finding of error severity remains (or, with
// spec.check, any change render would make), the items are written as they
// came and the error is a framework.Results, whose ExitCode is 1. The
// findings are returned too, for the report writer. A ResourceList whose
// items are not a list of objects is refused with its line before kyaml
// reads it (kyaml's own error quotes the input and names no line).
func Run(data []byte, w io.Writer) ([]finding.Finding, error) {
	if err := checkShape(data); err != nil {
		return nil, err
	}
	rw := &kio.ByteReadWriter{Reader: bytes.NewReader(data), Writer: w, KeepReaderAnnotations: true}
	var fs []finding.Finding
	err := framework.Execute(framework.ResourceListProcessorFunc(func(rl *framework.ResourceList) error {
		return process(rl, &fs)
	}), rw)
	return fs, err
}

// checkShape refuses a ResourceList whose items are not a list of
// mappings, or whose functionConfig is not a mapping.
func checkShape(data []byte) error {
	doc, err := yamlnode.Decode(data)
	if err != nil || doc == nil {
		return err
	}
	root := doc.Content[0]
	if k, items := yamlnode.Field(root, "items"); items != nil && items.ShortTag() != "!!null" {
		if items.Kind != yaml.SequenceNode {
			return fmt.Errorf("line %d: items is a %s, not a list; write each resource as an entry of the list", k.Line, yamlnode.KindName(items))
		}
		for i, it := range items.Content {
			if it.Kind != yaml.MappingNode {
				return fmt.Errorf("line %d: item %d is a %s, not a resource; write each item as a mapping with apiVersion and kind", it.Line, i, yamlnode.KindName(it))
			}
		}
	}
	if k, fc := yamlnode.Field(root, "functionConfig"); fc != nil && fc.ShortTag() != "!!null" && fc.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: functionConfig is a %s, not a mapping", k.Line, yamlnode.KindName(fc))
	}
	return nil
}

func process(rl *framework.ResourceList, fs *[]finding.Finding) error {
	cfg, err := ReadConfig(rl.FunctionConfig)
	if err != nil {
		return configError(rl, err)
	}
	ct, err := contract.Resolve(cfg.Contract)
	if err != nil {
		return configError(rl, err)
	}
	var in bytes.Buffer
	for i, it := range rl.Items {
		s, err := it.String()
		if err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		in.WriteString("---\n" + s)
	}
	res, err := render.Run(render.Options{Contracts: []*contract.Contract{ct}, Values: cfg.Values, Check: cfg.Check},
		render.Input{Data: in.Bytes()})
	if err != nil && !errors.Is(err, render.ErrViolations) {
		return configError(rl, err)
	}
	*fs = res.Findings
	for _, f := range res.Findings {
		rl.Results = append(rl.Results, result(f, rl.Items))
	}
	if worst, ok := finding.Worst(res.Findings); ok && worst == finding.SeverityError {
		var errs framework.Results // the error names only what failed; rl.Results keeps all
		for _, r := range rl.Results {
			if r.Severity == framework.Error {
				errs = append(errs, r)
			}
		}
		return errs
	}
	out, err := stream.Split(res.Streams[0].Bytes())
	if err != nil {
		return err
	}
	for i, d := range res.Streams[0].Docs {
		if !d.Changed() {
			continue // the item stays the very node kyaml read
		}
		n, err := out.Docs[i].Parse()
		if err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		if n == nil || len(n.Content) == 0 {
			return fmt.Errorf("item %d: render emptied it", i)
		}
		rl.Items[i] = yaml.NewRNode(n.Content[0])
	}
	return nil
}

// configError reports a functionConfig (or input) problem as an error
// result, so that kpt shows it, and fails the function.
func configError(rl *framework.ResourceList, err error) error {
	rl.Results = append(rl.Results, &framework.Result{Message: err.Error(), Severity: framework.Error})
	return rl.Results
}

// result turns a finding into a function result on the item it is about.
func result(f finding.Finding, items []*yaml.RNode) *framework.Result {
	msg := f.Message
	if f.Container != "" {
		msg = "container " + f.Container + ": " + msg
	}
	if f.Workload != "" {
		msg = "[" + f.Workload + "] " + msg
	}
	r := &framework.Result{Message: msg, Severity: severity(f.Severity), Tags: map[string]string{"kind": string(f.Code)}}
	for k, v := range map[string]string{"workload": f.Workload, "container": f.Container, "env": f.Env} {
		if v != "" {
			r.Tags[k] = v
		}
	}
	if d := f.Pos.Doc; d >= 0 && d < len(items) {
		it := items[d]
		r.ResourceRef = &yaml.ResourceIdentifier{
			TypeMeta: yaml.TypeMeta{APIVersion: it.GetApiVersion(), Kind: it.GetKind()},
			NameMeta: yaml.NameMeta{Name: it.GetName(), Namespace: it.GetNamespace()},
		}
		if path := annotation(it, kioutil.PathAnnotation, kioutil.LegacyPathAnnotation); path != "" {
			idx, _ := strconv.Atoi(annotation(it, kioutil.IndexAnnotation, kioutil.LegacyIndexAnnotation))
			r.File = &framework.File{Path: path, Index: idx}
		}
	} else if f.Pos.File != "" {
		r.File = &framework.File{Path: f.Pos.File}
	}
	return r
}

func annotation(it *yaml.RNode, keys ...kioutil.AnnotationKey) string {
	a := it.GetAnnotations()
	for _, k := range keys {
		if v := a[k]; v != "" {
			return v
		}
	}
	return ""
}

func severity(s finding.Severity) framework.Severity {
	switch s {
	case finding.SeverityError:
		return framework.Error
	case finding.SeverityWarning:
		return framework.Warning
	default:
		return framework.Info
	}
}
