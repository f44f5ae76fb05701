package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
)

const extractHelp = `List the environment variables a Go program reads: every name passed to
os.Getenv, os.LookupEnv or syscall.Getenv, and every $NAME or ${NAME} in the
string given to os.ExpandEnv or to os.Expand with os.Getenv, with each
file:line that reads it.

A name is found when it is a constant expression: a literal, a constant of the
same or another file or package of the module, a typed string constant, or a
concatenation of those. Test files, testdata, vendor and nested modules are
not read, nor are files that build constraints (//go:build lines, _GOOS and
_GOARCH file-name suffixes) leave out of a build for this host. A read whose name is not known statically is listed apart, with its
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
func newExtractCmd(out, errOut io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "extract DIR...",
		Short:   "List the env names a Go program reads, with file:line",
		Long:    extractHelp,
		Example: extractExample,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, dirs []string) error {
			listing, ok := action.ExtractListings[format]
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
