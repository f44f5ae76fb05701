package render

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/openova/envcontract/bench/streamgen"
	"github.com/openova/envcontract/internal/contract"
)

// BenchmarkRun is the post-renderer without process start: split, decode,
// edit and encode a Helm-like stream (bench/streamgen) with the built-in
// bp-sandbox contract, then write it to a buffer as the render command
// does. check runs the same pipeline in check mode, where nothing is
// encoded.
func BenchmarkRun(b *testing.B) {
	c, err := contract.Builtin("bp-sandbox-b4")
	if err != nil {
		b.Fatal(err)
	}
	for _, docs := range []int{2000, 20000} {
		data := streamgen.Bytes(docs)
		for _, check := range []bool{false, true} {
			name := fmt.Sprintf("docs=%d", docs)
			if check {
				name += "/check"
			}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					res, err := Run(Options{Contracts: []*contract.Contract{c}, Check: check}, Input{Data: data})
					if err != nil {
						b.Fatal(err)
					}
					var out bytes.Buffer
					if _, err := res.Streams[0].WriteTo(&out); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
