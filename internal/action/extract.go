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
	Dirs []string
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
	reads, err := consumer.Extract(o.Dirs...)
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
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range res.Reads {
		fmt.Fprintf(tw, "%s\t%s\n", r.Name, joinLocations(r.Locations))
	}
	if err := tw.Flush(); err != nil {
		return err
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

// writeExtractYAML prints a contract skeleton: a require: list a person can
// paste under a workload, a comment per name saying where it is read, and
// the dynamic reads as comments to check by hand.
func writeExtractYAML(w io.Writer, res *consumer.Result, dirs []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Env names read by the Go source in %s (envcontract extract).\n", strings.Join(dirs, ", "))
	b.WriteString("# Paste the list under a workload of an EnvContract; names that need a\n")
	b.WriteString("# value belong under env: instead.\n")
	if len(res.Reads) == 0 {
		b.WriteString("require: []\n")
	} else {
		b.WriteString("require:\n")
	}
	for _, r := range res.Reads {
		name, err := yamlScalar(r.Name)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "  # read at %s\n  - %s\n", joinLocations(r.Locations), name)
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
