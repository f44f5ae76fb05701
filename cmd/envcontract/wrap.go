package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
)

const wrapHelp = `Validate the chart values, then run helm %[1]s with the envcontract
post-renderer wired for the Helm version in use.

The arguments are helm %[1]s's own. envcontract reads the chart (the last
positional argument: a local directory or archive), -f/--values, --set,
--set-string and --set-file, and validates the merged values as
'envcontract validate' does (the chart's values.yaml first; the built-in
bp-sandbox schema, or --envcontract-schema, and the chart's own
values.schema.json). When they break the schema it stops with exit status 1:
the findings on standard error, nothing on standard output, Helm never run.

Otherwise it runs Helm ($HELM_BIN, else helm on PATH; as a Helm plugin,
HELM_BIN is the helm that runs the plugin) with every argument as given, plus
the post-renderer, which gets the same chart, values and contract:
  Helm 3: --post-renderer <dir of this binary>/envcontract-render ... (else
          --post-renderer <this binary> --post-renderer-args render ...)
  Helm 4: --post-renderer-args ... --post-renderer envcontract-render (the
          Helm 4 plugin plugins/envcontract-render must be installed)
Helm's standard output, standard error and exit status pass through. On
Helm 4, which drops a post-renderer's standard error, the reason for a failed
render is printed after Helm's own error (unless $ENVCONTRACT_LOG_FILE is
set: then it is appended there).

envcontract's own flags carry the prefix envcontract- so that they never meet
a Helm flag; they are not handed to Helm:
  --envcontract-contract FILE|NAME  contract of the post-renderer, and the
                                    secret env names the schema guards
                                    (repeatable; default bp-sandbox)
  --envcontract-schema FILE         values schema instead of the built-in one

--post-renderer is refused (the wrapper wires its own), and so is -f - (the
post-renderer reads the manifests on its standard input). A Helm flag that
envcontract does not know must be written --flag=VALUE.

Exit status: Helm's; 1 when the values break the schema; 2 for unusable
arguments or no usable Helm.`

const wrapExample = `  envcontract %[1]s sandbox ./bp-sandbox -f overlay.yaml --namespace sandbox-system
  helm envcontract %[1]s sandbox ./bp-sandbox -f overlay.yaml --set mcp.giteaBaseURL=https://git.example
  HELM_BIN=/opt/helm4/helm envcontract %[1]s sandbox ./bp-sandbox -f overlay.yaml \
      --envcontract-contract my-contract.yaml`

// newWrapCmd is `envcontract template|install|upgrade`. Helm's flags are
// read by helmrun.Parse, not cobra, so that every one reaches Helm as given.
func newWrapCmd(command string, in io.Reader, out, errOut io.Writer) *cobra.Command {
	use := command + " [NAME] CHART [helm flags]"
	if command == "upgrade" {
		use = command + " RELEASE CHART [helm flags]"
	}
	// The findings go to stderr: stdout is Helm's.
	rep := output{format: "text", w: errOut}
	return &cobra.Command{
		Use:                use,
		Short:              "Validate the values, then run helm " + command + " with the post-renderer wired",
		Long:               fmt.Sprintf(wrapHelp, command),
		Example:            fmt.Sprintf(wrapExample, command),
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := &action.Wrap{Command: command, Args: args, Stdin: in, Stdout: out, Stderr: errOut}
			res, err := o.Run(cmd.Context())
			if errors.Is(err, action.ErrHelp) {
				return cmd.Help()
			}
			return rep.finish(res, err, out, errOut)
		},
	}
}
