package values_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/values"
)

func ExampleLoad() {
	vals, err := values.Load(values.Options{Values: []string{"mcp.storage.s3Region=eu-west-1,enabled=true"}})
	if err != nil {
		panic(err)
	}
	fmt.Println(vals["mcp"].(map[string]any)["storage"], vals["enabled"])
	// Output:
	// map[s3Region:eu-west-1] true
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
