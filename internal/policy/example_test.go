package policy_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/policy"
)

func ExampleGenerate() {
	c, err := contract.Parse([]byte(`apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata: {name: shop}
spec:
  workloads:
    - name: api
      match: {kinds: [Deployment], names: [shop-api]}
      containers: [api]
      rename: [{from: DB_URL, to: DATABASE_URL}]
      forbid: [DB_URL]
      env:
        - name: DATABASE_PASSWORD
          secretKeyRef: {name: shop-db, key: password}
`), "shop.yaml")
	if err != nil {
		panic(err)
	}
	set, err := policy.Generate([]*contract.Contract{c}, policy.Options{Actions: []string{"Warn", "Audit"}})
	if err != nil {
		panic(err)
	}
	for _, it := range set.Items {
		fmt.Println(it.Policy.Metadata.Name, it.Binding.Spec.ValidationActions)
		for _, v := range it.Policy.Spec.Validations {
			fmt.Println(" ", v.Expression)
		}
		for _, l := range it.Comment[1:] {
			fmt.Println(" ", l)
		}
	}
	// Output:
	// envcontract.shop.api [Warn Audit]
	//   size(variables.secretLiterals) == 0
	//   size(variables.secretsNotRef) == 0
	//   size(variables.present) == 0
	//   size(variables.missing) == 0
	//   Required (present, any value): DATABASE_PASSWORD.
	//   Forbidden: DB_URL.
	//   Secrets (only valueFrom.secretKeyRef with optional: true, never a literal): DATABASE_PASSWORD.
	//   Renames are not admission's job (DB_URL→DATABASE_URL): render does them; here an old name is refused only if it is forbidden.
}
