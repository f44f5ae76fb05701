package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/spf13/cobra"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/report"
)

const extractHelp = `List the environment variables a Go program reads: every name passed to
os.Getenv, os.LookupEnv or syscall.Getenv, with each file:line that reads it.

A name is found when it is a constant expression: a literal, a constant of the
same or another file or package of the module, a typed string constant, or a
concatenation of those. Test files, testdata, vendor and nested modules are
not read. A read whose name is not known statically is listed apart, with its
location; it is never guessed. Nothing is built or downloaded.

Paths are relative to DIR; with several DIRs they start with the DIR given.

Output formats:
  text    one name per line with its locations (default)
  yaml    a contract skeleton: a require: list to paste into a workload
  json    the report envelope: "result": {"reads": [{"name", "locations":
          [{"file", "line", "column"}]}]}; each dynamic read is a finding
  sarif, github   the dynamic reads, as findings

Exit status: 0, or 2 when a directory cannot be read, holds no Go file or
holds a file that does not parse.`

const extractExample = `  envcontract extract ./cmd/mcp-server
  envcontract extract ../mcp-server -o yaml >> contract-snippet.yaml
  envcontract extract ./services/a ./services/b -o json | jq -r '.result.reads[].name'`

// extractFormats writes a result; the keys are the -o values.
// extractListings are extract's own formats; the others are reports.
var extractListings = map[string]func(io.Writer, *consumer.Result, []string) error{
	"text": writeExtractText,
	"yaml": writeExtractYAML,
}

func newExtractCmd(out, errOut io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "extract DIR...",
		Short:   "List the env names a Go program reads, with file:line",
		Long:    extractHelp,
		Example: extractExample,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, dirs []string) error {
			listing, ok := extractListings[format]
			rep := output{format: format, w: out}
			if !ok {
				if err := rep.checkFormat(); err != nil {
					return err
				}
			}
			res, err := (&action.Extract{Dirs: dirs}).Run(cmd.Context())
			switch {
			case err != nil:
				return err
			case !ok:
				return rep.finish(&res.Result, nil, out, errOut)
			}
			return listing(out, res.Reads, dirs)
		},
	}
	cmd.Flags().StringVarP(&format, "output", "o", "text", "output format: text, yaml, json, sarif or github")
	return cmd
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
			fmt.Fprintf(w, "  %s\n", report.Clean(l.String()))
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
