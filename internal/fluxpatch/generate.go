package fluxpatch

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/fluxsubst"
	"github.com/openova/envcontract/internal/helmrelease"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/kustomize"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/values"
)

// ErrSubstitution: Flux would refuse to substitute the HelmRelease (an
// unset variable in strict mode, a parse error); nothing can be generated.
var ErrSubstitution = errors.New("Flux cannot substitute the HelmRelease")

// SubstitutionError holds what makes Flux's substitution fail, as
// findings. It matches ErrSubstitution with errors.Is.
type SubstitutionError struct {
	Findings []finding.Finding
	In       string // what was substituted, when not the HelmRelease as written: "the patches"
}

func (e *SubstitutionError) Error() string {
	msg := ErrSubstitution.Error()
	if e.In != "" {
		msg += " in " + e.In
	}
	for _, f := range e.Findings {
		msg += "\n  " + f.Line()
	}
	return msg
}

func (e *SubstitutionError) Unwrap() error { return ErrSubstitution }

// substitutionErrors returns a SubstitutionError of the errors among fs, or
// nil when there are none and the object was read.
func substitutionErrors(fs []finding.Finding, object bool, in string) error {
	var errs []finding.Finding
	for _, f := range fs {
		if f.Severity == finding.SeverityError {
			errs = append(errs, f)
		}
	}
	if len(errs) == 0 && object {
		return nil
	}
	return &SubstitutionError{Findings: errs, In: in}
}

// Options configure Generate.
type Options struct {
	Chart     string // chart directory or archive
	Release   *helmrelease.HelmRelease
	Contracts []*contract.Contract
	// Subst is Flux's postBuild substitution (variables from a
	// Kustomization, files and the command line); nil when none is known,
	// and then spec.values are used as written.
	Subst *fluxsubst.Options
}

// Result is the patches for one HelmRelease and what they were checked
// against.
type Result struct {
	Patches  []Patch
	Findings []finding.Finding // render's findings for the Helm output
	Warnings []finding.Finding // what the user should know: valuesFrom, substitution warnings
	// Chart ("name version") and Contracts name what the patches came from;
	// ChartName and ChartVersion are the chart's Chart.yaml fields.
	Chart                   string
	ChartName, ChartVersion string
	Contracts               []string
	// Placeholders: spec.values holds Flux variables, and the patches keep
	// them as written, for Flux to substitute when it applies the
	// HelmRelease.
	Placeholders bool
	// Baked: spec.values holds Flux variables, but the chart does not pass
	// them through unchanged, so the patches hold the values of the
	// substitution that was given instead.
	Baked bool

	base    []byte            // the Helm output Flux hands the post-renderers
	want    []byte            // render's output for base
	applied []kustomize.Patch // the patches as Flux applies them, substituted
}

// Generate renders the chart with the HelmRelease's values, applies the
// contracts with render, and turns every object render changed into a
// JSON6902 patch (see Diff). When the contracts are broken in a way render
// cannot fix it returns render.ErrViolations with the Result, so that the
// caller can print the findings.
//
// Flux placeholders in spec.values are kept in the patches: the chart is
// rendered with the values as written, so "${SOVEREIGN_FQDN}" flows through
// Helm's output into the patches. When a substitution is known, the
// patches are substituted as Flux substitutes the HelmRelease and applied
// with kustomize to the chart rendered with the substituted values; if that
// does not give render's output (the chart tests or transforms a
// placeholder in a way the patches depend on), the patches are made from
// the substituted rendering instead, and Result.Baked says so.
func Generate(o Options) (*Result, error) {
	hr := o.Release
	var warnings []finding.Finding
	if hr.ValuesFiles {
		warnings = append(warnings, finding.Finding{Code: finding.ValuesUnread, Severity: finding.SeverityWarning,
			Pos:     finding.Pos{File: hr.File, Pointer: "/spec/chart/spec/valuesFiles"},
			Message: "spec.chart.spec.valuesFiles is not read; give CHART with those files merged into its values.yaml"})
	}
	if hr.ValuesFrom {
		warnings = append(warnings, finding.Finding{Code: finding.ValuesUnread, Severity: finding.SeverityWarning,
			Pos:     finding.Pos{File: hr.File, Pointer: "/spec/valuesFrom"},
			Message: "spec.valuesFrom names ConfigMaps or Secrets in a cluster and is not read; the patches assume they set nothing the contract reads"})
	}
	subVals, warns, err := substituteValues(o)
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, warns...)
	placeholders := HasPlaceholders(hr.Values)
	raw, err := build(o, hr.Values)
	if raw != nil {
		raw.Warnings, raw.Placeholders = warnings, placeholders
	}
	if err != nil && !errors.Is(err, render.ErrViolations) && placeholders {
		// The chart refuses the placeholders themselves (a values schema
		// that wants a boolean, say): only a substituted rendering works.
		if subVals == nil {
			return nil, fmt.Errorf("%w; spec.values holds Flux placeholders the chart does not accept as written: "+
				"give the substitution with --kustomization, --var or --vars-file", err)
		}
		sub, err := build(o, subVals)
		if sub != nil {
			sub.Warnings, sub.Placeholders, sub.Baked = warnings, true, true
		}
		if err != nil {
			return sub, err
		}
		return sub, sub.texts(func(ps []kustomize.Patch) ([]kustomize.Patch, error) { return substitutePatches(o, ps) })
	}
	if err != nil {
		return raw, err
	}
	if subVals == nil {
		return raw, raw.texts(nil)
	}
	// Flux substitutes the whole HelmRelease, the patches included.
	subst := func(ps []kustomize.Patch) ([]kustomize.Patch, error) { return substitutePatches(o, ps) }
	if !placeholders {
		return raw, raw.texts(subst)
	}
	sub, err := build(o, subVals)
	if sub != nil {
		sub.Warnings = warnings
	}
	if err != nil {
		return sub, err
	}
	raw.base, raw.want = sub.base, sub.want
	if err := raw.texts(subst); err != nil {
		return nil, err
	}
	if _, err := raw.Verify(); err == nil {
		return raw, nil
	} else if !errors.Is(err, kustomize.ErrMismatch) {
		return nil, err
	}
	sub.Placeholders, sub.Baked = true, true
	return sub, sub.texts(subst)
}

// substituteValues returns spec.values as Flux substitutes them, or nil
// when Flux substitutes nothing.
func substituteValues(o Options) (map[string]any, []finding.Finding, error) {
	if o.Subst == nil {
		return nil, nil, nil
	}
	hr := o.Release
	res, err := fluxsubst.Substitute(hr.File, bytes.NewReader(hr.Data), "HelmRelease", *o.Subst)
	if err != nil {
		return nil, nil, err
	}
	if err := substitutionErrors(res.Problems, res.Object != nil, ""); err != nil {
		return nil, nil, err
	}
	warnings := res.Problems // no errors among them
	if !res.Substituted {
		return nil, warnings, nil
	}
	vals, ok := res.Values("spec", "values")
	if !ok {
		return nil, nil, fmt.Errorf("%s: %w: spec.values is not a mapping after substitution", hr.File, ErrSubstitution)
	}
	return vals, warnings, nil
}

// substitutePatches substitutes patch texts as Flux does when it applies
// the HelmRelease that holds them: the patches go into a HelmRelease and
// through fluxsubst, Flux's own engine and serialisation.
func substitutePatches(o Options, ps []kustomize.Patch) ([]kustomize.Patch, error) {
	var list []any
	for _, p := range ps {
		list = append(list, map[string]any{"patch": p.Patch})
	}
	doc, err := yamlDoc(map[string]any{
		"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
		"metadata": map[string]any{"name": o.Release.Name},
		"spec":     map[string]any{"postRenderers": []any{map[string]any{"kustomize": map[string]any{"patches": list}}}},
	})
	if err != nil {
		return nil, err
	}
	res, err := fluxsubst.Substitute(o.Release.File+" (patches)", bytes.NewReader(doc), "HelmRelease", *o.Subst)
	if err != nil {
		return nil, err
	}
	if err := substitutionErrors(res.Problems, res.Object != nil, "the patches"); err != nil {
		return nil, err
	}
	spec, _ := res.Object["spec"].(map[string]any)
	prs, _ := spec["postRenderers"].([]any)
	pr, _ := prs[0].(map[string]any)
	kz, _ := pr["kustomize"].(map[string]any)
	got, _ := kz["patches"].([]any)
	if len(got) != len(ps) {
		return nil, fmt.Errorf("%w: %d patches came back from substitution, want %d", ErrSubstitution, len(got), len(ps))
	}
	out := make([]kustomize.Patch, len(ps))
	for i, g := range got {
		m, _ := g.(map[string]any)
		text, ok := m["patch"].(string)
		if !ok {
			return nil, fmt.Errorf("%w: patch %d is not text after substitution", ErrSubstitution, i)
		}
		out[i] = kustomize.Patch{Target: ps[i].Target, Patch: text}
	}
	return out, nil
}

// build renders the chart with vals and diffs render's output against it.
func build(o Options, vals map[string]any) (*Result, error) {
	hr := o.Release
	manifests, chrt, err := helmsdk.Template(o.Chart, vals, hr.Release, hr.TargetNamespace)
	if err != nil {
		return nil, err
	}
	// The contract reads values as Helm renders with them: coalesced with
	// the chart's own.
	merged, err := values.Load(helmsdk.ValuesOptions(values.Options{Chart: o.Chart, Layers: []values.Layer{{
		Name: hr.File, Values: helmsdk.CopyValues(vals),
	}}}))
	if err != nil {
		return nil, err
	}
	out := &Result{Chart: chrt.Metadata.Name + " " + chrt.Metadata.Version, base: manifests,
		ChartName: chrt.Metadata.Name, ChartVersion: chrt.Metadata.Version}
	for _, c := range o.Contracts {
		out.Contracts = append(out.Contracts, c.Name)
	}
	res, err := render.Run(render.Options{Contracts: o.Contracts, Values: merged}, render.Input{Data: manifests})
	if res != nil {
		out.Findings = res.Findings
	}
	if err != nil {
		return out, err
	}
	out.want = res.Streams[0].Bytes()
	out.Patches, err = patches(res.Streams[0], manifests, out.want, res.Findings)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", o.Chart, err)
	}
	return out, nil
}

// texts encodes the patches as Flux will apply them: through subst, when
// Flux substitutes the HelmRelease.
func (r *Result) texts(subst func([]kustomize.Patch) ([]kustomize.Patch, error)) error {
	r.applied = nil
	for _, p := range r.Patches {
		text, err := p.Text()
		if err != nil {
			return err
		}
		r.applied = append(r.applied, kustomize.Patch{Target: p.Target, Patch: text})
	}
	if subst == nil || len(r.applied) == 0 {
		return nil
	}
	var err error
	r.applied, err = subst(r.applied)
	return err
}
