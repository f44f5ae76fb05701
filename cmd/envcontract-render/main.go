// Command envcontract-render is the Helm post-renderer on its own: the same
// render as `envcontract render`, in a binary that links only what
// rendering needs. The full envcontract also links the JSON Schema compiler
// and Helm's client-go, whose package initialisation alone takes longer
// than rendering a chart; this one starts in a few milliseconds
// (BENCHMARKS.md).
//
// A chart with dependencies is the exception: only Helm's own chartutil
// merges its values right, so envcontract-render hands such a run, with its
// arguments and streams, to `envcontract render` beside it or on PATH.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/spf13/pflag"

	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/postrender"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/values"
)

const usage = `envcontract-render: Helm post-renderer that applies the env contract to the
manifests on standard input (envcontract render, in a binary of its own).

Usage:
  helm template|install|upgrade ... \
    [--post-renderer-args -f --post-renderer-args values.yaml ...] --post-renderer envcontract-render

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var o postrender.Options
	fs := pflag.NewFlagSet("envcontract-render", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage+fs.FlagUsages()) }
	postrender.AddFlags(fs, &o)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		return 0
	case err == nil && fs.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q: every input comes from flags and standard input", fs.Arg(0))
	}
	if err != nil {
		return fail(o, exitcode.Usage, err, stderr)
	}

	r, err := postrender.New(o)
	if errors.Is(err, values.ErrDependencies) {
		return handOver(o, args, stdin, stdout, stderr)
	}
	if err == nil {
		err = r.Render(stdin, stdout, stderr)
	}
	switch {
	case errors.Is(err, render.ErrViolations):
		return fail(o, exitcode.Findings, err, stderr)
	case err != nil:
		return fail(o, exitcode.Usage, err, stderr)
	}
	return 0
}

func fail(o postrender.Options, code int, err error, stderr io.Writer) int {
	fmt.Fprintln(stderr, "Error:", finding.CleanLines(err.Error()))
	postrender.Log(o.LogFile, err, stderr)
	return code
}

// handOver runs `envcontract render` with the same arguments and streams,
// and returns its exit code. Nothing has been read from stdin yet.
func handOver(o postrender.Options, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	full, err := fullBinary()
	if err != nil {
		return fail(o, exitcode.Usage, fmt.Errorf("the chart has dependencies, whose values only envcontract "+
			"(the full binary) merges as Helm does, and it is not beside envcontract-render or on PATH: %w", err), stderr)
	}
	cmd := exec.Command(full, append([]string{"render"}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return fail(o, exitcode.Usage, fmt.Errorf("running %s render: %w", full, err), stderr)
	}
	return 0
}

// fullBinary finds envcontract beside this binary, else on PATH.
func fullBinary() (string, error) {
	if full, err := postrender.Beside("envcontract"); err == nil {
		return full, nil
	}
	return exec.LookPath("envcontract")
}
