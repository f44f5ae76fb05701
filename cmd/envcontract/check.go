package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/report"
	"github.com/openova/envcontract/internal/values"
	"github.com/spf13/cobra"
)

const checkHelp = `Check rendered manifests against the env contract without changing them:
the CI gate. A stream passes exactly when render would leave it alone.

Reads the files given, or standard input when there are none (or "-").
Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 when the
input or the contract cannot be read.`

const checkExample = `  helm template sandbox ./chart -f overlay.yaml > rendered.yaml
  envcontract check rendered.yaml -f overlay.yaml
  envcontract check rendered.yaml -o sarif > envcontract.sarif`

type checkOptions struct {
	contracts contractFlags
	input     inputFlags
	values    values.Options
	output    string
	failOn    string
}

func newCheckCmd(in io.Reader, out io.Writer) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:     "check [FILE...]",
		Short:   "CI gate: report where manifests break the env contract",
		Long:    checkHelp,
		Example: checkExample,
		RunE: func(_ *cobra.Command, args []string) error {
			return o.run(in, out, args)
		},
	}
	o.contracts.add(cmd.Flags())
	o.input.add(cmd.Flags())
	values.AddFlags(cmd.Flags(), &o.values)
	cmd.Flags().StringVarP(&o.output, "output", "o", "text", "report format: "+strings.Join(report.Formats(), ", "))
	cmd.Flags().StringVar(&o.failOn, "fail-on", "error", "lowest severity that makes the exit status 1: error or warning")
	return cmd
}

func (o *checkOptions) run(in io.Reader, out io.Writer, files []string) error {
	threshold, err := parseSeverity(o.failOn)
	if err != nil {
		return usageError(err)
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	var inputs []render.Input
	for _, f := range files {
		data, err := o.input.read(f, in)
		if err != nil {
			return usageError(err)
		}
		name := f
		if f == "-" {
			name = ""
		}
		inputs = append(inputs, render.Input{File: name, Data: data})
	}
	contracts, err := o.contracts.load()
	if err != nil {
		return usageError(err)
	}
	vals, err := values.Load(helmsdk.ValuesOptions(o.values))
	if err != nil {
		return usageError(err)
	}
	res, err := render.Run(render.Options{Contracts: contracts, Values: vals, Check: true}, inputs...)
	if err != nil {
		return usageError(err)
	}
	if err := report.Write(out, o.output, res.Findings, report.Options{Color: isTerminal(out), Version: version}); err != nil {
		return usageError(err)
	}
	if worst, ok := finding.Worst(res.Findings); ok && worst >= threshold {
		return findingsError()
	}
	return nil
}

func parseSeverity(s string) (finding.Severity, error) {
	switch s {
	case "error":
		return finding.SeverityError, nil
	case "warning":
		return finding.SeverityWarning, nil
	default:
		return 0, fmt.Errorf("--fail-on must be error or warning, not %q", s)
	}
}

// isTerminal reports whether w is a terminal, where colour helps; pipes and
// files get plain text.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
