package action

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/fluxsubst"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/report"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/values"
	"github.com/openova/envcontract/internal/valueschema"
	"github.com/openova/envcontract/internal/yamlnode"
)

// Validate is `envcontract validate`: chart values (files, --set, a Flux
// HelmRelease after postBuild substitution) against the values schema.
type Validate struct {
	Values    values.Options
	Contracts []string // their secret env names are what the schema guards
	Schema    string   // a schema file instead of the built-in one
	// Each validates every file of Files on its own, with one compiled
	// schema; without it Files holds at most the chart.
	Each        bool
	Files       []string
	HelmRelease string
	Subst       fluxsubst.Sources
}

// Run validates. The error is of class findings when a finding is an error,
// usage when an input cannot be used.
func (o *Validate) Run(context.Context) (*Result, error) {
	runs := []string{""} // one run with the flags alone
	switch {
	case o.Each:
		if len(o.Files) == 0 {
			return nil, exitcode.UsageError(errors.New("--each needs at least one values FILE"))
		}
		runs = o.Files
	case len(o.Files) > 1:
		return nil, exitcode.UsageError(fmt.Errorf("validate takes one CHART (got %d arguments); use --each to validate several values files", len(o.Files)))
	case len(o.Files) == 1 && o.Values.Chart != "":
		return nil, exitcode.UsageError(errors.New("give the chart once: as CHART or with --chart"))
	case len(o.Files) == 1:
		o.Values.Chart = o.Files[0]
	}
	schemas, err := o.baseSchemas()
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	var fs []finding.Finding
	var layers []values.Layer
	if o.HelmRelease != "" {
		layer, probs, err := o.helmRelease()
		if err != nil {
			return nil, exitcode.UsageError(err)
		}
		fs = append(fs, probs...)
		if layer == nil {
			runs = nil // Flux would apply nothing: no values to check
		} else {
			layers = []values.Layer{*layer}
		}
	}
	for _, f := range runs {
		found, err := o.validate(f, layers, schemas)
		if err != nil {
			return nil, exitcode.UsageError(err)
		}
		fs = append(fs, found...)
	}
	res := &Result{Report: report.Report{Command: "validate", Findings: fs, Style: report.Lines}}
	if finding.Reaches(fs, finding.SeverityError) {
		return res, exitcode.FindingsError(nil)
	}
	return res, nil
}

// baseSchemas compiles the schema every run uses; chart schemas are added
// per run, as the chart's subcharts depend on the values.
func (o *Validate) baseSchemas() ([]*valueschema.Schema, error) {
	contracts, err := contract.ResolveAll(o.Contracts)
	if err != nil {
		return nil, err
	}
	var secrets []string
	for _, c := range contracts {
		secrets = append(secrets, c.SecretNames()...)
	}
	if o.Schema == "" {
		s, err := valueschema.Builtin(secrets)
		return []*valueschema.Schema{s}, err
	}
	data, err := stream.ReadFile(o.Schema, stream.DefaultMaxBytes)
	if err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	s, err := valueschema.Compile(o.Schema, data, valueschema.CompileOptions{SecretEnv: secrets})
	return []*valueschema.Schema{s}, err
}

// validate runs one validation; file is an extra values file (--each) or "".
func (o *Validate) validate(file string, layers []values.Layer, schemas []*valueschema.Schema) ([]finding.Finding, error) {
	vo := o.Values
	vo.Layers = layers
	if file != "" {
		vo.ValueFiles = append(append([]string{}, vo.ValueFiles...), file)
	}
	l, err := values.LoadWithOrigins(helmsdk.ValuesOptions(vo))
	if err != nil {
		return nil, err
	}
	if l.Chart != nil {
		cs, err := valueschema.ChartSchemas(l.Chart)
		if err != nil {
			return nil, err
		}
		schemas = append(append([]*valueschema.Schema{}, schemas...), cs...)
	}
	return valueschema.Check(l, schemas...)
}

// helmRelease substitutes the HelmRelease and returns its spec.values as a
// layer, or nil when Flux would fail; its findings come first in the report.
func (o *Validate) helmRelease() (*values.Layer, []finding.Finding, error) {
	opts, probs, err := o.Subst.Options()
	if err != nil {
		return nil, nil, err
	}
	data, err := stream.ReadFile(o.HelmRelease, stream.DefaultMaxBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the HelmRelease: %w", err)
	}
	res, err := fluxsubst.Substitute(o.HelmRelease, bytes.NewReader(data), "HelmRelease", opts)
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, res.Problems...)
	if res.Object == nil {
		return nil, probs, nil
	}
	vals, ok := res.Values("spec", "values")
	if !ok {
		probs = append(probs, finding.Finding{Code: finding.Schema, Severity: finding.SeverityError,
			Pos:     at(o.HelmRelease, res.Node, "/spec/values"),
			Message: "spec.values must be a mapping; write the chart values under it as keys"})
		return nil, probs, nil
	}
	spec, _ := res.Object["spec"].(map[string]any)
	if _, set := spec["values"]; !set {
		// Legal in Flux, but then only the chart's own values are checked,
		// which a misspelt "value:" or a misplaced block would hide.
		msg := "spec.values is not set, so Flux installs the chart with its own values"
		if o.Values.Chart == "" {
			msg += "; give the chart (CHART or --chart) to check those"
		}
		probs = append(probs, finding.Finding{Code: finding.ValuesUnread, Severity: finding.SeverityWarning,
			Pos: at(o.HelmRelease, res.Node, "/spec"), Message: msg})
	}
	if from, _ := spec["valuesFrom"].([]any); len(from) > 0 {
		probs = append(probs, finding.Finding{Code: finding.ValuesUnread, Severity: finding.SeverityWarning,
			Pos:     finding.Pos{File: o.HelmRelease, Pointer: "/spec/valuesFrom"},
			Message: "spec.valuesFrom names ConfigMaps or Secrets in a cluster and is not read: pass them with -f"})
	}
	return &values.Layer{Name: o.HelmRelease, Values: vals, Node: res.Node, Prefix: "/spec/values"}, probs, nil
}

// at places pointer in a document as written, at its key (or at the
// nearest parent that exists).
func at(file string, doc *yaml.Node, pointer string) finding.Pos {
	p := finding.Pos{File: file, Pointer: pointer}
	parent, key := path.Split(pointer)
	if n := yamlnode.Locate(doc, strings.TrimSuffix(parent, "/")); n != nil {
		p.Line, p.Col = n.Line, n.Column
		if k, _ := yamlnode.Field(n, key); k != nil {
			p.Line, p.Col = k.Line, k.Column
		}
	}
	return p
}
