package lint

import "testing"

// BenchmarkLintRealShape lints the chart shaped like bp-sandbox (7
// templates, 62 schema properties): parse, walk, compare.
func BenchmarkLintRealShape(b *testing.B) {
	o := load(b, "testdata/realshape")
	b.ReportAllocs()
	for b.Loop() {
		fs, err := Run(o)
		if err != nil || len(fs) != 0 {
			b.Fatal(err, fs)
		}
	}
}
