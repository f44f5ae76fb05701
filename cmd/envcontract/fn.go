package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/openova/envcontract/internal/krmfn"
	"github.com/openova/envcontract/internal/stream"
	"github.com/spf13/cobra"
	"golang.org/x/term"
	"sigs.k8s.io/kustomize/kyaml/fn/framework"
)

const fnHelp = `Run the env contract as a KRM function: read a ResourceList on standard
input, write it on standard output with the items fixed and one result per
finding.

kustomize runs an exec function with no arguments, so envcontract with no
subcommand does the same when its standard input is a ResourceList; fn says
so explicitly. The functionConfig:

  apiVersion: envcontract.dev/v1alpha1
  kind: EnvContractFunction
  metadata:
    name: envcontract
    annotations:
      config.kubernetes.io/function: |
        exec:
          path: ./envcontract
  spec:
    contract: bp-sandbox    # built-in name or a contract file
    values: {}              # chart values the contract reads (fromValues)
    check: false            # only report what would change

Exit status: 0 done, 1 findings of error severity (the items are left as
they came), 2 unusable input.`

const fnExample = `  kustomize build --enable-alpha-plugins --enable-exec ./overlay
  kpt fn eval --exec ./envcontract -- contract=bp-sandbox`

// implicitWait is how long envcontract without a subcommand waits for the
// first byte of a standard input that is not a terminal before it prints
// help: kustomize writes the ResourceList as soon as it starts the
// function, but a shell or CI runner may leave standard input open and idle.
const implicitWait = 5 * time.Second

func newFnCmd(in io.Reader, out io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:     "fn",
		Short:   "KRM function: fix the items of a ResourceList on stdin (kustomize exec, kpt)",
		Long:    fnHelp,
		Example: fnExample,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			data, err := stream.Read(in, stream.DefaultMaxBytes)
			if err != nil {
				return usageError(err)
			}
			if !krmfn.IsResourceList(data) {
				return usageError(errors.New("standard input is not a ResourceList (kind ResourceList, apiVersion config.kubernetes.io/v1); " +
					"to fix a manifest stream run `envcontract render`"))
			}
			return runFn(data, out)
		},
	}
}

// runRoot is envcontract without a subcommand: the KRM function when
// standard input is a ResourceList, help otherwise.
func runRoot(cmd *cobra.Command, in io.Reader, out, errOut io.Writer) error {
	data, ok := readImplicit(in, implicitWait)
	if ok && krmfn.IsResourceList(data) {
		return runFn(data, out)
	}
	if len(bytes.TrimSpace(data)) > 0 {
		fmt.Fprintln(errOut, "envcontract: standard input is not a ResourceList; to fix a manifest stream run `envcontract render`")
	}
	return cmd.Help()
}

func runFn(data []byte, out io.Writer) error {
	err := krmfn.Run(bytes.NewReader(data), out)
	var results framework.Results
	if errors.As(err, &results) {
		return &exitError{code: results.ExitCode(), err: err}
	}
	if err != nil {
		return usageError(err)
	}
	return nil
}

// readImplicit reads standard input unless it is a terminal, or stays
// silent for wait. ok is false when nothing usable was read.
func readImplicit(in io.Reader, wait time.Duration) (data []byte, ok bool) {
	if f, isFile := in.(*os.File); isFile && term.IsTerminal(int(f.Fd())) {
		return nil, false
	}
	type result struct {
		data []byte
		err  error
	}
	first := make(chan struct{})
	done := make(chan result, 1)
	go func() {
		data, err := stream.Read(&firstRead{r: in, first: first}, stream.DefaultMaxBytes)
		done <- result{data, err}
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-first:
	case r := <-done:
		return r.data, r.err == nil
	case <-timer.C:
		return nil, false // the reader goroutine ends with the process
	}
	r := <-done
	return r.data, r.err == nil
}

// firstRead closes first when the first bytes arrive.
type firstRead struct {
	r     io.Reader
	first chan struct{}
	seen  bool
}

func (f *firstRead) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if n > 0 && !f.seen {
		f.seen = true
		close(f.first)
	}
	return n, err
}
