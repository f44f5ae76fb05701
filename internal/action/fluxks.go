package action

import (
	"errors"
	"fmt"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/fluxks"
	"github.com/openova/envcontract/internal/fluxpatch"
	"github.com/openova/envcontract/internal/kustomize"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/report"
)

// runKustomization is flux for a Flux Kustomization: the spec.patches that
// make kustomize-controller apply the contracts to the manifests of its
// path (Manifests), printed; with Verify, proven with kustomize's engine.
func (o *Flux) runKustomization() (*Result, error) {
	switch {
	case len(o.Manifests) == 0:
		return nil, exitcode.UsageError(errors.New("--kustomization FILE without --helmrelease wants the manifest files the Kustomization applies"))
	case o.Write:
		return nil, exitcode.UsageError(errors.New("--write is for a HelmRelease; put the printed entries under spec.patches of the Kustomization"))
	case len(o.Subst.Vars) > 0 || len(o.Subst.VarsFiles) > 0:
		return nil, exitcode.UsageError(errors.New("--var and --vars-file are for a HelmRelease's values: kustomize-controller substitutes after spec.patches"))
	}
	file := o.Subst.Kustomization
	data, err := o.Input.Read(file)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	ks, err := fluxks.Read(file, data)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	contracts, err := contract.ResolveAll(o.Contracts)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	var inputs []render.Input
	for _, f := range o.Manifests {
		data, err := o.Input.Read(f)
		if err != nil {
			return nil, exitcode.UsageError(err)
		}
		name := f
		if f == "-" {
			name = ""
		}
		inputs = append(inputs, render.Input{File: name, Data: data})
	}
	res := &Result{Report: report.Report{Command: "flux", Style: report.Lines}}
	out, err := fluxpatch.GenerateStream(fluxpatch.StreamOptions{Inputs: inputs, Contracts: contracts})
	switch {
	case errors.Is(err, render.ErrViolations):
		if out != nil {
			res.Report.Findings = out.Findings
		}
		return res, exitcode.FindingsError(err)
	case err != nil:
		return res, exitcode.UsageError(err)
	}
	block, err := out.KustomizationBlock(ks)
	if err != nil {
		return res, exitcode.InternalError(err)
	}
	if o.Verify {
		v, err := out.Verify()
		if err != nil {
			msgs := []string{err.Error()}
			var mismatch *kustomize.MismatchError
			if errors.As(err, &mismatch) {
				msgs = mismatch.Diffs
			}
			for _, m := range msgs {
				res.Report.Findings = append(res.Report.Findings, finding.Finding{Code: finding.PatchMismatch,
					Severity: finding.SeverityError, Pos: finding.Pos{File: file}, Message: m})
			}
			return res, exitcode.FindingsError(nil)
		}
		res.Notes = append(res.Notes, fmt.Sprintf("verified: kustomize with %d patches gives render's output for all %d objects", v.Patches, v.Objects))
	}
	res.Output = block
	return res, nil
}
