package stream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/openova/envcontract/bench/streamgen"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Benchmarks of every step render takes, on the stream the issue 7 targets
// are measured on (bench/streamgen: 20,000 documents, 14 MB): read, split,
// decode (Parse), encode (Replace) and write. make bench runs them with
// -benchmem; BENCHMARKS.md has the numbers.

var helmLike = sync.OnceValue(func() []byte { return streamgen.Bytes(20000) })

// benchStream is a Helm 3 stream of n Deployments: the worst case, where
// every document is one render changes.
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

// onlyReader hides every method but Read, as a pipe's reader would.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func BenchmarkRead(b *testing.B) {
	data := helmLike()
	b.Run("pipe", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := Read(onlyReader{bytes.NewReader(data)}, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("file", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "stream.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Read(f, 0); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}

func BenchmarkSplit(b *testing.B) {
	data := helmLike()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Split(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeFloor is what reading the stream costs at least: one
// yaml.v3 decoder over all of it, as bench/floor does.
func BenchmarkDecodeFloor(b *testing.B) {
	data := helmLike()
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

// BenchmarkParse splits the stream and decodes every document, in order,
// as render does; "alone" decodes each with a decoder of its own, as
// Parse does for documents the shared decoder cannot serve.
func BenchmarkParse(b *testing.B) {
	data := helmLike()
	b.Run("in order", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			s, err := Split(data) // a Stream serves each document once
			if err != nil {
				b.Fatal(err)
			}
			for _, d := range s.Docs {
				if _, err := d.Parse(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("alone", func(b *testing.B) {
		s, err := Split(data)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			for _, d := range s.Docs {
				if _, err := d.parseAlone(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkReplace re-encodes (and verifies) one drifted MCP Deployment.
func BenchmarkReplace(b *testing.B) {
	s, err := Split(streamgen.Bytes(51))
	if err != nil {
		b.Fatal(err)
	}
	d := s.Docs[50]
	n, err := d.Parse()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(d.Body)))
	for b.Loop() {
		if err := d.Replace(n); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplaceLongEnv re-encodes and checks one Deployment with 50,000
// env entries (bench/streamgen's many-env): written in pieces, and whole as
// it was before (BENCHMARKS.md, "Memory on big inputs").
func BenchmarkReplaceLongEnv(b *testing.B) {
	var in bytes.Buffer
	if err := streamgen.WriteBig(&in, "many-env", 50000); err != nil {
		b.Fatal(err)
	}
	s, err := Split(in.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	d := s.Docs[0]
	n, err := d.Parse()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(d.Body)))
	b.Run("pieces", func(b *testing.B) {
		for b.Loop() {
			if err := d.Replace(n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			out, err := encode(n, d.compactSeq(n), 0)
			if err != nil {
				b.Fatal(err)
			}
			if err := d.verify(n, d.finish(out)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkReplaceAll is the worst case of render: every document changed.
func BenchmarkReplaceAll(b *testing.B) {
	data := benchStream(2000)
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

// BenchmarkWriteTo writes the stream with its MCP Deployments replaced into
// a buffer, as the render command does before it prints.
func BenchmarkWriteTo(b *testing.B) {
	data := helmLike()
	s, err := Split(data)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range s.Docs {
		if streamgen.KindOf(d.Index) == streamgen.MCP {
			n, err := d.Parse()
			if err != nil {
				b.Fatal(err)
			}
			if err := d.Replace(n); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var buf bytes.Buffer
		if _, err := s.WriteTo(&buf); err != nil {
			b.Fatal(err)
		}
	}
}
