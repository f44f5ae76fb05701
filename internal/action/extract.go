package action

import (
	"context"
	"fmt"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/report"
)

// Extract is `envcontract extract`: the env names a Go program reads.
type Extract struct {
	Dirs []string
}

// ExtractResult is a Result with the reads, for the formats that are not
// a findings report (text, yaml).
type ExtractResult struct {
	Result
	Reads *consumer.Result
}

// Run reads the programs. Each read whose name is not known statically is
// a finding; the reads are the report's result.
func (o *Extract) Run(context.Context) (*ExtractResult, error) {
	reads, err := consumer.Extract(o.Dirs...)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	var fs []finding.Finding
	for _, d := range reads.Dynamic {
		fs = append(fs, finding.Finding{Code: finding.DynamicRead, Severity: finding.SeverityInfo, Pos: d,
			Message: fmt.Sprintf("the program reads an env name not known statically at %s; check it by hand", d)})
	}
	return &ExtractResult{
		Result: Result{Report: report.Report{Command: "extract", Findings: fs, Style: report.Lines,
			Result: struct {
				Reads []consumer.Read `json:"reads"`
			}{reads.Reads}}},
		Reads: reads,
	}, nil
}
