package envedit

import (
	"testing"

	"github.com/openova/envcontract/internal/contract"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// BenchmarkWorkload is the edit step of render: the built-in mcp workload
// (2 renames, 15 entries to ensure, secrets, forbid) on one drifted MCP
// Deployment. The tree is copied each time, as the filter changes it.
func BenchmarkWorkload(b *testing.B) {
	c, err := contract.Builtin("bp-sandbox-b4")
	if err != nil {
		b.Fatal(err)
	}
	w := c.Workloads[0]
	if w.Name != "mcp" {
		b.Fatalf("the first built-in workload is %s, want mcp", w.Name)
	}
	doc, err := yaml.Parse(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: openova-sandbox-mcp
  namespace: sandbox-abc
  labels:
    app.kubernetes.io/name: openova-sandbox-mcp
spec:
  template:
    spec:
      containers:
        - name: mcp
          image: ghcr.io/openova/sandbox-mcp:0.9.1
          env:
            - name: ORG_ID
              value: acme
            - name: SOVEREIGN_FQDN
              value: acme.openova.example
            - name: MCP_LISTEN_ADDR
              value: ":8090"
`)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rec := &Recorder{}
		obj := yaml.NewRNode(yaml.CopyYNode(doc.YNode()))
		if _, err := (Workload{Rules: w, Rec: rec}).Filter(obj); err != nil {
			b.Fatal(err)
		}
		if !rec.Changed {
			b.Fatal("the workload changed nothing")
		}
	}
}
