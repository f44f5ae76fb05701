package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/spf13/cobra"
)

func newContractCmd(out io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contract",
		Short: "Inspect contracts",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "show [NAME]",
		Short: "Print a built-in contract (default " + contract.DefaultName + ")",
		Long: "Print a built-in contract as YAML, comments included, to read it or to start a\n" +
			"contract of your own from it. Built-in contracts: " + strings.Join(contract.BuiltinNames(), ", ") +
			" (envcontract contract list says which chart versions each fits).",
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			name := contract.DefaultName
			if len(args) == 1 {
				name = args[0]
			}
			src, err := contract.BuiltinSource(name)
			if err != nil {
				return exitcode.UsageError(err)
			}
			_, err = fmt.Fprint(out, string(src))
			return err
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the built-in contracts and the chart versions each fits",
		Long: "List the built-in contracts: the chart versions each fits (spec.chartVersions)\n" +
			"and the workloads it names. Where the chart's version is known (--chart, CHART,\n" +
			"a HelmRelease's spec.chart.spec.version), a contract that does not fit it is\n" +
			"reported with the warning chart-version.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := (&action.ContractList{}).Run(cmd.Context())
			if err != nil {
				return err
			}
			_, err = out.Write(res.Output)
			return err
		},
	})
	return cmd
}
