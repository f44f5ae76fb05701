package stream

import (
	"errors"
	"strconv"

	"github.com/spf13/pflag"
)

// AddMaxBytesFlag registers --max-input-bytes, the input limit of every
// command that reads manifests. A limit of zero or less is refused when the
// flag is parsed: it used to mean the default silently.
func AddMaxBytesFlag(fs *pflag.FlagSet, max *int64) {
	*max = DefaultMaxBytes
	fs.Var((*maxBytes)(max), "max-input-bytes", "refuse input larger than this many bytes")
}

// maxBytes is an int64 flag that must be positive.
type maxBytes int64

func (m *maxBytes) String() string { return strconv.FormatInt(int64(*m), 10) }
func (m *maxBytes) Type() string   { return "int" }

func (m *maxBytes) Set(s string) error {
	n, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		return errors.New("not a whole number of bytes")
	}
	if n <= 0 {
		return errors.New("must be positive (it is a number of bytes; the default is " +
			strconv.FormatInt(DefaultMaxBytes, 10) + ")")
	}
	*m = maxBytes(n)
	return nil
}
