package draft_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/draft"
	"github.com/openova/envcontract/internal/finding"
)

func at(line int) []finding.Pos { return []finding.Pos{{File: "main.go", Line: line, Col: 9, Doc: -1}} }

func ExampleDraft_Bytes() {
	info := "info"
	d := draft.Draft{Name: "api", From: []string{"rendered.yaml"}, Workloads: []draft.Workload{{
		Target: draft.Target{Kind: "Deployment", Name: "api", Container: "server"},
		Set:    []string{"APP_PORT", "ORG_ID"},
		Programs: []draft.Program{{Dir: "./cmd/server", Reads: &consumer.Result{Reads: []consumer.Read{
			{Name: "APP_PORT", Locations: at(10)},
			{Name: "LOG_LEVEL", Locations: at(11), Via: "envOr", Default: &info},
			{Name: "SANDBOX_KUBECONFIG", Locations: at(12), Required: true},
		}}}},
	}}}
	fmt.Print(string(d.Bytes()))
	// Output:
	// # A draft env contract written by `envcontract init` from rendered.yaml
	// # and the Go source of each workload's consumer. Review it before use: the
	// # TODO lists name env the program reads and nothing sets.
	// apiVersion: envcontract.dev/v1alpha1
	// kind: EnvContract
	// metadata:
	//   name: api
	// spec:
	//   workloads:
	//     - name: api
	//       match:
	//         kinds: [Deployment]
	//         names: [api]
	//       containers: [server]
	//       required: true # the stream holds it: check fails when it goes
	//       # Read by the program and set in the stream: check fails when one goes.
	//       require:
	//         - APP_PORT # read at main.go:10:9
	//       # Read with a default and set nowhere: the program falls back to it.
	//       optional:
	//         - name: LOG_LEVEL
	//           reason: read with the default "info" at main.go:11:9 via envOr
	//       # TODO: read by the program, without a default, and set nowhere. Set each in
	//       # the chart and add it to require:, or list it under optional: with a reason.
	//       #   - SANDBOX_KUBECONFIG # read at main.go:12:9; the program fails without it
	//       # Set in the stream and never read by the program (a drifted name, or read by
	//       # something else):
	//       #   - ORG_ID
	//       # Once the reads above are settled, let check compare the programs with the stream:
	//       # consumer: # goSource is relative to this file
	//       #   goSource: ./cmd/server
}
