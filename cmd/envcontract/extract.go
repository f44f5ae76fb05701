package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
)

const extractHelp = `List the environment variables a Go program reads, with each file:line that
reads it, how (directly, through a wrapper, through a library), whether the
program needs it and its default.

DIR is a package directory (a program's main package, say): that package and
every package of its module it imports are read. DIR/... reads every package
under DIR; a DIR with no Go files of its own reads as DIR/... does.

What counts as a read:
  - os.Getenv, os.LookupEnv, syscall.Getenv of a constant name (a literal, a
    constant of the module, a typed string constant, a concatenation), and
    every $NAME or ${NAME} in the string given to os.ExpandEnv or to os.Expand
    with os.Getenv;
  - a call with a constant name of a wrapper: a function or method of the
    module whose string parameter reaches os.Getenv (directly or through
    another wrapper). A wrapper that exits, panics or calls a Fatal function
    and has no fallback makes the name required; the fallback argument it
    returns, when a constant, is the default;
  - the struct fields that caarlos0/env, kelseyhightower/envconfig and
    sethvargo/go-envconfig read (tags, nested structs, prefixes), spf13/viper's
    BindEnv and SetEnvPrefix with AutomaticEnv, and scans of os.Environ tested
    with strings.HasPrefix: the last two are prefixes (NAME*).

Libraries are recognised by import path; nothing is built or downloaded, and
packages of other modules are never read. Test files, testdata, vendor and
nested modules are not read, nor are files that build constraints leave out
of the build for --goos/--goarch (default the host's). A read whose name is not
known statically is listed apart, with its location; it is never guessed.

Paths are relative to DIR (an imported package outside it starts with ../);
with several DIRs they start with the DIR given.

Output formats:
  text    one name per line with its locations and how it is read (default)
  yaml    a contract skeleton: require: (needed names) and optional: (names
          with a default, the default as the reason) to paste into a workload
  json    the report envelope: "result": {"reads": [{"name", "locations":
          [{"file", "line", "column"}], "via", "required", "default",
          "prefix"}]}; each dynamic read is a finding
  sarif, github   the dynamic reads, as findings

Exit status: 0, or 2 when a directory cannot be read, holds no Go file or
holds a file that does not parse.`

const extractExample = `  envcontract extract ./cmd/mcp-server
  envcontract extract ./... --goos windows
  envcontract extract ../mcp-server -o yaml >> contract-snippet.yaml
  envcontract extract ./services/a ./services/b -o json | jq -r '.result.reads[].name'`

// extractFormats writes a result; the keys are the -o values.
func newExtractCmd(out, errOut io.Writer) *cobra.Command {
	var format string
	var opts action.Extract
	cmd := &cobra.Command{
		Use:     "extract DIR|DIR/...",
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
			opts.Dirs = dirs
			res, err := opts.Run(cmd.Context())
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
	cmd.Flags().StringVar(&opts.GOOS, "goos", "", "read the build for this GOOS (default the host's)")
	cmd.Flags().StringVar(&opts.GOARCH, "goarch", "", "read the build for this GOARCH (default the host's)")
	return cmd
}
