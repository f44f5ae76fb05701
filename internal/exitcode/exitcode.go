// Package exitcode is the one table of envcontract's exit statuses and the
// error classes that choose them. Commands return errors of a class; main
// calls Code once.
//
//	0  done; no finding reached the failure threshold
//	1  findings: the input was read and breaks the contract or the schema
//	2  unusable input: bad flags, a file that cannot be read or parsed
//	3  internal: envcontract itself failed (a bug; please report it)
//
// A wrapped program's own status (helm, for `envcontract template`) passes
// through as Status.
package exitcode

import (
	"errors"
	"fmt"
)

// The exit statuses.
const (
	OK       = 0
	Findings = 1
	Usage    = 2
	Internal = 3
)

// Class sentinels: errors.Is(err, ErrFindings) tells a caller which class an
// error is of.
var (
	ErrFindings = errors.New("findings")       // the input breaks the contract or schema
	ErrUsage    = errors.New("unusable input") // flags or input envcontract cannot use
	ErrInternal = errors.New("internal error") // a bug
)

// classified is an error of a class; it prints as the error it wraps.
type classified struct {
	class error
	err   error
}

func (e *classified) Error() string {
	if e.err == nil {
		return e.class.Error()
	}
	return e.err.Error()
}

func (e *classified) Unwrap() []error {
	if e.err == nil {
		return []error{e.class}
	}
	return []error{e.class, e.err}
}

// FindingsError marks err (nil: the findings were already reported) as
// findings, exit 1.
func FindingsError(err error) error { return &classified{ErrFindings, err} }

// UsageError marks err as unusable input, exit 2.
func UsageError(err error) error {
	if err == nil {
		return nil
	}
	return &classified{ErrUsage, err}
}

// InternalError marks err as envcontract's own failure, exit 3.
func InternalError(err error) error {
	if err == nil {
		return nil
	}
	return &classified{ErrInternal, err}
}

// Status is the exit status of a program envcontract ran, passed through.
type Status int

func (s Status) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// Code is the exit status for err. An error of no class is unusable input:
// what envcontract did not classify came from outside it.
func Code(err error) int {
	var status Status
	switch {
	case err == nil:
		return OK
	case errors.As(err, &status):
		return int(status)
	case errors.Is(err, ErrInternal):
		return Internal
	case errors.Is(err, ErrFindings):
		return Findings
	default:
		return Usage
	}
}

// Message is what main prints for err on standard error, or "" when there is
// nothing to add (findings already reported, a passed-through status).
func Message(err error) string {
	var status Status
	var c *classified
	switch {
	case err == nil, errors.As(err, &status):
		return ""
	case errors.As(err, &c) && c.err == nil:
		return ""
	}
	return err.Error()
}
