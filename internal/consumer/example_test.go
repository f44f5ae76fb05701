package consumer_test

import (
	"github.com/openova/envcontract/internal/finding"

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
	// APP_DOT_IMPORTED [../../internal/config/dot.go:6:9]
	// SANDBOX_TOKEN [../../internal/config/config.go:20:9 main.go:14:19]
	// SANDBOX_TOOL [main.go:13:12]
}

func ExampleCompare() {
	res := &consumer.Result{Reads: []consumer.Read{
		{Name: "SANDBOX_ORG_ID", Locations: []finding.Pos{{File: "main.go", Line: 12, Col: 9, Doc: -1}}},
		{Name: "SANDBOX_DEBUG", Locations: []finding.Pos{{File: "main.go", Line: 13, Col: 9, Doc: -1}}},
		{Name: "SANDBOX_TOKEN", Locations: []finding.Pos{{File: "auth.go", Line: 4, Col: 9, Doc: -1}}},
	}}
	set := []string{"ORG_ID", "SANDBOX_TOKEN"}
	optional := map[string]string{"SANDBOX_DEBUG": "off unless set"}
	readNotSet, setNotRead := consumer.Compare(res, set, optional)
	for _, r := range readNotSet {
		fmt.Println("read, never set:", r.Name, "at", r.Locations[0])
	}
	fmt.Println("set, never read:", setNotRead)
	// Output:
	// read, never set: SANDBOX_ORG_ID at main.go:12:9
	// set, never read: [ORG_ID]
}
