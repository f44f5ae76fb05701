// Package streamgen writes the Helm-like manifest streams the benchmarks
// read (issue 7): a platform repo rendered into one stream.
//
// Of every 100 documents, one is a drifted MCP Deployment in a sandbox
// namespace of its own (the bare ORG_ID and SOVEREIGN_FQDN the bp-sandbox
// contract renames); of the others, every third is an ordinary Deployment
// with 20 env entries, and the rest are ConfigMaps. Every document starts
// with Helm 3's "---" and "# Source:" lines. The output depends only on the
// document count, so two runs of the harness read the same bytes.
//
// 20,000 documents come to about 13 MB.
package streamgen

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Kind of the document at one position of a stream.
type Kind int

const (
	ConfigMap  Kind = iota
	Deployment      // an ordinary Deployment with 20 env entries
	MCP             // a drifted MCP Deployment the contract selects
)

// KindOf tells what Write puts at index i.
func KindOf(i int) Kind {
	switch {
	case i%100 == 50:
		return MCP
	case i%3 == 0:
		return Deployment
	default:
		return ConfigMap
	}
}

// Count returns how many documents of kind k a stream of n documents holds.
func Count(n int, k Kind) int {
	c := 0
	for i := range n {
		if KindOf(i) == k {
			c++
		}
	}
	return c
}

// Write writes a stream of n documents to w.
func Write(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var b strings.Builder
	for i := range n {
		b.Reset()
		switch KindOf(i) {
		case MCP:
			mcp(&b, i)
		case Deployment:
			deployment(&b, i)
		default:
			configMap(&b, i)
		}
		if _, err := bw.WriteString(b.String()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Bytes returns the stream of n documents.
func Bytes(n int) []byte {
	var b strings.Builder
	_ = Write(&b, n) // a strings.Builder does not fail
	return []byte(b.String())
}

func mcp(b *strings.Builder, i int) {
	id := "sb" + strconv.Itoa(i)
	fmt.Fprintf(b, `---
# Source: sandboxes/templates/mcp-deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: openova-sandbox-mcp
  namespace: sandbox-%[1]s
  labels:
    app.kubernetes.io/name: openova-sandbox-mcp
    app.kubernetes.io/managed-by: Helm
    openova.io/sandbox: %[1]s
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: openova-sandbox-mcp
      openova.io/sandbox: %[1]s
  template:
    metadata:
      labels:
        app.kubernetes.io/name: openova-sandbox-mcp
        openova.io/sandbox: %[1]s
    spec:
      serviceAccountName: openova-sandbox-mcp
      containers:
        - name: mcp
          image: "ghcr.io/openova/sandbox-mcp:0.9.1"
          ports:
            - name: mcp
              containerPort: 8090
          env:
            - name: ORG_ID
              value: "org-%[1]s"
            - name: SOVEREIGN_FQDN
              value: "acme.openova.example"
            - name: MCP_LISTEN_ADDR
              value: ":8090"
`, id)
}

func deployment(b *strings.Builder, i int) {
	// Written as controllers and kubectl write it: compact sequences.
	name := "svc-" + strconv.Itoa(i)
	fmt.Fprintf(b, `---
# Source: platform/templates/%[1]s.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  labels:
    app.kubernetes.io/name: %[1]s
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
  template:
    metadata:
      labels:
        app.kubernetes.io/name: %[1]s
    spec:
      containers:
      - name: app
        image: reg.example/%[1]s:1.4.2
        env:
`, name)
	for e := range 20 {
		if e%5 == 4 {
			fmt.Fprintf(b, "        - name: TOKEN_%d\n          valueFrom:\n            secretKeyRef: {name: %s, key: t}\n", e, name)
			continue
		}
		fmt.Fprintf(b, "        - name: SETTING_%d\n          value: \"%d\"\n", e, i+e)
	}
}

func configMap(b *strings.Builder, i int) {
	fmt.Fprintf(b, `---
# Source: platform/templates/config-%[1]d.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: config-%[1]d
data:
  LOG_LEVEL: info
  endpoint: http://svc-%[1]d.platform:8080
  settings.yaml: |
    retries: 3
    timeout: 30s
`, i)
}
