package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/contract"
)

const policyHelp = `Print the env contract as ValidatingAdmissionPolicies and their bindings
(admissionregistration.k8s.io/v1, CEL, no webhook; GA since Kubernetes 1.30),
one pair per workload, so that the API server refuses a drifted object that
Helm never saw: manifests a controller writes into Git for Flux to apply.

At admission, on CREATE and UPDATE of the objects the workload selects (its
kinds and labels; its names through a matchCondition): required names and
env entries present, forbidden names absent, secret entries only as
valueFrom.secretKeyRef with optional: true, never a literal value. Renames
are render's job, not admission's; optional names and secretKeyRefs whose
Secret name the contract leaves empty are not required. The comment above
each policy says what it enforces.

--action sets the bindings' validationActions: Deny (the default), Warn,
Audit; repeat it for two (Warn with Audit, or Deny with Audit; Kubernetes
refuses Deny with Warn). Roll out with Warn first, then Deny.

Exit status: 0 printed; 2 a bad --action, an unreadable contract, or a
contract with nothing admission can check.`

const policyExample = `  envcontract policy --action Warn --action Audit > sandbox-policy.yaml
  envcontract policy -c ./contracts/my-app.yaml --action Deny | kubectl apply -f -`

func newPolicyCmd(out, errOut io.Writer) *cobra.Command {
	o := &action.Policy{}
	cmd := &cobra.Command{
		Use:     "policy",
		Short:   "Print ValidatingAdmissionPolicies that make the API server enforce the contract",
		Long:    policyHelp,
		Example: policyExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := o.Run(cmd.Context())
			return output{}.finish(res, err, out, errOut)
		},
	}
	fs := cmd.Flags()
	contract.AddFlag(fs, &o.Contracts)
	fs.StringArrayVar(&o.Actions, "action", nil, "validationAction of the bindings: Deny, Warn or Audit (repeatable; default Deny)")
	return cmd
}
