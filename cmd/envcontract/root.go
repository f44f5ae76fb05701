package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/report"
)

func newRootCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "envcontract",
		Short: "Keep the env a workload is rendered with in line with the env its program reads",
		Long: `envcontract applies an env contract to Kubernetes manifests.

It renames drifted env names, injects the canonical entries with values from
chart values or contract defaults, wires secrets only as optional
secretKeyRefs, and checks the result, as a Helm post-renderer (render), a CI
gate (check), a values validator (validate), a template linter (lint), a Flux
patch generator (flux) and a Go source reader (extract).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// kustomize runs an exec KRM function with no arguments.
		RunE: func(cmd *cobra.Command, _ []string) error { return runRoot(cmd, in, out, errOut) },
	}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	root.AddCommand(
		newRenderCmd(in, out, errOut),
		newCheckCmd(in, out, errOut),
		newContractCmd(out),
		newExtractCmd(out, errOut),
		newInitCmd(in, out, errOut),
		newVersionCmd(out),
		newValidateCmd(in, out, errOut),
		newLintCmd(out, errOut),
		newFluxCmd(in, out, errOut),
		newFnCmd(in, out, errOut),
		newPolicyCmd(out, errOut),
		newWrapCmd("template", in, out, errOut),
		newWrapCmd("install", in, out, errOut),
		newWrapCmd("upgrade", in, out, errOut),
	)
	return root
}

// output is where and how a command's findings report is written.
type output struct {
	format string
	w      io.Writer
}

// addFlag registers -o for the report formats.
func (o *output) addFlag(cmd *cobra.Command, def string) {
	cmd.Flags().StringVarP(&o.format, "output", "o", def, "report format: "+joinFormats())
}

// finish writes what a command produced, in this order: the report, the
// notes on errOut, the output on out. It returns err, the command's, or a
// write error, which is no bug of envcontract's and keeps the default class.
func (o output) finish(res *action.Result, err error, out, errOut io.Writer) error {
	if res == nil {
		return err
	}
	if o.format != "" {
		opts := report.Options{Color: o.format == "text" && isTerminal(o.w), Version: version}
		if werr := report.Write(o.w, o.format, res.Report, opts); werr != nil {
			return werr
		}
	}
	for _, n := range res.Notes {
		for _, line := range strings.Split(n, "\n") {
			fmt.Fprintln(errOut, finding.Clean(line))
		}
	}
	if res.Output != nil {
		if _, werr := out.Write(res.Output); werr != nil {
			return werr
		}
	}
	return err
}

// checkFormat refuses an unknown -o before the command does any work.
func (o output) checkFormat() error { return exitcode.UsageError(report.CheckFormat(o.format)) }

func joinFormats() string { return strings.Join(report.Formats(), ", ") }

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
