package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/spf13/cobra"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/fluxsubst"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/values"
	"github.com/openova/envcontract/internal/valueschema"
	"github.com/openova/envcontract/internal/yamlnode"
)

const validateHelp = `Validate chart values against a JSON Schema (draft 2020-12): the built-in
bp-sandbox schema, or --schema FILE. With CHART, its values.yaml is merged
first and its own values.schema.json (and its subcharts') is checked too, as
Helm does. -f, --set, --set-string and --set-file work as in Helm.

--helmrelease FILE takes spec.values from a Flux HelmRelease after Flux's
postBuild substitution, done as kustomize-controller does it: variables from
--kustomization (spec.postBuild.substitute), --vars-file (a flat YAML map, a
ConfigMap or a Secret: what substituteFrom would read in a cluster, which is
not possible offline) and --var, in rising precedence; strict by default
(Flux 2.9), --strict=false for older clusters. The HelmRelease values sit
between the chart's values and -f files. spec.valuesFrom is not read.

--each validates every FILE argument on its own (each on top of -f and below
--set), compiling the schemas once: use it for many values files.

Each finding is printed as FILE:LINE:COL: /json/pointer: message, naming the
file the offending value came from ("--set" for the command line). Values
that may be secret are never printed.
Exit status: 0 clean (warnings allowed), 1 findings, 2 unusable input.`

const validateExample = `  envcontract validate ./bp-sandbox -f overlay.yaml --set enabled=true
  envcontract validate ./bp-sandbox --helmrelease clusters/hz/bp-sandbox.yaml \
      --kustomization clusters/hz/kustomization-flux.yaml --var SANDBOX_ENABLED=true
  envcontract validate --chart ./bp-sandbox --each overlays/*.yaml -o json`

type validateOptions struct {
	values    values.Options
	contracts contractFlags
	schema    string
	output    string
	each      bool
	hr        string
	subst     fluxsubst.Sources
}

func newValidateCmd(in io.Reader, out io.Writer) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:     "validate [CHART] | --each FILE...",
		Short:   "Validate chart values (files, --set, a Flux HelmRelease) against the values schema",
		Long:    validateHelp,
		Example: validateExample,
		RunE: func(_ *cobra.Command, args []string) error {
			return o.run(in, out, args)
		},
	}
	fs := cmd.Flags()
	values.AddFlags(fs, &o.values)
	o.contracts.add(fs)
	fs.StringVar(&o.schema, "schema", "", "JSON Schema file to use instead of the built-in bp-sandbox schema")
	fs.StringVarP(&o.output, "output", "o", "text", "report format: text or json")
	fs.BoolVar(&o.each, "each", false, "validate each FILE argument separately with one compiled schema")
	fs.StringVar(&o.hr, "helmrelease", "", "Flux HelmRelease whose spec.values are validated after postBuild substitution")
	fs.StringVar(&o.subst.Kustomization, "kustomization", "", "Flux Kustomization whose spec.postBuild.substitute supplies variables")
	fs.StringArrayVar(&o.subst.VarsFiles, "vars-file", nil, "substitution variables: a YAML map, a ConfigMap or a Secret (repeatable)")
	fs.StringArrayVar(&o.subst.Vars, "var", nil, "substitution variable NAME=VALUE (repeatable; wins over the other sources)")
	fs.BoolVar(&o.subst.Strict, "strict", true, "fail on a variable that is unset and has no default, as Flux 2.9 does")
	return cmd
}

// validateFinding is one line of the report: a substitution problem or a
// schema finding.
type validateFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Pointer  string `json:"pointer"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Schema   string `json:"schema,omitempty"`
}

func (f validateFinding) String() string {
	loc := f.File
	if f.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
	}
	p, msg := f.Pointer, f.Message
	if p == "" {
		p = "/"
	}
	if f.Severity == "warning" {
		msg = "warning: " + msg
	}
	return fmt.Sprintf("%s: %s: %s", loc, p, msg)
}

func (o *validateOptions) run(in io.Reader, out io.Writer, args []string) error {
	if o.output != "text" && o.output != "json" {
		return usageError(fmt.Errorf("-o %q: use text or json", o.output))
	}
	files := []string{""} // one run with the flags alone
	switch {
	case o.each:
		if len(args) == 0 {
			return usageError(fmt.Errorf("--each needs at least one values FILE"))
		}
		files = args
	case len(args) > 1:
		return usageError(fmt.Errorf("validate takes one CHART (got %d arguments); use --each to validate several values files", len(args)))
	case len(args) == 1 && o.values.Chart != "":
		return usageError(fmt.Errorf("give the chart once: as CHART or with --chart"))
	case len(args) == 1:
		o.values.Chart = args[0]
	}
	o.values.Stdin = in
	schemas, err := o.baseSchemas()
	if err != nil {
		return usageError(err)
	}
	var report []validateFinding
	var layers []values.Layer
	if o.hr != "" {
		layer, probs, err := o.helmRelease()
		if err != nil {
			return usageError(err)
		}
		for _, p := range probs {
			report = append(report, problemFinding(p))
		}
		if layer == nil {
			files = nil // Flux would apply nothing: no values to check
		} else {
			layers = []values.Layer{*layer}
		}
	}
	for _, f := range files {
		fs, err := o.validate(f, layers, schemas)
		if err != nil {
			return usageError(err)
		}
		report = append(report, fs...)
	}
	if err := writeValidate(out, o.output, report); err != nil {
		return err
	}
	for _, f := range report {
		if f.Severity == "error" {
			return findingsError()
		}
	}
	return nil
}

// baseSchemas compiles the schema every run uses; chart schemas are added
// per run, as the chart's subcharts depend on the values.
func (o *validateOptions) baseSchemas() ([]*valueschema.Schema, error) {
	contracts, err := o.contracts.load()
	if err != nil {
		return nil, err
	}
	var secrets []string
	for _, c := range contracts {
		secrets = append(secrets, c.SecretNames()...)
	}
	if o.schema == "" {
		s, err := valueschema.Builtin(secrets)
		return []*valueschema.Schema{s}, err
	}
	data, err := os.ReadFile(o.schema)
	if err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	s, err := valueschema.Compile(o.schema, data, valueschema.CompileOptions{SecretEnv: secrets})
	return []*valueschema.Schema{s}, err
}

// validate runs one validation; file is an extra values file (--each) or "".
func (o *validateOptions) validate(file string, layers []values.Layer, schemas []*valueschema.Schema) ([]validateFinding, error) {
	vo := o.values
	vo.Layers = layers
	if file != "" {
		vo.ValueFiles = append(append([]string{}, vo.ValueFiles...), file)
	}
	var report []validateFinding
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
	for _, f := range valueschema.Check(l, schemas...) {
		report = append(report, validateFinding{File: f.File, Line: f.Line, Column: f.Col, Pointer: f.Pointer,
			Severity: "error", Message: f.Message, Schema: f.Schema})
	}
	return report, nil
}

// helmRelease substitutes the HelmRelease and returns its spec.values as a
// layer, or nil when Flux would fail; problems come first in the report.
func (o *validateOptions) helmRelease() (*values.Layer, []fluxsubst.Problem, error) {
	opts, probs, err := o.subst.Options()
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(o.hr)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the HelmRelease: %w", err)
	}
	defer f.Close()
	res, err := fluxsubst.Substitute(o.hr, f, "HelmRelease", opts)
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, res.Problems...)
	fluxsubst.SortProblems(probs)
	if res.Object == nil {
		return nil, probs, nil
	}
	vals, ok := res.Values("spec", "values")
	if !ok {
		probs = append(probs, fluxsubst.Problem{Position: hrPosition(o.hr, res.Node, "/spec/values"),
			Message: "spec.values must be a mapping; write the chart values under it as keys"})
		return nil, probs, nil
	}
	spec, _ := res.Object["spec"].(map[string]any)
	if _, set := spec["values"]; !set {
		// Legal in Flux, but then only the chart's own values are checked,
		// which a misspelt "value:" or a misplaced block would hide.
		msg := "spec.values is not set, so Flux installs the chart with its own values"
		if o.values.Chart == "" {
			msg += "; give the chart (CHART or --chart) to check those"
		}
		probs = append(probs, fluxsubst.Problem{Position: hrPosition(o.hr, res.Node, "/spec"), Warning: true, Message: msg})
	}
	if from, _ := spec["valuesFrom"].([]any); len(from) > 0 {
		probs = append(probs, fluxsubst.Problem{Position: fluxsubst.Position{File: o.hr, Pointer: "/spec/valuesFrom"}, Warning: true,
			Message: "spec.valuesFrom names ConfigMaps or Secrets in a cluster and is not read: pass them with -f"})
	}
	return &values.Layer{Name: o.hr, Values: vals, Node: res.Node, Prefix: "/spec/values"}, probs, nil
}

// hrPosition places pointer in the HelmRelease as written, at its key (or
// at the nearest parent that exists).
func hrPosition(file string, doc *yaml.Node, pointer string) fluxsubst.Position {
	p := fluxsubst.Position{File: file, Pointer: pointer}
	parent, key := path.Split(pointer)
	if n := yamlnode.Locate(doc, strings.TrimSuffix(parent, "/")); n != nil {
		p.Line, p.Col = n.Line, n.Column
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Value == key {
				p.Line, p.Col = k.Line, k.Column
			}
		}
	}
	return p
}

func problemFinding(p fluxsubst.Problem) validateFinding {
	sev := "error"
	if p.Warning {
		sev = "warning"
	}
	// After Flux substitution a quoted value may come from a Secret.
	msg := yamlnode.Redact(p.Message)
	return validateFinding{File: p.File, Line: p.Line, Column: p.Col, Pointer: p.Pointer, Severity: sev, Message: msg}
}

func writeValidate(out io.Writer, format string, report []validateFinding) error {
	if format == "json" {
		if report == nil {
			report = []validateFinding{}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	}
	for _, f := range report {
		if _, err := fmt.Fprintln(out, f); err != nil {
			return err
		}
	}
	return nil
}
