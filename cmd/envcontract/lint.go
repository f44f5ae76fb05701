package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
)

const lintHelp = `Hold a chart's templates to its values schema, without rendering.

The templates are parsed with Helm's function names, and the chart values
they use are followed through with, range, variables, index, get, dig,
include and template (their dict arguments too), required and default.
Each is compared with the schema:

  undeclared-value  a template reads a value the schema does not declare:
                    the schema is stale, or the key misspelt (an error
                    under additionalProperties: false, else a warning)
  dead-value        the schema declares a value no template reads (warning)
  shape-clash       range over a string, a map or list printed into text,
                    a key read from a scalar (error)
  unfollowed        an include named at run time, tpl, an index key known
                    only at run time: not checked there (info)

The schema is --schema FILE, else the chart's values.schema.json, else the
built-in bp-sandbox schema; stderr says which one ran. Subcharts are not
linted. Findings are at template FILE:LINE:COL (or the schema's line), with
the values' JSON pointer.
Exit status: 0 no finding reaches --fail-on (default error), 1 one does, 2 the
chart, the schema or a template cannot be read or parsed.`

const lintExample = `  envcontract lint ./platform/sandbox/chart
  envcontract lint ./chart --schema schema/bp-sandbox.values.schema.json -o sarif > lint.sarif`

func newLintCmd(out, errOut io.Writer) *cobra.Command {
	o := &action.Lint{}
	rep := output{w: out}
	var failOn string
	cmd := &cobra.Command{
		Use:     "lint CHART",
		Short:   "Compare the chart values a chart's templates use with its values schema",
		Long:    lintHelp,
		Example: lintExample,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rep.checkFormat(); err != nil {
				return err
			}
			sev, err := finding.ParseSeverity(failOn)
			if err != nil || sev == finding.SeverityInfo {
				return exitcode.UsageError(fmt.Errorf("--fail-on must be error or warning, not %q", failOn))
			}
			o.Chart, o.FailOn = args[0], sev
			res, err := o.Run(cmd.Context())
			return rep.finish(res, err, out, errOut)
		},
	}
	rep.addFlag(cmd, "text")
	cmd.Flags().StringVar(&failOn, "fail-on", "error", "lowest severity that makes the exit status 1: error or warning")
	cmd.Flags().StringVar(&o.Schema, "schema", "", "JSON Schema file to use instead of the chart's values.schema.json (or the built-in bp-sandbox schema)")
	return cmd
}
