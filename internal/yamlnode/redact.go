package yamlnode

import "github.com/openova/envcontract/internal/finding"

// RedactError is err with finding.Redact applied to its message: YAML
// readers quote the offending value in some messages, and values may be
// secrets. It still matches what err matched with errors.Is and errors.As.
func RedactError(err error) error {
	if err == nil {
		return nil
	}
	return &redactedError{msg: finding.Redact(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
