package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/openova/envcontract/internal/finding"
)

var githubCommand = map[finding.Severity]string{
	finding.SeverityError:   "error",
	finding.SeverityWarning: "warning",
	finding.SeverityInfo:    "notice",
}

// writeGitHub prints one workflow command per finding:
//
//	::error file=templates/mcp.yaml,line=12,title=envcontract%3A forbidden::[mcp] Deployment/x, …: message
//
// file and line are left out when unknown (GitHub ignores a line without a
// file). See "Workflow commands for GitHub Actions" in GitHub's docs.
func writeGitHub(w io.Writer, r Report, _ Options) error {
	for _, f := range r.Findings {
		var props []string
		if f.Pos.File != "" {
			props = append(props, "file="+finding.Clean(escapeProperty(f.Pos.File)))
			if f.Pos.Line > 0 {
				props = append(props, "line="+strconv.Itoa(f.Pos.Line))
				if f.Pos.Col > 0 {
					props = append(props, "col="+strconv.Itoa(f.Pos.Col))
				}
			}
		}
		props = append(props, "title="+escapeProperty("envcontract: "+string(f.Code)))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", githubCommand[f.Severity], strings.Join(props, ","), finding.Clean(escapeData(describe(f)))); err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes a command's message the way the Actions toolkit does
// (toCommandValue + escapeData): % first, so the escapes stay unambiguous.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value: as data, plus the ':' and ','
// that would otherwise end the value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
