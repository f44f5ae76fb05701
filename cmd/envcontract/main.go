// Command envcontract keeps the environment a Kubernetes workload is rendered
// with in agreement with the environment its program reads. It runs as a Helm
// post-renderer, a CI gate, a values validator and a Flux patch generator.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
)

func main() {
	err := newRootCmd(os.Stdin, os.Stdout, os.Stderr).Execute()
	os.Exit(exit(err, os.Stderr))
}

// exit prints what err has to say on w, with control characters from input
// escaped, and returns the exit status for it.
func exit(err error, w io.Writer) int {
	if msg := exitcode.Message(err); msg != "" {
		fmt.Fprintln(w, "Error:", finding.CleanLines(msg))
	}
	return exitcode.Code(err)
}
