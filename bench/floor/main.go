// Command floor is the lower bound a post-renderer is measured against: it
// reads a manifest stream from standard input and decodes every document
// into yaml.v3 nodes (through kyaml's alias of yaml.v3, the decoder
// envcontract uses), with one decoder over the whole stream, and writes
// nothing. It checks nothing either: no duplicate keys, no limits.
//
// With -echo it then writes its input back unchanged: the least a
// post-renderer built on kyaml can do, and so the floor of what one adds to
// helm template (the package initialisation kyaml brings included).
//
//	go run ./bench/floor < stream.yaml
//	helm template ... --post-renderer bin/floor --post-renderer-args -echo
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func main() {
	verbose := flag.Bool("v", false, "print the number of documents on stderr")
	echo := flag.Bool("echo", false, "write the input back to stdout after decoding it")
	flag.Parse()
	data, n, err := run(os.Stdin, sizeOf(os.Stdin))
	if err == nil && *echo {
		_, err = os.Stdout.Write(data)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	if *verbose {
		fmt.Fprintln(os.Stderr, n, "documents")
	}
}

// sizeOf returns the size of f when it is a regular file, else 0.
func sizeOf(f *os.File) int {
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return 0
	}
	return int(fi.Size())
}

// run reads r (into one buffer when its size is known, so that reading
// costs what it must and no more) and decodes every document. It returns
// what it read and the number of documents.
func run(r io.Reader, size int) ([]byte, int, error) {
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, 0, err
	}
	data := buf.Bytes()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	n := 0
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return data, n, nil
			}
			return data, n, err
		}
		n++
	}
}
