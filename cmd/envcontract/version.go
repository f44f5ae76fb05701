package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version and commit are set with -ldflags "-X main.version=… -X main.commit=…".
var (
	version = "dev"
	commit  = ""
)

func newVersionCmd(out io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of envcontract and of the libraries it is built with",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(out, "envcontract %s\n", version)
			c := commit
			deps := map[string]string{}
			if info, ok := debug.ReadBuildInfo(); ok {
				for _, s := range info.Settings {
					if s.Key == "vcs.revision" && c == "" {
						c = s.Value
					}
				}
				for _, d := range info.Deps {
					deps[d.Path] = d.Version
				}
			}
			if c != "" {
				fmt.Fprintf(out, "commit: %s\n", c)
			}
			fmt.Fprintf(out, "go: %s\n", runtime.Version())
			for _, p := range []string{"sigs.k8s.io/kustomize/kyaml", "helm.sh/helm/v3", "sigs.k8s.io/kustomize/api", "github.com/santhosh-tekuri/jsonschema/v6"} {
				if v, ok := deps[p]; ok {
					fmt.Fprintf(out, "%s: %s\n", p, v)
				}
			}
			return nil
		},
	}
}
