package yamlnode

import "regexp"

// YAML readers (yaml.v2 and v3, and sigs.k8s.io/yaml over them) quote the
// offending value in some messages: "cannot decode !!str `s3cr3t` as a
// !!int", "invalid map key: map[…]{…}". Values may be secrets, so those
// parts never reach a message of ours.
var (
	backquoted = regexp.MustCompile("`[^`]*`")
	mapKey     = regexp.MustCompile(`invalid map key: .*`)
)

// Redact removes the values a YAML reader quotes from its message.
func Redact(msg string) string {
	msg = backquoted.ReplaceAllString(msg, "(value not shown)")
	return mapKey.ReplaceAllString(msg, "a mapping key is a mapping or a list (not shown); use plain keys")
}

// RedactError is err with Redact applied to its message; it still matches
// what err matched with errors.Is and errors.As.
func RedactError(err error) error {
	if err == nil {
		return nil
	}
	return &redactedError{msg: Redact(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
