package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/values"
)

const checkHelp = `Check rendered manifests against the env contract without changing them:
the CI gate. A stream passes exactly when render would leave it alone.

Reads the files given, or standard input when there are none (or "-").
Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 when the
input or the contract cannot be read.`

const checkExample = `  helm template sandbox ./chart -f overlay.yaml > rendered.yaml
  envcontract check rendered.yaml -f overlay.yaml
  envcontract check rendered.yaml -o sarif > envcontract.sarif`

func newCheckCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	o := &action.Check{Input: action.Input{Stdin: in}}
	rep := output{w: out}
	var failOn string
	cmd := &cobra.Command{
		Use:     "check [FILE...]",
		Short:   "CI gate: report where manifests break the env contract",
		Long:    checkHelp,
		Example: checkExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rep.checkFormat(); err != nil {
				return err
			}
			sev, err := finding.ParseSeverity(failOn)
			if err != nil || sev == finding.SeverityInfo {
				return exitcode.UsageError(fmt.Errorf("--fail-on must be error or warning, not %q", failOn))
			}
			o.FailOn, o.Files = sev, args
			res, err := o.Run(cmd.Context())
			return rep.finish(res, err, out, errOut)
		},
	}
	fs := cmd.Flags()
	contract.AddFlag(fs, &o.Contracts)
	stream.AddMaxBytesFlag(fs, &o.Input.MaxBytes)
	values.AddFlags(fs, &o.Values)
	rep.addFlag(cmd, "text")
	fs.StringVar(&failOn, "fail-on", "error", "lowest severity that makes the exit status 1: error or warning")
	return cmd
}
