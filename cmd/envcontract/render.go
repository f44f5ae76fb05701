package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/helmvalues"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/values"
	"github.com/spf13/cobra"
)

const renderHelp = `Apply the env contract to the manifests on standard input and write the
result to standard output: the Helm post-renderer.

Renames drifted env names in place, appends the canonical entries the
contract names (values from the chart values given with --chart, -f and
--set, else the contract's defaults), wires secrets only as secretKeyRefs
with optional: true, and leaves every document the contract does not change
byte for byte as it came.

When the contract is broken in a way render cannot fix (a secret given as a
literal, a duplicate env name, a forbidden name, an entry with no value),
nothing is written to standard output, the reasons go to standard error and,
because Helm 4 drops a post-renderer's standard error, are appended to the
log file (--log-file or $ENVCONTRACT_LOG_FILE).`

const renderExample = `  # Helm 3, with the plugin installed
  helm template sandbox ./chart -f overlay.yaml \
    --post-renderer helm --post-renderer-args envcontract \
    --post-renderer-args render --post-renderer-args -f --post-renderer-args overlay.yaml

  # Helm 4, with plugins/envcontract-render installed
  helm template sandbox ./chart -f overlay.yaml --post-renderer envcontract-render \
    --post-renderer-args -f --post-renderer-args overlay.yaml

  # by hand
  helm template sandbox ./chart | envcontract render --chart ./chart`

type renderOptions struct {
	contracts contractFlags
	input     inputFlags
	values    values.Options
	logFile   string
	verbose   bool
}

func newRenderCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	o := &renderOptions{}
	cmd := &cobra.Command{
		Use:     "render",
		Short:   "Helm post-renderer: fix the env of the manifests on stdin",
		Long:    renderHelp,
		Example: renderExample,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			err := o.run(in, out, errOut)
			if err != nil {
				o.log(err, errOut)
			}
			return err
		},
	}
	o.contracts.add(cmd.Flags())
	o.input.add(cmd.Flags())
	values.AddFlags(cmd.Flags(), &o.values)
	cmd.Flags().StringVar(&o.logFile, "log-file", os.Getenv("ENVCONTRACT_LOG_FILE"),
		"append the reason for a failure to this file (default $ENVCONTRACT_LOG_FILE)")
	cmd.Flags().BoolVarP(&o.verbose, "verbose", "v", false, "list every change on standard error")
	return cmd
}

func (o *renderOptions) run(in io.Reader, out, errOut io.Writer) error {
	data, err := o.input.read("-", in)
	if err != nil {
		return usageError(err)
	}
	contracts, err := o.contracts.load()
	if err != nil {
		return usageError(err)
	}
	vals, err := values.Load(helmvalues.Options(o.values))
	if err != nil {
		return usageError(err)
	}
	res, err := render.Run(render.Options{Contracts: contracts, Values: vals}, render.Input{Data: data})
	if errors.Is(err, render.ErrViolations) {
		return &exitError{code: exitFindings, err: violations(err, res.Findings)}
	}
	if err != nil {
		return usageError(err)
	}
	if o.verbose {
		for _, f := range res.Findings {
			fmt.Fprintln(errOut, f)
		}
	}
	// Every check is done: the stream goes straight to stdout, without a
	// buffer as large as itself.
	if res.Streams[0].Blank() {
		// Helm 4 refuses an empty post-render result; a disabled chart is
		// legitimately empty, so say so in a comment-only stream.
		_, err = io.WriteString(out, "# envcontract: the rendered stream holds no resources\n")
		return err
	}
	_, err = res.Streams[0].WriteTo(out)
	return err
}

// violations builds one error listing every finding of error severity, one
// per line, so stderr and the log file read the same.
func violations(err error, fs []finding.Finding) error {
	var b bytes.Buffer
	b.WriteString(err.Error() + ":")
	for _, f := range fs {
		if f.Severity == finding.SeverityError {
			b.WriteString("\n  " + f.String())
		}
	}
	return errors.New(b.String())
}

// log appends the failure to the log file, when one is set. A log that
// cannot be written must not hide the failure itself, so its own error only
// goes to stderr.
func (o *renderOptions) log(err error, errOut io.Writer) {
	if o.logFile == "" {
		return
	}
	_ = os.MkdirAll(filepath.Dir(o.logFile), 0o700)
	f, ferr := os.OpenFile(o.logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if ferr != nil {
		fmt.Fprintln(errOut, "envcontract: cannot write the log file:", ferr)
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s envcontract render failed: %v\n", time.Now().UTC().Format(time.RFC3339), err)
}
