package main

import (
	"fmt"
	"io"
	"strings"

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
		Short: "Print a built-in contract (default bp-sandbox)",
		Long: "Print a built-in contract as YAML, comments included, to read it or to start a\n" +
			"contract of your own from it. Built-in contracts: " + strings.Join(contract.BuiltinNames(), ", ") + ".",
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
	return cmd
}
