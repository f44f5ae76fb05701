package action

import (
	"context"
	"errors"
	"fmt"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/fluxpatch"
	"github.com/openova/envcontract/internal/fluxsubst"
	"github.com/openova/envcontract/internal/helmrelease"
	"github.com/openova/envcontract/internal/kustomize"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/report"
)

// Flux is `envcontract flux`: the HelmRelease spec.postRenderers that make
// helm-controller apply the contract, printed or written into the file; or,
// without a HelmRelease, the spec.patches that make kustomize-controller
// apply it to the manifests a Flux Kustomization (Subst.Kustomization)
// applies.
type Flux struct {
	Chart       string
	HelmRelease string
	Manifests   []string // the Kustomization's manifests, when HelmRelease is ""
	Contracts   []string
	Subst       fluxsubst.Sources
	Input       Input
	Write       bool // write the block into the HelmRelease instead of printing it
	Verify      bool // prove the patches equal to render's output with kustomize
}

// Run generates the block. Findings are the warnings of substitution and
// generation and, with Verify, where kustomize's result differs.
func (o *Flux) Run(context.Context) (*Result, error) {
	if o.HelmRelease == "" && o.Subst.Kustomization != "" {
		return o.runKustomization()
	}
	if o.HelmRelease == "" {
		return nil, exitcode.UsageError(errors.New("--helmrelease FILE is required (or --kustomization FILE with the manifests it applies, for its spec.patches)"))
	}
	data, err := o.Input.Read(o.HelmRelease)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	hr, err := helmrelease.Read(o.HelmRelease, data)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	contracts, err := contract.ResolveAll(o.Contracts)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	res := &Result{Report: report.Report{Command: "flux", Style: report.Lines}}
	gen := fluxpatch.Options{Chart: o.Chart, Release: hr, Contracts: contracts}
	if o.Subst.Given() {
		opts, probs, err := o.Subst.Options()
		if err != nil {
			return nil, exitcode.UsageError(err)
		}
		res.Report.Findings = probs
		if finding.Reaches(probs, finding.SeverityError) {
			return res, exitcode.UsageError(errors.New("the substitution variables cannot be used"))
		}
		gen.Subst = &opts
	}
	out, err := fluxpatch.Generate(gen)
	if out != nil {
		res.Report.Findings = append(res.Report.Findings, out.Warnings...)
	}
	res.Report.Findings = append(res.Report.Findings, contract.CheckChart(contracts, fluxChart(o.Chart, hr, out))...)
	var subst *fluxpatch.SubstitutionError
	switch {
	case errors.As(err, &subst):
		res.Report.Findings = append(res.Report.Findings, subst.Findings...)
		return res, exitcode.FindingsError(fluxpatch.ErrSubstitution)
	case errors.Is(err, render.ErrViolations), errors.Is(err, fluxpatch.ErrSubstitution):
		return res, exitcode.FindingsError(err)
	case err != nil:
		return res, exitcode.UsageError(err)
	}
	block, err := out.Block()
	if err != nil {
		return res, exitcode.InternalError(err)
	}
	if o.Verify {
		v, err := out.Verify()
		if err != nil {
			msgs := []string{err.Error()}
			var mismatch *kustomize.MismatchError
			if errors.As(err, &mismatch) {
				msgs = mismatch.Diffs // one finding per difference
			}
			for _, m := range msgs {
				res.Report.Findings = append(res.Report.Findings, finding.Finding{Code: finding.PatchMismatch,
					Severity: finding.SeverityError, Pos: finding.Pos{File: o.HelmRelease}, Message: m})
			}
			return res, exitcode.FindingsError(nil)
		}
		res.Notes = append(res.Notes, fmt.Sprintf("verified: kustomize with %d patches gives render's output for all %d objects", v.Patches, v.Objects))
	}
	if !o.Write {
		res.Output = block
		return res, nil
	}
	spliced, err := helmrelease.Splice(o.HelmRelease, data, block)
	if err != nil {
		return res, exitcode.UsageError(err)
	}
	if err := helmrelease.WriteFile(o.HelmRelease, spliced); err != nil {
		return res, exitcode.UsageError(fmt.Errorf("writing %s: %w", o.HelmRelease, err))
	}
	res.Notes = append(res.Notes, fmt.Sprintf("wrote spec.postRenderers (%d patches) to %s", len(out.Patches), o.HelmRelease))
	return res, nil
}

// fluxChart is the chart whose version the contracts must fit: the
// HelmRelease's spec.chart.spec.version, which Flux installs, when it is one
// version; else CHART's own, when it was rendered.
func fluxChart(dir string, hr *helmrelease.HelmRelease, out *fluxpatch.Result) contract.Chart {
	if contract.IsVersion(hr.ChartVersion) {
		return contract.Chart{Name: hr.ChartName, Version: hr.ChartVersion,
			Pos: finding.Pos{File: hr.File, Line: hr.ChartVersionLine, Pointer: "/spec/chart/spec/version"}}
	}
	if out == nil {
		return contract.Chart{}
	}
	return contract.Chart{Name: out.ChartName, Version: out.ChartVersion, Pos: finding.Pos{File: dir}}
}
