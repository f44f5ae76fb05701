package main

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// BenchmarkRunFixtureChart is the in-process part of what the Helm 4 plugin
// costs on `helm template` of the fixture chart (issue 16, BENCHMARKS.md):
// flags, the built-in contract, the values, the render of the stream Helm 4
// hands the plugin, and the write. Process start and package init are not
// in it; bench/compare times those with Helm.
//
// testdata/helm4-bp-sandbox-drifted-enabled.yaml is that stream as Helm
// v4.3.1 passed it to a plugin that tee'd its stdin:
//
//	helm template sandbox fixtures/charts/bp-sandbox-drifted -f fixtures/values/enabled.yaml --post-renderer TEE
func BenchmarkRunFixtureChart(b *testing.B) {
	in, err := os.ReadFile("testdata/helm4-bp-sandbox-drifted-enabled.yaml")
	if err != nil {
		b.Fatal(err)
	}
	args := []string{"-c", "bp-sandbox-b4", "-f", "../../fixtures/values/enabled.yaml", "--log-file", ""}
	var out bytes.Buffer
	if code := run(args, bytes.NewReader(in), &out, io.Discard); code != 0 || !bytes.Contains(out.Bytes(), []byte("name: SANDBOX_ORG_ID")) {
		b.Fatalf("exit %d, the contract was not applied:\n%s", code, out.String())
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if code := run(args, bytes.NewReader(in), &out, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
