package contract

import "testing"

// BenchmarkParse is what every render pays to load the built-in contract:
// strict YAML, the shape check, the decode and the rules.
func BenchmarkParse(b *testing.B) {
	data, err := BuiltinSource("bp-sandbox")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, "builtin:bp-sandbox"); err != nil {
			b.Fatal(err)
		}
	}
}
