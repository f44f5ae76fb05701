package stream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// benchStream is a Helm 3 stream of n Deployments.
func benchStream(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `---
# Source: chart/templates/deploy-%d.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-%d
  labels:
    app.kubernetes.io/name: app-%d
  annotations: {}
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: app
        image: "registry.example.com/app:1.2.3"
        args:
        - --listen=:8080
        env:
        - name: ORG_ID
          value: "org-%d"
        - name: SOVEREIGN_FQDN
          valueFrom:
            fieldRef: {fieldPath: metadata.namespace}
        command:
        - /bin/sh
        - -c
        - |
          exec /app --verbose
`, i, i, i, i)
	}
	return []byte(b.String())
}

// BenchmarkDecodeFloor is what reading the stream costs at least: one
// yaml.v3 decoder over all of it.
func BenchmarkDecodeFloor(b *testing.B) {
	data := benchStream(20000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err != nil {
				if !errors.Is(err, io.EOF) {
					b.Fatal(err)
				}
				break
			}
		}
	}
}

func BenchmarkSplitWrite(b *testing.B) {
	data := benchStream(20000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s, err := Split(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitParseAll(b *testing.B) {
	data := benchStream(20000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s, err := Split(data)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range s.Docs {
			if _, err := d.Parse(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReplaceAll is the worst case of render: every document changed.
func BenchmarkReplaceAll(b *testing.B) {
	data := benchStream(20000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s, err := Split(data)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range s.Docs {
			n, err := d.Parse()
			if err != nil {
				b.Fatal(err)
			}
			if err := d.Replace(n); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := s.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
