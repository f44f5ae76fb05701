package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command (README "Exit codes").
const (
	exitOK       = 0
	exitFindings = 1 // the input was read and breaks the contract or schema
	exitUsage    = 2 // bad flags, unreadable or malformed input
)

// exitError carries the exit code a command chose; main prints err (when
// set) on stderr and exits with code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as unusable input (exit 2).
func usageError(err error) error { return &exitError{code: exitUsage, err: err} }

// findingsError ends a command that reported findings (exit 1); the findings
// themselves have already been written.
func findingsError() error { return &exitError{code: exitFindings} }

func newRootCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "envcontract",
		Short: "Keep the env a workload is rendered with in line with the env its program reads",
		Long: `envcontract applies an env contract to Kubernetes manifests.

It renames drifted env names, injects the canonical entries with values from
chart values or contract defaults, wires secrets only as optional
secretKeyRefs, and checks the result, as a Helm post-renderer (render), a CI
gate (check), a values validator (validate), a Flux patch generator (flux) and
a Go source reader (extract).`,
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
		newCheckCmd(in, out),
		newContractCmd(out),
		newExtractCmd(out),
		newVersionCmd(out),
		newValidateCmd(in, out),
		newFluxCmd(out, errOut),
		newFnCmd(in, out),
		newWrapCmd("template", in, out, errOut),
		newWrapCmd("install", in, out, errOut),
		newWrapCmd("upgrade", in, out, errOut),
	)
	return root
}
