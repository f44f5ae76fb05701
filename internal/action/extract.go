package action

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/report"
)

// Extract is `envcontract extract`: the env names a Go program reads.
type Extract struct {
	// Dirs are package directories, or DIR/... patterns.
	Dirs []string
	// GOOS and GOARCH pick the build whose files are read; empty is the
	// host's.
	GOOS, GOARCH string
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
	reads, err := consumer.Options{GOOS: o.GOOS, GOARCH: o.GOARCH}.Extract(o.Dirs...)
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

// ExtractListings are extract's own output formats, which are not findings
// reports: a table of names and a contract skeleton. They take the reads and
// the directories read.
var ExtractListings = map[string]func(io.Writer, *consumer.Result, []string) error{
	"text": writeExtractText,
	"yaml": writeExtractYAML,
}

func writeExtractText(w io.Writer, res *consumer.Result, _ []string) error {
	if len(res.Reads) == 0 && len(res.Dynamic) == 0 {
		_, err := fmt.Fprintln(w, "no env reads found")
		return err
	}
	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	for _, r := range res.Reads {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", finding.Clean(displayName(r)), joinLocations(r.Locations), finding.Clean(details(r)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, line := range strings.SplitAfter(table.String(), "\n") {
		if line != "" {
			fmt.Fprintln(w, strings.TrimRight(line, " \n"))
		}
	}
	if len(res.Dynamic) > 0 {
		if len(res.Reads) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, "reads whose name is not known statically:")
		for _, l := range res.Dynamic {
			fmt.Fprintf(w, "  %s\n", finding.Clean(l.String()))
		}
	}
	return nil
}

// displayName is a read's name, with * after a prefix.
func displayName(r consumer.Read) string {
	if r.Prefix {
		return r.Name + "*"
	}
	return r.Name
}

// details says how a name is read when it is not simply os.Getenv: the
// wrapper or library, required, the default.
func details(r consumer.Read) string {
	var parts []string
	if r.Via != "" && r.Via != "direct" {
		parts = append(parts, "via "+r.Via)
	}
	if r.Prefix {
		parts = append(parts, "every name with this prefix")
	}
	if r.Required {
		parts = append(parts, "required")
	}
	if r.Default != nil {
		parts = append(parts, "default "+strconv.Quote(*r.Default))
	}
	return strings.Join(parts, ", ")
}

// writeExtractYAML prints a contract skeleton a person can paste under a
// workload: a require: list of the names the program needs (required, or
// read with no default known), an optional: list of the names it falls back
// on a default for, with the default as the reason; prefixes and dynamic
// reads are comments to check by hand.
func writeExtractYAML(w io.Writer, res *consumer.Result, dirs []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Env names read by the Go source in %s (envcontract extract).\n", strings.Join(dirs, ", "))
	b.WriteString("# Paste the lists under a workload of an EnvContract; names that need a\n")
	b.WriteString("# value belong under env: instead.\n")
	var require, optional, prefixes []consumer.Read
	for _, r := range res.Reads {
		switch {
		case r.Prefix:
			prefixes = append(prefixes, r)
		case r.Default != nil && !r.Required:
			optional = append(optional, r)
		default:
			require = append(require, r)
		}
	}
	if len(require) == 0 && len(optional) == 0 {
		b.WriteString("require: []\n")
	}
	if len(require) > 0 {
		b.WriteString("require:\n")
	}
	for _, r := range require {
		name, err := yamlScalar(r.Name)
		if err != nil {
			return err
		}
		how := ""
		if d := details(r); d != "" {
			how = " (" + d + ")"
		}
		fmt.Fprintf(&b, "  # read at %s%s\n  - %s\n", joinLocations(r.Locations), finding.Clean(how), name)
	}
	if len(optional) > 0 {
		b.WriteString("optional:\n")
	}
	for _, r := range optional {
		name, err := yamlScalar(r.Name)
		if err != nil {
			return err
		}
		reason, err := yamlScalar(fmt.Sprintf("defaults to %s (via %s)", strconv.Quote(*r.Default), r.Via))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "  # read at %s\n  - name: %s\n    reason: %s\n", joinLocations(r.Locations), name, reason)
	}
	if len(prefixes) > 0 {
		b.WriteString("# Prefixes: the program reads every name that starts with one; check them by hand:\n")
		for _, r := range prefixes {
			fmt.Fprintf(&b, "#   %s (via %s) at %s\n", finding.Clean(r.Name), finding.Clean(r.Via), joinLocations(r.Locations))
		}
	}
	if len(res.Dynamic) > 0 {
		b.WriteString("# Reads whose name is not known statically; check them by hand:\n")
		for _, l := range res.Dynamic {
			fmt.Fprintf(&b, "#   %s\n", l)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// yamlScalar writes s as a one-line YAML string: plain when YAML reads it
// back as the same string, quoted otherwise (yes, 1.0, a: b, #x). Names with
// line breaks or other control characters get a double-quoted escape, which
// YAML reads like Go's.
func yamlScalar(s string) (string, error) {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(s), nil
	}
	out, err := yaml.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("write env name %q as YAML: %w", s, err)
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}

func joinLocations(locs []finding.Pos) string {
	parts := make([]string, len(locs))
	for i, l := range locs {
		parts[i] = l.String()
	}
	return strings.Join(parts, ", ")
}
