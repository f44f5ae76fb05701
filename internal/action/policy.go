package action

import (
	"context"
	"errors"
	"fmt"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/policy"
)

// Policy is `envcontract policy`: the contracts as ValidatingAdmissionPolicies
// and their bindings, for the API server to enforce on objects Helm never
// renders.
type Policy struct {
	Contracts []string // -c: files or built-in names; none means bp-sandbox
	Actions   []string // --action: the bindings' validationActions; none means Deny
}

// Run generates the objects into Result.Output. Workloads with nothing to
// check at admission become notes; bad actions, an unreadable contract or
// contracts with nothing to enforce are usage errors.
func (o *Policy) Run(context.Context) (*Result, error) {
	if _, err := policy.CheckActions(o.Actions); err != nil {
		return nil, exitcode.UsageError(err)
	}
	contracts, err := contract.ResolveAll(o.Contracts)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	set, err := policy.Generate(contracts, policy.Options{Actions: o.Actions})
	if errors.Is(err, policy.ErrNothing) {
		return nil, exitcode.UsageError(err)
	}
	if err != nil {
		return nil, exitcode.InternalError(err)
	}
	out, err := set.Encode()
	if err != nil {
		return nil, exitcode.InternalError(err)
	}
	res := &Result{Output: out}
	for _, s := range set.Skipped {
		res.Notes = append(res.Notes, "skipped "+s)
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d ValidatingAdmissionPolicies with their bindings", len(set.Items)))
	return res, nil
}
