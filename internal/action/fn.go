package action

import (
	"bytes"
	"context"
	"errors"

	"sigs.k8s.io/kustomize/kyaml/fn/framework"

	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/krmfn"
	"github.com/openova/envcontract/internal/report"
)

// ErrNotResourceList is returned by Fn.Run for input that is not a KRM
// ResourceList.
var ErrNotResourceList = errors.New("standard input is not a ResourceList (kind ResourceList, apiVersion config.kubernetes.io/v1); " +
	"to fix a manifest stream run `envcontract render`")

// Fn is `envcontract fn`: the contract as a KRM function over a
// ResourceList (kustomize exec functions, kpt).
type Fn struct {
	Data []byte // the ResourceList
}

// Run applies the function. Output is the ResourceList, with one result per
// finding; the error is of class findings when one is an error.
func (o *Fn) Run(context.Context) (*Result, error) {
	if !krmfn.IsResourceList(o.Data) {
		return nil, exitcode.UsageError(ErrNotResourceList)
	}
	var out bytes.Buffer
	fs, err := krmfn.Run(o.Data, &out)
	res := &Result{Report: report.Report{Command: "fn", Findings: fs}, Output: out.Bytes()}
	var results framework.Results
	switch {
	case errors.As(err, &results) && results.ExitCode() == exitcode.Findings:
		return res, exitcode.FindingsError(err)
	case err != nil:
		return res, exitcode.UsageError(err)
	}
	return res, nil
}
