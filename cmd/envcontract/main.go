// Command envcontract keeps the environment a Kubernetes workload is rendered
// with in agreement with the environment its program reads. It runs as a Helm
// post-renderer, a CI gate, a values validator and a Flux patch generator.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	root := newRootCmd(os.Stdin, os.Stdout, os.Stderr)
	err := root.Execute()
	if err == nil {
		return
	}
	var exit *exitError
	if errors.As(err, &exit) {
		if exit.err != nil {
			fmt.Fprintln(os.Stderr, "Error:", exit.err)
		}
		os.Exit(exit.code)
	}
	fmt.Fprintln(os.Stderr, "Error:", err)
	os.Exit(exitUsage)
}
