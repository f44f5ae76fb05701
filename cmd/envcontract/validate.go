package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/fluxsubst"
	"github.com/openova/envcontract/internal/values"
)

const validateHelp = `Validate chart values against a JSON Schema (draft 2020-12): the built-in
bp-sandbox schema, or --schema FILE. With CHART, its values.yaml is merged
first and its own values.schema.json (and its subcharts') is checked too, as
Helm does. -f, --set, --set-string and --set-file work as in Helm; a null
deletes a default. The bp-sandbox chart's values changed after 0.1.x: the
chart's version (or the one a HelmRelease pins) picks the built-in schema,
and a note on stderr says which. Without CHART the values are merged over
the schema's defaults, as Helm merges them over the chart's.

--helmrelease FILE takes spec.values from a Flux HelmRelease after Flux's
postBuild substitution, done as kustomize-controller does it: variables from
--kustomization (spec.postBuild.substitute), --vars-file (a flat YAML map, a
ConfigMap or a Secret: what substituteFrom would read in a cluster, which is
not possible offline) and --var, in rising precedence; strict by default
(Flux 2.9), --strict=false for older clusters. The HelmRelease values sit
between the chart's values and -f files. spec.valuesFrom is not read.

--each validates every FILE argument on its own (each on top of -f and below
--set), compiling the schemas once: use it for many values files.

Each finding is printed as FILE:LINE:COL: /json/pointer: message, naming the
file the offending value came from ("--set" for the command line). Values
that may be secret are never printed.
Exit status: 0 clean (warnings allowed), 1 findings, 2 unusable input.`

const validateExample = `  envcontract validate ./bp-sandbox -f overlay.yaml --set enabled=true
  envcontract validate ./bp-sandbox --helmrelease clusters/hz/bp-sandbox.yaml \
      --kustomization clusters/hz/kustomization-flux.yaml --var SANDBOX_ENABLED=true
  envcontract validate --chart ./bp-sandbox --each overlays/*.yaml -o json`

func newValidateCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	o := &action.Validate{}
	rep := output{w: out}
	cmd := &cobra.Command{
		Use:     "validate [CHART] | --each FILE...",
		Short:   "Validate chart values (files, --set, a Flux HelmRelease) against the values schema",
		Long:    validateHelp,
		Example: validateExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rep.checkFormat(); err != nil {
				return err
			}
			o.Files, o.Values.Stdin = args, in
			res, err := o.Run(cmd.Context())
			return rep.finish(res, err, out, errOut)
		},
	}
	fs := cmd.Flags()
	values.AddFlags(fs, &o.Values)
	contract.AddFlag(fs, &o.Contracts)
	rep.addFlag(cmd, "text")
	fs.StringVar(&o.Schema, "schema", "", "JSON Schema file to use instead of the built-in bp-sandbox schema")
	fs.BoolVar(&o.Each, "each", false, "validate each FILE argument separately with one compiled schema")
	fs.StringVar(&o.HelmRelease, "helmrelease", "", "Flux HelmRelease whose spec.values are validated after postBuild substitution")
	fluxsubst.AddFlags(fs, &o.Subst)
	return cmd
}
