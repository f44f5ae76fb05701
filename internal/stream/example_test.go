package stream_test

import (
	"fmt"
	"os"

	"github.com/openova/envcontract/internal/stream"
)

// A Helm 3 stream: only the Deployment is re-encoded; the ConfigMap, its
// odd indentation and the comment-only document leave as they came.
func Example() {
	in := `---
# Source: chart/templates/cm.yaml
kind: ConfigMap
data:   {a: b}
---
# Source: chart/templates/empty.yaml
---
# Source: chart/templates/deploy.yaml
kind: Deployment
spec:
  replicas: 1
`
	s, err := stream.Split([]byte(in))
	if err != nil {
		panic(err)
	}
	for _, d := range s.Docs {
		n, err := d.Parse()
		if err != nil {
			panic(err)
		}
		if n == nil || n.Content[0].Content[1].Value != "Deployment" {
			continue
		}
		spec := n.Content[0].Content[3]
		spec.Content[1].Value = "3"
		if err := d.Replace(n); err != nil {
			panic(err)
		}
		fmt.Printf("document %d (%s) replaced, replicas at stream line %d\n", d.Index, d.Source(), d.StreamLine(spec.Content[0].Line))
	}
	if _, err := s.WriteTo(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// document 2 (chart/templates/deploy.yaml) replaced, replicas at stream line 11
	// ---
	// # Source: chart/templates/cm.yaml
	// kind: ConfigMap
	// data:   {a: b}
	// ---
	// # Source: chart/templates/empty.yaml
	// ---
	// # Source: chart/templates/deploy.yaml
	// kind: Deployment
	// spec:
	//   replicas: 3
}
