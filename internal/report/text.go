package report

import (
	"fmt"
	"io"
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

func writeText(w io.Writer, r Report, opts Options) error {
	if r.Style == Lines {
		return writeLines(w, r.Findings)
	}
	return writeTable(w, r.Findings, opts)
}

// writeLines prints "POS: /pointer: message", warnings and notes marked, as
// compilers and editors print diagnostics.
func writeLines(w io.Writer, fs []finding.Finding) error {
	for _, f := range fs {
		if _, err := fmt.Fprintln(w, finding.Clean(f.Line())); err != nil {
			return err
		}
	}
	return nil
}

// writeTable prints findings grouped by workload, in the order of their
// first finding; findings of no workload come last.
func writeTable(w io.Writer, fs []finding.Finding, opts Options) error {
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
		header := "workload " + finding.Clean(name)
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
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", finding.Clean(f.Pos.String()), sev,
				dash(f.Pos.Object), dash(f.Container), dash(f.Env), finding.Clean(f.Message))
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
	return finding.Clean(s)
}
