// Command envcontract keeps the environment a Kubernetes workload is rendered
// with in agreement with the environment its program reads. It runs as a Helm
// post-renderer, a CI gate, a values validator and a Flux patch generator.
package main

import (
	"fmt"
	"os"

	"github.com/openova/envcontract/internal/exitcode"
)

func main() {
	err := newRootCmd(os.Stdin, os.Stdout, os.Stderr).Execute()
	if msg := exitcode.Message(err); msg != "" {
		fmt.Fprintln(os.Stderr, "Error:", msg)
	}
	os.Exit(exitcode.Code(err))
}
