package action

import (
	"context"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/drift"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/report"
	"github.com/openova/envcontract/internal/values"
)

// Check is `envcontract check`: the contract as a CI gate over rendered
// manifests, changing nothing.
type Check struct {
	Contracts []string // -c: files or built-in names; none means bp-sandbox
	Files     []string // manifest files; "-" (or none) is Input.Stdin
	Input     Input
	Values    values.Options
	FailOn    finding.Severity // the lowest severity that fails the run
}

// Run checks the manifests. The error is of class findings when a finding
// reaches FailOn (the Result holds them all), usage when an input or the
// contract cannot be read.
func (o *Check) Run(context.Context) (*Result, error) {
	files := o.Files
	if len(files) == 0 {
		files = []string{"-"}
	}
	var inputs []render.Input
	for _, f := range files {
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
	contracts, err := contract.ResolveAll(o.Contracts)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	vals, err := values.Load(helmsdk.ValuesOptions(o.Values))
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	res, err := render.Run(render.Options{Contracts: contracts, Values: vals, Check: true}, inputs...)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	consumers, err := drift.Check(contracts, res.Seen)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	out := &Result{Report: report.Report{Command: "check", Findings: append(res.Findings, consumers...)}}
	if finding.Reaches(out.Report.Findings, o.FailOn) {
		return out, exitcode.FindingsError(nil)
	}
	return out, nil
}
