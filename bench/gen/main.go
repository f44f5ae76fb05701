// Command gen writes a benchmark manifest stream (see package streamgen) to
// standard output or -o FILE.
//
//	go run ./bench/gen -docs 20000 -o /tmp/stream.yaml
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/openova/envcontract/bench/streamgen"
)

func main() {
	docs := flag.Int("docs", 2000, "number of documents")
	out := flag.String("o", "-", "output file; - is standard output")
	flag.Parse()
	if err := run(*docs, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(docs int, path string) error {
	var w io.Writer = os.Stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return streamgen.Write(w, docs)
}
