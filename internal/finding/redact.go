package finding

import "regexp"

const notShown = "(value not shown)"

// YAML readers (yaml.v2 and v3, and sigs.k8s.io/yaml over them) quote the
// offending value in some messages: "cannot decode !!str `s3cr3t` as a
// !!int", "invalid map key: map[…]{…}". Values may be secrets, so those
// parts never reach a message of ours: every finding's Text and
// yamlnode.RedactError go through Redact.
var (
	backquoted = regexp.MustCompile("`[^`]*`")
	mapKey     = regexp.MustCompile(`invalid map key: .*`)
)

// Redact removes the values a YAML reader quotes from msg.
func Redact(msg string) string {
	msg = backquoted.ReplaceAllString(msg, notShown)
	return mapKey.ReplaceAllString(msg, "a mapping key is a mapping or a list (not shown); use plain keys")
}
