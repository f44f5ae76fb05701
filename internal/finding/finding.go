// Package finding is the one findings model of envcontract: every command
// reports what it found as Findings, and internal/report prints them.
//
// A Finding has a stable Code (documented in the README, one SARIF rule
// each), a Severity, a one-line Message and a Pos saying where in the input
// it is: file, line, column, document index, object and JSON pointer.
// Redaction is part of the model: Hide names values a finding must never
// show, and Text is the only way a writer reads a message.
package finding

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Severity orders findings; only SeverityError fails a command by default.
type Severity int

const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	default:
		return "error"
	}
}

// MarshalText makes a Severity print as its name in JSON reports.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	for _, sev := range []Severity{SeverityError, SeverityWarning, SeverityInfo} {
		if s == sev.String() {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("severity must be error, warning or info, not %q", s)
}

// Pos points into the input. File is a manifest path, Helm's "# Source:"
// path, the post-render filename annotation, a values file or a source name
// such as "--set"; Line and Col are 1-based, 0 when unknown. Doc is the
// 0-based index of the document in its stream (0 for single-document
// files, -1 when the finding is about no document). Object is
// "Kind/name" or "Kind/namespace/name"; Pointer a JSON pointer into the
// document (or into the merged values, for values findings).
type Pos struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"column,omitempty"`
	Doc     int    `json:"document"`
	Object  string `json:"object,omitempty"`
	Pointer string `json:"pointer,omitempty"`
}

// MarshalJSON leaves "document" out when the finding is about no document
// (Doc < 0): a line of Go source, say.
func (p Pos) MarshalJSON() ([]byte, error) {
	type plain Pos
	var doc *int
	if p.Doc >= 0 {
		doc = &p.Doc
	}
	return json.Marshal(struct {
		plain
		Doc *int `json:"document,omitempty"`
	}{plain(p), doc})
}

// String is "file:line:col", "file:line", "file", or the document index
// when there is no file.
func (p Pos) String() string {
	switch {
	case p.File != "" && p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.File != "" && p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	case p.File != "":
		return p.File
	case p.Line > 0:
		return fmt.Sprintf("document %d, line %d", p.Doc, p.Line)
	default:
		return fmt.Sprintf("document %d", p.Doc)
	}
}

// Compare orders positions by file, document, line and column.
func (p Pos) Compare(q Pos) int {
	return cmp.Or(
		cmp.Compare(p.File, q.File),
		cmp.Compare(p.Doc, q.Doc),
		cmp.Compare(p.Line, q.Line),
		cmp.Compare(p.Col, q.Col),
	)
}

// Finding is one change, violation or note.
type Finding struct {
	Code      Code     `json:"code"`
	Severity  Severity `json:"severity"`
	Workload  string   `json:"workload,omitempty"`  // the contract's workload name
	Container string   `json:"container,omitempty"` // container (or initContainer) name
	Env       string   `json:"env,omitempty"`       // the env name concerned
	Message   string   `json:"message"`             // one line; read it through Text
	Pos       Pos      `json:"position"`
	// Schema is the schema location of a values finding.
	Schema string `json:"schema,omitempty"`

	hidden []string
}

// Hide marks values that may be secret: Text never shows them, whatever the
// message says. It returns f for chaining.
func (f Finding) Hide(values ...string) Finding {
	for _, v := range values {
		if v != "" {
			f.hidden = append(slices.Clip(f.hidden), v)
		}
	}
	return f
}

// Text is the message as every report shows it: with the values Hide named
// and those a YAML reader quotes replaced by "(value not shown)".
func (f Finding) Text() string {
	msg := Redact(f.Message)
	for _, v := range f.hidden {
		msg = strings.ReplaceAll(msg, v, notShown)
	}
	return msg
}

// Redacted returns f with its message as Text gives it, for writers that
// encode the whole struct.
func (f Finding) Redacted() Finding {
	f.Message = f.Text()
	f.hidden = nil
	return f
}

// String is the finding on one line, for errors and logs: input in any of
// its fields is Cleaned, so it can never break the line.
func (f Finding) String() string {
	s := fmt.Sprintf("%s: %s", f.Pos, f.Severity)
	if f.Workload != "" {
		s += " [" + f.Workload + "]"
	}
	if f.Pos.Object != "" {
		s += " " + f.Pos.Object
	}
	if f.Container != "" {
		s += " container " + f.Container
	}
	return Clean(s + ": " + f.Text())
}

// Line is the finding as compilers print a diagnostic, the form validate
// and flux use: "POS: /pointer: message", with "warning: " or "info: "
// before the message when it is not an error.
func (f Finding) Line() string {
	ptr, msg := f.Pos.Pointer, f.Text()
	if ptr == "" {
		ptr = "/"
	}
	if f.Severity != SeverityError {
		msg = f.Severity.String() + ": " + msg
	}
	return Clean(f.Pos.String() + ": " + ptr + ": " + msg)
}

// Compare is the one order of findings: by position, then workload,
// container, env, pointer, code and message, so that reports are stable run
// to run.
func Compare(a, b Finding) int {
	if c := compareKeys(&a, &b); c != 0 {
		return c
	}
	return cmp.Compare(a.Message, b.Message)
}

// CompareShown is Compare on the messages as Text shows them: the order
// of the Redacted findings, without redacting every finding to sort them
// (a report of 340,000 findings). Only findings equal but for their
// message are redacted, and only to be compared.
func CompareShown(a, b *Finding) int {
	if c := compareKeys(a, b); c != 0 {
		return c
	}
	if a.Message == b.Message && len(a.hidden) == 0 && len(b.hidden) == 0 {
		return 0
	}
	return cmp.Compare(a.Text(), b.Text())
}

// compareKeys is Compare without the message.
func compareKeys(a, b *Finding) int {
	return cmp.Or(
		a.Pos.Compare(b.Pos),
		cmp.Compare(a.Container, b.Container),
		cmp.Compare(a.Env, b.Env),
		cmp.Compare(a.Pos.Pointer, b.Pos.Pointer),
		cmp.Compare(a.Code, b.Code),
	)
}

// Sort orders fs by Compare, keeping the order of equal findings.
func Sort(fs []Finding) { slices.SortStableFunc(fs, Compare) }

// Worst returns the highest severity among fs, and false when fs is empty.
func Worst(fs []Finding) (Severity, bool) {
	if len(fs) == 0 {
		return SeverityInfo, false
	}
	w := SeverityInfo
	for _, f := range fs {
		w = max(w, f.Severity)
	}
	return w, true
}

// Reaches reports whether any finding is at least as severe as threshold.
func Reaches(fs []Finding, threshold Severity) bool {
	w, ok := Worst(fs)
	return ok && w >= threshold
}
