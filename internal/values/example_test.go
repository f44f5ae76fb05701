package values_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/values"
)

func ExampleLookup() {
	vals, err := values.Load(values.Options{Values: []string{"mcp.storage.s3Region=eu-west-1,enabled=true"}})
	if err != nil {
		panic(err)
	}
	region, ok := values.Lookup(vals, "mcp.storage.s3Region")
	fmt.Println(region, ok)
	_, ok = values.Lookup(vals, "mcp.keycloak.adminURL")
	fmt.Println(ok)
	// Output:
	// eu-west-1 true
	// false
}

func ExampleCheck() {
	l, err := values.LoadWithOrigins(values.Options{Values: []string{"enabled=1"}})
	if err != nil {
		panic(err)
	}
	s, err := values.Builtin(nil)
	if err != nil {
		panic(err)
	}
	for _, f := range values.Check(l, s) {
		fmt.Println(f)
	}
	// Output:
	// --set: /enabled: got number, want boolean
}
