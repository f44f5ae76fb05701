package stream

import "github.com/spf13/pflag"

// AddMaxBytesFlag registers --max-input-bytes, the input limit of every
// command that reads manifests.
func AddMaxBytesFlag(fs *pflag.FlagSet, max *int64) {
	fs.Int64Var(max, "max-input-bytes", DefaultMaxBytes, "refuse input larger than this many bytes")
}
