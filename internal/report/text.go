package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/openova/envcontract/internal/finding"
)

// ANSI colours. Every severity uses a code of the same length, so the
// tabwriter, which counts escape bytes as width, still aligns the columns.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

var severityColor = map[finding.Severity]string{
	finding.SeverityError:   ansiRed,
	finding.SeverityWarning: ansiYellow,
	finding.SeverityInfo:    ansiCyan,
}

// writeText prints findings grouped by workload, in the order of their first
// finding; findings of no workload come last.
func writeText(w io.Writer, fs []finding.Finding, opts Options) error {
	var order []string
	groups := map[string][]finding.Finding{}
	for _, f := range fs {
		if _, ok := groups[f.Workload]; !ok && f.Workload != "" {
			order = append(order, f.Workload)
		}
		groups[f.Workload] = append(groups[f.Workload], f)
	}
	if _, ok := groups[""]; ok {
		order = append(order, "")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, name := range order {
		header := "workload " + name
		if name == "" {
			header = "no workload"
		}
		if opts.Color {
			header = ansiBold + header + ansiReset
		}
		fmt.Fprintln(tw, header)
		for _, f := range groups[name] {
			sev := f.Severity.String()
			if opts.Color {
				sev = severityColor[f.Severity] + sev + ansiReset
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", f.Location, sev,
				dash(f.Object), dash(f.Container), dash(f.Env), oneLine(f.Message))
		}
	}
	if len(fs) > 0 {
		fmt.Fprintln(tw)
	}
	fmt.Fprintln(tw, Summarize(fs))
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine keeps a message that breaks the one-line rule from breaking the
// table: line breaks and tabs are shown as escapes.
func oneLine(s string) string {
	return strings.NewReplacer("\r", `\r`, "\n", `\n`, "\t", `\t`).Replace(s)
}

// Document is the `-o json` report. It is stable: fields are only ever
// added. Findings use finding.Finding's JSON form, sorted by finding.Sort:
//
//	{
//	  "findings": [
//	    {"kind": "forbidden", "severity": "error", "workload": "mcp",
//	     "object": "Deployment/openova-sandbox-mcp", "container": "mcp",
//	     "env": "ORG_ID", "message": "…",
//	     "location": {"file": "templates/mcp.yaml", "line": 12, "document": 3}}
//	  ],
//	  "summary": {"total": 1, "error": 1, "warning": 0, "info": 0}
//	}
//
// severity is "error", "warning" or "info"; kind is one of the finding kinds
// (the SARIF rule ids); workload, object, container, env, location.file and
// location.line are left out when unknown; findings is [] when there are none.
type Document struct {
	Findings []finding.Finding `json:"findings"`
	Summary  Summary           `json:"summary"`
}

func writeJSON(w io.Writer, fs []finding.Finding, _ Options) error {
	if fs == nil {
		fs = []finding.Finding{}
	}
	return encodeJSON(w, Document{Findings: fs, Summary: Summarize(fs)})
}

// encodeJSON indents with two spaces and leaves <, > and & as they are, so
// that messages stay readable.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
