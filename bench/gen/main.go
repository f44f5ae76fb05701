// Command gen writes a benchmark manifest stream (see package streamgen) to
// standard output or -o FILE.
//
//	go run ./bench/gen -docs 20000 -o /tmp/stream.yaml
//	go run ./bench/gen -big many-env -size 50000 -o /tmp/env.yaml
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
	big := flag.String("big", "", "write a big input of issue 17 instead: many-env, many-containers, many-drifted or edited-scalar")
	size := flag.Int64("size", 50000, "with -big: entries, containers, documents or bytes")
	flag.Parse()
	if err := run(*docs, *out, *big, *size); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(docs int, path, big string, size int64) error {
	var w io.Writer = os.Stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if big != "" {
		return streamgen.WriteBig(w, big, size)
	}
	return streamgen.Write(w, docs)
}
