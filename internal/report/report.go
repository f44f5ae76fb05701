package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/openova/envcontract/internal/finding"
)

// ErrUnknownFormat is returned by Write for a format not in Formats.
var ErrUnknownFormat = errors.New("unknown output format")

// Options tune a report.
type Options struct {
	// Color adds ANSI colours to the text format. Set it only when the
	// output is a terminal.
	Color bool
	// Version is envcontract's version, shown as SARIF's tool.driver.version.
	Version string
}

// writers maps each format to its writer, in the order Formats lists them.
var writers = []struct {
	name  string
	write func(io.Writer, []finding.Finding, Options) error
}{
	{"text", writeText},
	{"json", writeJSON},
	{"sarif", writeSARIF},
	{"github", writeGitHub},
}

// Formats lists the formats Write knows, for flag help.
func Formats() []string {
	names := make([]string, len(writers))
	for i, w := range writers {
		names[i] = w.name
	}
	return names
}

// Write prints fs to w in format. It sorts a copy of fs; the caller's slice
// is left as it was.
func Write(w io.Writer, format string, fs []finding.Finding, opts Options) error {
	for _, wr := range writers {
		if wr.name == format {
			sorted := append([]finding.Finding(nil), fs...)
			finding.Sort(sorted)
			return wr.write(w, sorted, opts)
		}
	}
	return fmt.Errorf("%w %q: use one of %s", ErrUnknownFormat, format, strings.Join(Formats(), ", "))
}

// Summary counts findings by severity.
type Summary struct {
	Total   int `json:"total"`
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// Summarize counts fs by severity.
func Summarize(fs []finding.Finding) Summary {
	s := Summary{Total: len(fs)}
	for _, f := range fs {
		switch f.Severity {
		case finding.SeverityError:
			s.Error++
		case finding.SeverityWarning:
			s.Warning++
		default:
			s.Info++
		}
	}
	return s
}

func (s Summary) String() string {
	if s.Total == 0 {
		return "no findings"
	}
	return fmt.Sprintf("%s: %s, %s, %d info", plural(s.Total, "finding"), plural(s.Error, "error"), plural(s.Warning, "warning"), s.Info)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// describe is a finding without its location and severity, for formats that
// carry those apart: "[mcp] Deployment/x, container mcp, env ORG_ID: message".
func describe(f finding.Finding) string {
	var b strings.Builder
	if f.Workload != "" {
		b.WriteString("[" + f.Workload + "] ")
	}
	var parts []string
	if f.Object != "" {
		parts = append(parts, f.Object)
	}
	if f.Container != "" {
		parts = append(parts, "container "+f.Container)
	}
	if f.Env != "" {
		parts = append(parts, "env "+f.Env)
	}
	if len(parts) > 0 {
		b.WriteString(strings.Join(parts, ", ") + ": ")
	}
	b.WriteString(f.Message)
	return b.String()
}
