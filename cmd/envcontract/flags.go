package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/stream"
)

// addMaxInputFlag is the size limit of every command that reads manifests.
func addMaxInputFlag(fs *pflag.FlagSet, in *action.Input) {
	fs.Int64Var(&in.MaxBytes, "max-input-bytes", stream.DefaultMaxBytes, "refuse input larger than this many bytes")
}

func errFailOn(s string) error { return fmt.Errorf("--fail-on must be error or warning, not %q", s) }
