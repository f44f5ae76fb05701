package envcontract

import (
	"strings"

	"github.com/openova/envcontract/internal/finding"
)

// Severity ranks a finding. Only SeverityError fails a check.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Finding is one violation, change or note.
type Finding struct {
	// Code is stable, one per rule ("missing", "forbidden", "not-renamed",
	// …; the README lists them).
	Code     string
	Severity Severity
	// Workload is the contract workload's name, Container the container,
	// Env the env name concerned; each is empty when the finding is about
	// none.
	Workload, Container, Env string
	// Message is one line; it never shows a value that may be secret.
	Message string
	// File names the manifests (Options.File, else Helm's "# Source:"
	// comment of the document); Line and Column are 1-based, 0 when
	// unknown.
	File         string
	Line, Column int
	// Document is the 0-based index of the document in the stream, -1 when
	// the finding is about no document.
	Document int
	// Object is "Kind/name" or "Kind/namespace/name".
	Object string
}

// String is the finding on one line: "FILE:LINE: SEVERITY [WORKLOAD]
// OBJECT container CONTAINER: MESSAGE".
func (f Finding) String() string { return f.internal().String() }

func (f Finding) internal() finding.Finding {
	sev, _ := finding.ParseSeverity(string(f.Severity))
	return finding.Finding{Code: finding.Code(f.Code), Severity: sev, Workload: f.Workload, Container: f.Container,
		Env: f.Env, Message: f.Message,
		Pos: finding.Pos{File: f.File, Line: f.Line, Col: f.Column, Doc: f.Document, Object: f.Object}}
}

func fromInternal(fs []finding.Finding) []Finding {
	out := make([]Finding, len(fs))
	for i, f := range fs {
		f = f.Redacted()
		out[i] = Finding{Code: string(f.Code), Severity: Severity(f.Severity.String()), Workload: f.Workload,
			Container: f.Container, Env: f.Env, Message: f.Message, File: f.Pos.File, Line: f.Pos.Line,
			Column: f.Pos.Col, Document: f.Pos.Doc, Object: f.Pos.Object}
	}
	return out
}

// Result is what Check or Render found, in a stable order: by position,
// then container, env and code.
type Result struct {
	Findings []Finding
}

// Errors are the findings of severity error: those that fail a check.
func (r Result) Errors() []Finding { return r.bySeverity(SeverityError) }

// Warnings are the findings of severity warning.
func (r Result) Warnings() []Finding { return r.bySeverity(SeverityWarning) }

func (r Result) bySeverity(s Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity == s {
			out = append(out, f)
		}
	}
	return out
}

// String lists the findings, one per line.
func (r Result) String() string {
	lines := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		lines[i] = f.String()
	}
	return strings.Join(lines, "\n")
}
