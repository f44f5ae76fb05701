package contract

import "strings"

// The patterns of schema/envcontract.schema.json as plain Go: compiling
// them as regular expressions at start-up cost more than half a
// millisecond. Each matcher accepts exactly the strings its pattern does
// (regexp semantics: ^ and $ anchor the whole text);
// FuzzPatternsMatchSchema holds them to the patterns in the schema file.

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool { return isLower(c) || isUpper(c) || isDigit(c) }

func isLowerAlnum(c byte) bool { return isLower(c) || isDigit(c) }

// word reports whether s is non-empty, made of bytes inner accepts, and
// starts and ends with a byte edge accepts: the [e]([i]*[e])? of the
// patterns. Non-ASCII bytes are in no class, as in the patterns.
func word(s string, inner, edge func(byte) bool) bool {
	if s == "" || !edge(s[0]) || !edge(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !inner(s[i]) {
			return false
		}
	}
	return true
}

// isEnvName: ^[A-Za-z_][A-Za-z0-9_]*$
func isEnvName(s string) bool {
	underOrAlnum := func(c byte) bool { return c == '_' || isAlnum(c) }
	return s != "" && !isDigit(s[0]) && word(s, underOrAlnum, underOrAlnum)
}

// isDNSLabel: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
func isDNSLabel(s string) bool {
	return word(s, func(c byte) bool { return c == '-' || isLowerAlnum(c) }, isLowerAlnum)
}

// isObjectName: ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$
func isObjectName(s string) bool {
	return word(s, func(c byte) bool { return c == '-' || c == '.' || isLowerAlnum(c) }, isLowerAlnum)
}

// isSecretName: ^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$
func isSecretName(s string) bool { return s == "" || isObjectName(s) }

// isLabelName is the name of a label key and a non-empty label value:
// [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?
func isLabelName(s string) bool {
	return word(s, func(c byte) bool { return c == '-' || c == '_' || c == '.' || isAlnum(c) }, isAlnum)
}

// isLabelValue: ^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$
func isLabelValue(s string) bool { return s == "" || isLabelName(s) }

// isLabelKey: an optional prefix of dot-separated DNS labels and '/', then
// a label name:
// ^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$
// Neither part holds a '/', so the first one splits them.
func isLabelKey(s string) bool {
	prefix, name, found := strings.Cut(s, "/")
	if !found {
		return isLabelName(s)
	}
	for _, part := range strings.Split(prefix, ".") {
		if !isDNSLabel(part) {
			return false
		}
	}
	return isLabelName(name)
}

// isSecretKey: ^[-._a-zA-Z0-9]+$
func isSecretKey(s string) bool {
	keyByte := func(c byte) bool { return c == '-' || c == '.' || c == '_' || isAlnum(c) }
	return word(s, keyByte, keyByte)
}

// isValuePath: ^[^.\t\n\f\r ]+(\.[^.\t\n\f\r ]+)*$, parts that are not empty and hold no
// ASCII white space (the same for Go regexp and an editor's ECMA-262 one).
func isValuePath(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if part == "" || strings.ContainsAny(part, "\t\n\f\r ") {
			return false
		}
	}
	return true
}

// fieldPaths are the fieldRef paths without a key.
var fieldPaths = []string{
	"metadata.name", "metadata.namespace", "metadata.uid",
	"spec.nodeName", "spec.serviceAccountName",
	"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
}

// isFieldRef: the fieldPaths, or metadata.labels['KEY'] or
// metadata.annotations['KEY'] with a KEY of at least one character and no
// "'" (the pattern's \['[^']+'\]).
func isFieldRef(s string) bool {
	for _, p := range fieldPaths {
		if s == p {
			return true
		}
	}
	for _, prefix := range []string{"metadata.labels['", "metadata.annotations['"} {
		if key, ok := strings.CutPrefix(s, prefix); ok {
			key, ok = strings.CutSuffix(key, "']")
			return ok && key != "" && !strings.Contains(key, "'")
		}
	}
	return false
}
