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

// APIVersion versions the JSON envelope; schema/report.schema.json
// describes it. Fields are only ever added within a version.
const APIVersion = "envcontract.dev/report/v1"

// Style picks the text layout; the other formats are the same for every
// command.
type Style int

const (
	// Table groups findings by workload in aligned columns (check).
	Table Style = iota
	// Lines prints one "POS: /pointer: message" line per finding
	// (validate, flux, extract), the form editors and compilers use.
	Lines
)

// Report is what a command hands the writer.
type Report struct {
	Command  string            // the command that produced it: "check", "validate", …
	Findings []finding.Finding // in any order; Write sorts a copy
	// Result is what the command produced besides findings, written as the
	// JSON envelope's "result" (extract's reads, flux's verification).
	Result any
	Style  Style
}

// Options tune a report.
type Options struct {
	// Color adds ANSI colours to the text format. Set it only when the
	// output is a terminal.
	Color bool
	// Version is envcontract's version, shown as SARIF's tool.driver.version.
	Version string
}

// writer writes a report in one format: either as a whole, with Findings
// sorted and redacted (write), or a finding at a time in order (stream).
type writer struct {
	name   string
	write  func(io.Writer, Report, Options) error
	stream func(io.Writer, Report, ordered, Options) error
}

// writers lists each format's writer, in the order Formats lists them.
var writers = []writer{
	{name: "text", write: writeText},
	{name: "json", write: writeJSON},
	{name: "sarif", stream: writeSARIF},
	{name: "github", write: writeGitHub},
}

// Formats lists the formats Write knows, for flag help.
func Formats() []string {
	names := make([]string, len(writers))
	for i, w := range writers {
		names[i] = w.name
	}
	return names
}

// CheckFormat returns ErrUnknownFormat (wrapped) unless format is one of
// Formats, so that a command can refuse a bad -o before it does any work.
func CheckFormat(format string) error {
	_, err := writerFor(format)
	return err
}

func writerFor(format string) (writer, error) {
	for _, wr := range writers {
		if wr.name == format {
			return wr, nil
		}
	}
	return writer{}, fmt.Errorf("%w %q: use one of %s", ErrUnknownFormat, format, strings.Join(Formats(), ", "))
}

// Write prints r to w in format. Every finding is redacted (finding.Text)
// and sorted (finding.Sort, on the redacted messages); the caller's slice is
// left as it was. A writer that streams reads each finding redacted as it
// writes it, in an order of indices, instead of a sorted copy of them all.
func Write(w io.Writer, format string, r Report, opts Options) error {
	wr, err := writerFor(format)
	if err != nil {
		return err
	}
	o := orderOf(r.Findings)
	if wr.stream != nil {
		return wr.stream(w, r, o, opts)
	}
	r.Findings = o.Copy()
	return wr.write(w, r, opts)
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
	if f.Pos.Object != "" {
		parts = append(parts, f.Pos.Object)
	}
	if f.Container != "" {
		parts = append(parts, "container "+f.Container)
	}
	if f.Env != "" {
		parts = append(parts, "env "+f.Env)
	}
	if f.Pos.Pointer != "" && f.Workload == "" {
		parts = append(parts, f.Pos.Pointer)
	}
	if len(parts) > 0 {
		b.WriteString(strings.Join(parts, ", ") + ": ")
	}
	b.WriteString(f.Message)
	return b.String()
}
