package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/krmfn"
	"github.com/openova/envcontract/internal/stream"
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

func newFnCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	rep := output{w: errOut}
	cmd := &cobra.Command{
		Use:     "fn",
		Short:   "KRM function: fix the items of a ResourceList on stdin (kustomize exec, kpt)",
		Long:    fnHelp,
		Example: fnExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if rep.format != "" {
				if err := rep.checkFormat(); err != nil {
					return err
				}
			}
			data, err := stream.Read(in, stream.DefaultMaxBytes)
			if err != nil {
				return exitcode.UsageError(err)
			}
			res, err := (&action.Fn{Data: data}).Run(cmd.Context())
			return rep.finish(res, err, out, errOut)
		},
	}
	cmd.Flags().StringVarP(&rep.format, "output", "o", "", "also write the findings to standard error as a report: "+joinFormats())
	return cmd
}

// runRoot is envcontract without a command: a KRM function when standard
// input is a ResourceList, else the help.
func runRoot(cmd *cobra.Command, in io.Reader, out, errOut io.Writer) error {
	data, ok := readImplicit(in, implicitWait)
	if ok && krmfn.IsResourceList(data) {
		res, err := (&action.Fn{Data: data}).Run(cmd.Context())
		return output{}.finish(res, err, out, errOut)
	}
	if len(bytes.TrimSpace(data)) > 0 {
		fmt.Fprintln(errOut, "envcontract: standard input is not a ResourceList; to fix a manifest stream run `envcontract render`")
	}
	return cmd.Help()
}

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
