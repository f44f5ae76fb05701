package action

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/drift"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/postrender"
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
	size := 0
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
		size += len(data)
	}
	postrender.CollectSooner(size)
	contracts, err := contract.ResolveAll(o.Contracts)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	loaded, err := values.LoadWithOrigins(helmsdk.ValuesOptions(o.Values))
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	res, err := render.Run(render.Options{Contracts: contracts, Values: loaded.Values, Check: true}, inputs...)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	consumers, err := drift.Check(contracts, res.Seen)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	out := &Result{Report: report.Report{Command: "check", Findings: append(res.Findings, consumers...)}}
	out.Report.Findings = append(out.Report.Findings, contract.CheckChart(contracts, chartOf(o.Values.Chart, loaded))...)
	if finding.Reaches(out.Report.Findings, o.FailOn) {
		return out, exitcode.FindingsError(nil)
	}
	return out, nil
}

// chartOf is what --chart says of the chart: its name and version, read
// from Chart.yaml (or the archive); nothing without --chart.
func chartOf(path string, l *values.Loaded) contract.Chart {
	if path == "" || l == nil || l.Chart == nil || l.Chart.Metadata == nil {
		return contract.Chart{}
	}
	pos := finding.Pos{File: path}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		pos.File = filepath.Join(path, "Chart.yaml")
		if data, err := os.ReadFile(pos.File); err == nil {
			for i, line := range strings.Split(string(data), "\n") {
				if strings.HasPrefix(line, "version:") {
					pos.Line = i + 1
					break
				}
			}
		}
	}
	return contract.Chart{Name: l.Chart.Metadata.Name, Version: l.Chart.Metadata.Version, Pos: pos}
}
