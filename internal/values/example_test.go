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
