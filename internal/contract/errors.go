package contract

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors; errors.Is matches them through the returned errors.
var (
	// ErrInvalid: the contract file is not valid YAML, breaks the schema or
	// holds contradictory rules. The error is an *InvalidError.
	ErrInvalid = errors.New("invalid contract")
	// ErrUnknownBuiltin: a name is neither a built-in contract nor a file.
	ErrUnknownBuiltin = errors.New("unknown built-in contract")
)

// Problem is one thing wrong with a contract file.
type Problem struct {
	File    string // as given to Load or Parse
	Line    int    // 1-based; 0 when unknown
	Column  int    // 1-based; 0 when unknown
	Pointer string // JSON pointer to the offending value; "" for YAML syntax errors
	Message string
}

// String formats the problem as FILE:LINE:COL: /pointer: message, leaving
// out the parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	b.WriteString(": ")
	if p.Pointer != "" {
		b.WriteString(p.Pointer + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// InvalidError lists every problem found in one contract file, sorted by
// position. It matches ErrInvalid, and the YAML errors behind it (for
// example yamlnode.ErrDuplicateKey), with errors.Is.
type InvalidError struct {
	File     string
	Problems []Problem
	causes   []error
}

// Error prints one problem per line.
func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes ErrInvalid and the underlying YAML errors.
func (e *InvalidError) Unwrap() []error { return append([]error{ErrInvalid}, e.causes...) }

// problems collects the problems of one file.
type problems struct {
	file   string
	list   []Problem
	causes []error
}

func (ps *problems) add(line, col int, pointer, format string, args ...any) {
	ps.list = append(ps.list, Problem{File: ps.file, Line: line, Column: col, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

// err returns nil when nothing was added, else an *InvalidError with the
// problems sorted and exact repeats dropped.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	sort.SliceStable(ps.list, func(i, j int) bool {
		a, b := ps.list[i], ps.list[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		return a.Message < b.Message
	})
	out := ps.list[:1]
	for _, p := range ps.list[1:] {
		if p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return &InvalidError{File: ps.file, Problems: out, causes: ps.causes}
}
