// Package action composes envcontract's commands: for each, an options
// struct and a Run(ctx) that returns a Result and an error of an exitcode
// class. cmd/envcontract binds flags to the options, calls Run, hands the
// Result to internal/report and the error to exitcode.Code; nothing else.
//
// The one command not here is render: its action is internal/postrender,
// which both binaries run, so that the post-renderer binary links none of
// what the other commands need (go/types, kustomize's api, Helm's SDK).
package action

import (
	"github.com/openova/envcontract/internal/report"
)

// Result is what a command produced.
type Result struct {
	// Report holds the findings, for the report writer.
	Report report.Report
	// Output is what the command writes to standard output besides a report:
	// flux's postRenderers block, fn's ResourceList; nil for none.
	Output []byte
	// Notes are lines for standard error that say what was done ("wrote
	// spec.postRenderers …"), not findings.
	Notes []string
}
