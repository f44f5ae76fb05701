package contract

import (
	"errors"
	"fmt"
	"strings"

	"github.com/openova/envcontract/internal/finding"
)

// Sentinel errors; errors.Is matches them through the returned errors.
var (
	// ErrInvalid: the contract file is not valid YAML, breaks the schema or
	// holds contradictory rules. The error is an *InvalidError.
	ErrInvalid = errors.New("invalid contract")
	// ErrUnknownBuiltin: a name is neither a built-in contract nor a file.
	ErrUnknownBuiltin = errors.New("unknown built-in contract")
)

// problemLine formats a problem as FILE:LINE:COL: /pointer: message,
// leaving out the parts that are unknown.
func problemLine(p finding.Finding) string {
	s := p.Pos.String() + ": "
	if p.Pos.Pointer != "" {
		s += p.Pos.Pointer + ": "
	}
	return s + p.Text()
}

// InvalidError lists every problem found in one contract file, sorted by
// position. It matches ErrInvalid, and the YAML errors behind it (for
// example yamlnode.ErrDuplicateKey), with errors.Is.
type InvalidError struct {
	File     string
	Problems []finding.Finding // code finding.InvalidContract, sorted by position
	causes   []error
}

// Error prints one problem per line.
func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = problemLine(p)
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes ErrInvalid and the underlying YAML errors.
func (e *InvalidError) Unwrap() []error { return append([]error{ErrInvalid}, e.causes...) }

// problems collects the problems of one file.
type problems struct {
	file   string
	list   []finding.Finding
	causes []error
}

func (ps *problems) add(line, col int, pointer, format string, args ...any) {
	ps.list = append(ps.list, finding.Finding{Code: finding.InvalidContract, Severity: finding.SeverityError,
		Pos: finding.Pos{File: ps.file, Line: line, Col: col, Pointer: pointer}, Message: fmt.Sprintf(format, args...)})
}

// err returns nil when nothing was added, else an *InvalidError with the
// problems sorted and exact repeats dropped.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	finding.Sort(ps.list)
	out := ps.list[:1]
	for _, p := range ps.list[1:] {
		if finding.Compare(p, out[len(out)-1]) != 0 {
			out = append(out, p)
		}
	}
	return &InvalidError{File: ps.file, Problems: out, causes: ps.causes}
}
