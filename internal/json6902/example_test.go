package json6902_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/json6902"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// A rename becomes one "replace" of the name, behind tests that pin the
// container and the env list; value and position stay as the chart wrote
// them.
func ExampleDiff() {
	before := yaml.MustParse(`spec:
  containers:
    - name: mcp
      env:
        - {name: ORG_ID, value: acme}
`)
	after := yaml.MustParse(`spec:
  containers:
    - name: mcp
      env:
        - {name: SANDBOX_ORG_ID, value: acme}
`)
	ops, err := json6902.Diff(before.YNode(), after.YNode())
	if err != nil {
		panic(err)
	}
	text, err := json6902.Text(ops)
	if err != nil {
		panic(err)
	}
	fmt.Print(text)
	// Output:
	// - op: test
	//   path: /spec/containers/0/name
	//   value: "mcp"
	// # The list must hold exactly this one entry: each name is tested, then a
	// # marker added at the end must land at index 1; it is removed again.
	// - op: test
	//   path: /spec/containers/0/env/0/name
	//   value: "ORG_ID"
	// - op: add
	//   path: /spec/containers/0/env/-
	//   value:
	//     name: "envcontract: end of list"
	// - op: test
	//   path: /spec/containers/0/env/1/name
	//   value: "envcontract: end of list"
	// - op: remove
	//   path: /spec/containers/0/env/1
	// - op: replace
	//   path: /spec/containers/0/env/0/name
	//   value: "SANDBOX_ORG_ID"
}
