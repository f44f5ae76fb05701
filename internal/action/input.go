package action

import (
	"fmt"
	"io"
	"os"

	"github.com/openova/envcontract/internal/stream"
)

// Input is where a command reads manifests from.
type Input struct {
	Stdin    io.Reader
	MaxBytes int64 // as stream.Read takes it
}

// Read reads one input: a file, or standard input for "-".
func (i Input) Read(path string) ([]byte, error) {
	if path == "-" {
		return stream.Read(i.Stdin, i.MaxBytes)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := stream.Read(f, i.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}
