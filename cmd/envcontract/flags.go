package main

import (
	"fmt"
	"io"
	"os"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/stream"
	"github.com/spf13/pflag"
)

// contractFlags is -c/--contract, shared by the commands that apply a
// contract.
type contractFlags struct{ refs []string }

func (c *contractFlags) add(fs *pflag.FlagSet) { contract.AddFlag(fs, &c.refs) }

func (c *contractFlags) load() ([]*contract.Contract, error) { return contract.ResolveAll(c.refs) }

// inputFlags is the size limit every command that reads manifests takes.
type inputFlags struct{ maxBytes int64 }

func (i *inputFlags) add(fs *pflag.FlagSet) {
	fs.Int64Var(&i.maxBytes, "max-input-bytes", stream.DefaultMaxBytes, "refuse input larger than this many bytes")
}

// read reads one input: a file, or standard input for "-".
func (i *inputFlags) read(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return stream.Read(stdin, i.maxBytes)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := stream.Read(f, i.maxBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}
