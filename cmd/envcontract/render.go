package main

import (
	"errors"
	"io"

	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/postrender"
	"github.com/openova/envcontract/internal/render"
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

func newRenderCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	var o postrender.Options
	cmd := &cobra.Command{
		Use:     "render",
		Short:   "Helm post-renderer: fix the env of the manifests on stdin",
		Long:    renderHelp,
		Example: renderExample,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			o.Values = helmsdk.ValuesOptions(o.Values)
			err := runRender(o, in, out, errOut)
			if err != nil {
				postrender.Log(o.LogFile, err, errOut)
			}
			return err
		},
	}
	postrender.AddFlags(cmd.Flags(), &o)
	return cmd
}

func runRender(o postrender.Options, in io.Reader, out, errOut io.Writer) error {
	r, err := postrender.New(o)
	if err != nil {
		return exitcode.UsageError(err)
	}
	err = r.Render(in, out, errOut)
	if errors.Is(err, render.ErrViolations) {
		return exitcode.FindingsError(err)
	}
	return exitcode.UsageError(err)
}
