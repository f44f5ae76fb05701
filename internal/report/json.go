package report

import (
	"encoding/json"
	"io"

	"github.com/openova/envcontract/internal/finding"
)

// Envelope is the `-o json` report of every command, described by
// schema/report.schema.json. Within an APIVersion fields are only ever
// added:
//
//	{
//	  "apiVersion": "envcontract.dev/report/v1",
//	  "kind": "Report",
//	  "command": "check",
//	  "findings": [
//	    {"code": "forbidden", "severity": "error", "workload": "mcp",
//	     "container": "mcp", "env": "ORG_ID", "message": "…",
//	     "position": {"file": "templates/mcp.yaml", "line": 12, "document": 3,
//	                  "object": "Deployment/openova-sandbox-mcp"}}
//	  ],
//	  "summary": {"total": 1, "error": 1, "warning": 0, "info": 0}
//	}
//
// Findings are sorted by finding.Compare and [] when there are none; empty
// fields are left out; "result" holds what the command produced besides
// findings (extract's reads), when it produced anything.
type Envelope struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Command    string            `json:"command"`
	Findings   []finding.Finding `json:"findings"`
	Summary    Summary           `json:"summary"`
	Result     any               `json:"result,omitempty"`
}

func writeJSON(w io.Writer, r Report, _ Options) error {
	fs := r.Findings
	if fs == nil {
		fs = []finding.Finding{}
	}
	return encodeJSON(w, Envelope{
		APIVersion: APIVersion, Kind: "Report", Command: r.Command,
		Findings: fs, Summary: Summarize(fs), Result: r.Result,
	})
}

// encodeJSON indents with two spaces and leaves <, > and & as they are, so
// that messages stay readable.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
