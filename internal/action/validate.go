package action

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
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

	// hrChartVersion is the HelmRelease's spec.chart.spec.version, which
	// picks the built-in schema when no chart is given.
	hrChartVersion string
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
	custom, secrets, err := o.baseSchemas()
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
	var notes []string
	for _, f := range runs {
		found, note, err := o.validate(f, layers, custom, secrets)
		if err != nil {
			return nil, exitcode.UsageError(err)
		}
		fs = append(fs, found...)
		if note != "" && !slices.Contains(notes, note) { // once, not once per --each file
			notes = append(notes, note)
		}
	}
	res := &Result{Report: report.Report{Command: "validate", Findings: fs, Style: report.Lines}, Notes: notes}
	if finding.Reaches(fs, finding.SeverityError) {
		return res, exitcode.FindingsError(nil)
	}
	return res, nil
}

// baseSchemas compiles the --schema file every run uses, or returns nil
// for the built-in schema, which each run picks by its chart's version;
// chart schemas are added per run, as the chart's subcharts depend on the
// values. secrets are the contracts' secret env names.
func (o *Validate) baseSchemas() (custom *valueschema.Schema, secrets []string, err error) {
	contracts, err := contract.ResolveAll(o.Contracts)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range contracts {
		secrets = append(secrets, c.SecretNames()...)
	}
	if o.Schema == "" {
		// Compile today's now, so that a broken build fails before any run.
		_, err := valueschema.Builtin(secrets)
		return nil, secrets, err
	}
	data, err := stream.ReadFile(o.Schema, stream.DefaultMaxBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the schema: %w", err)
	}
	s, err := valueschema.Compile(o.Schema, data, valueschema.CompileOptions{SecretEnv: secrets})
	return s, secrets, err
}

// validate runs one validation; file is an extra values file (--each) or "".
// Without a chart the values are coalesced over the schema's defaults, as
// Helm coalesces them over the chart's: a null deletes a default there too.
// With no --schema, the chart's version (or, without a chart, the version
// the HelmRelease pins) picks the built-in schema, and note says which.
func (o *Validate) validate(file string, layers []values.Layer, custom *valueschema.Schema, secrets []string) (fs []finding.Finding, note string, err error) {
	vo := o.Values
	vo.Layers = layers
	if file != "" {
		vo.ValueFiles = append(append([]string{}, vo.ValueFiles...), file)
	}
	base := custom
	if vo.Chart == "" {
		if base == nil {
			s, layout, err := valueschema.BuiltinFor(o.hrChartVersion, secrets)
			if err != nil {
				return nil, "", err
			}
			base = s
			if o.hrChartVersion != "" {
				note = fmt.Sprintf("envcontract: %s pins chart version %s: values checked against the built-in bp-sandbox schema of %s",
					o.HelmRelease, o.hrChartVersion, layout)
			}
		}
		vo.Defaults, vo.DefaultsName = base.Defaults(), base.Name+" (schema default)"
	}
	l, err := values.LoadWithOrigins(helmsdk.ValuesOptions(vo))
	if err != nil {
		return nil, "", err
	}
	fs = l.CoalesceFindings()
	schemas := []*valueschema.Schema{base}
	if l.Chart != nil {
		if base == nil {
			s, layout, err := valueschema.BuiltinFor(l.Chart.Metadata.Version, secrets)
			if err != nil {
				return nil, "", err
			}
			schemas[0] = s
			note = fmt.Sprintf("envcontract: chart %s %s (%s): values checked against the built-in bp-sandbox schema of %s",
				l.Chart.Name(), l.Chart.Metadata.Version, filepath.Join(vo.Chart, "Chart.yaml"), layout)
		}
		cs, err := valueschema.ChartSchemas(l.Chart)
		if err != nil {
			return nil, "", err
		}
		schemas = append(schemas, cs...)
	}
	found, err := valueschema.Check(l, schemas...)
	return append(fs, found...), note, err
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
	chartSpec, _ := spec["chart"].(map[string]any)
	chartSpec, _ = chartSpec["spec"].(map[string]any)
	if v, ok := chartSpec["version"]; ok && v != nil {
		o.hrChartVersion = fmt.Sprint(v) // "0.1" is read as a number
	}
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
