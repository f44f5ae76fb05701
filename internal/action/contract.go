package action

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"
)

// ContractList is `envcontract contract list`: the built-in contracts, the
// chart versions each fits, and the workloads each names.
type ContractList struct{}

// Run writes one line per built-in contract to Result.Output.
func (o *ContractList) Run(context.Context) (*Result, error) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCHART VERSIONS\tWORKLOADS")
	for _, name := range contract.BuiltinNames() {
		c, err := contract.Builtin(name)
		if err != nil { // the built-ins are tested to load
			return nil, exitcode.InternalError(err)
		}
		versions := c.ChartVersions
		if versions == "" {
			versions = "any"
		}
		var workloads []string
		for _, w := range c.Workloads {
			workloads = append(workloads, w.Name)
		}
		if name == contract.DefaultName {
			name += " (default)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, versions, strings.Join(workloads, ", "))
	}
	if err := tw.Flush(); err != nil {
		return nil, exitcode.InternalError(err)
	}
	return &Result{Output: buf.Bytes()}, nil
}
