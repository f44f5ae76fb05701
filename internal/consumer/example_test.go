package consumer_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/consumer"
)

func ExampleExtract() {
	res, err := consumer.Extract("../../fixtures/consumer/cmd/tool")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Reads {
		fmt.Println(r.Name, r.Locations)
	}
	// Output:
	// SANDBOX_TOKEN [main.go:14]
	// SANDBOX_TOOL [main.go:13]
}

func ExampleCompare() {
	res := &consumer.Result{Reads: []consumer.Read{
		{Name: "SANDBOX_ORG_ID", Locations: []consumer.Location{{File: "main.go", Line: 12, Column: 9}}},
		{Name: "SANDBOX_DEBUG", Locations: []consumer.Location{{File: "main.go", Line: 13, Column: 9}}},
		{Name: "SANDBOX_TOKEN", Locations: []consumer.Location{{File: "auth.go", Line: 4, Column: 9}}},
	}}
	set := []string{"ORG_ID", "SANDBOX_TOKEN"}
	optional := map[string]string{"SANDBOX_DEBUG": "off unless set"}
	readNotSet, setNotRead := consumer.Compare(res, set, optional)
	for _, r := range readNotSet {
		fmt.Println("read, never set:", r.Name, "at", r.Locations[0])
	}
	fmt.Println("set, never read:", setNotRead)
	// Output:
	// read, never set: SANDBOX_ORG_ID at main.go:12
	// set, never read: [ORG_ID]
}
