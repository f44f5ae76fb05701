package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/values"
)

const initHelp = `Print a draft env contract: for each consumer, the env its Go program reads
(as extract finds it) against the env its container carries in the
rendered stream.

  read and set in the stream        require: (check fails when one goes)
  read with a default, set nowhere  optional:, the default as the reason
  read, no default, set nowhere     a commented TODO list
  set and never read                a comment

FILE is a rendered manifest stream ("-", or none, is standard input) or a
chart directory, rendered in-process as "helm template release-name DIR"
with the -f and --set values given. A consumer is
KIND/NAME[/CONTAINER]=DIR: the object's kind and name, the container (needed
when the pod has more than one) and the directory of the program's Go
source (or DIR/...). Several consumers of one container are programs that
run in it (a child process): their reads are merged and goSource lists
them. The draft loads as a contract, and check passes with it on the same
stream.

The consumer: of a workload is written only when check would find nothing
about it; otherwise it is a comment to enable once the TODOs are settled.
A contract resolves goSource relative to the contract file: init writes DIR
relative to --contract-dir, or as given (then save the draft in the
directory init ran in).

Exit status: 0, or 2 when an input, a consumer or its source cannot be read.`

const initExample = `  helm template sandbox ./chart > rendered.yaml
  envcontract init rendered.yaml --consumer Deployment/sandbox-mcp/mcp=./cmd/mcp-server \
      --contract-dir contracts > contracts/sandbox.yaml
  envcontract check rendered.yaml -c contract.yaml
  envcontract init ./chart -f overlay.yaml --consumer StatefulSet/pty-server=../pty-server \
      --consumer StatefulSet/pty-server=../sandbox-mcp/cmd/openova-sandbox-mcp`

func newInitCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	o := &action.Init{Input: action.Input{Stdin: in}}
	rep := output{w: errOut}
	cmd := &cobra.Command{
		Use:     "init [FILE...] --consumer KIND/NAME[/CONTAINER]=DIR...",
		Short:   "Draft a contract from a rendered stream and the Go source of its consumers",
		Long:    initHelp,
		Example: initExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Files = args
			res, err := o.Run(cmd.Context())
			return rep.finish(res, err, out, errOut)
		},
	}
	fs := cmd.Flags()
	fs.StringArrayVar(&o.Consumers, "consumer", nil, "KIND/NAME[/CONTAINER]=DIR: a workload's container and its program's Go source (repeatable)")
	fs.StringVar(&o.Name, "name", "draft", "the draft's metadata.name")
	fs.StringVar(&o.ContractDir, "contract-dir", "", "directory the draft will be saved in: each consumer's goSource is written relative to it (default: DIR as given)")
	stream.AddMaxBytesFlag(fs, &o.Input.MaxBytes)
	values.AddFlags(fs, &o.Values)
	_ = fs.MarkHidden("chart") // the chart is a FILE here
	return cmd
}
