package yamlnode

import "strings"

var (
	tokenEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	tokenUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// EscapeToken writes a key as a JSON pointer token (RFC 6901): "~" as "~0",
// "/" as "~1".
func EscapeToken(key string) string { return tokenEscaper.Replace(key) }

// UnescapeToken is EscapeToken undone.
func UnescapeToken(tok string) string { return tokenUnescaper.Replace(tok) }

// JoinPointer builds a JSON pointer from keys.
func JoinPointer(keys ...string) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteByte('/')
		b.WriteString(EscapeToken(k))
	}
	return b.String()
}

// SplitPointer turns "/a/b~1c" into ["a", "b/c"]: JoinPointer undone. ""
// and "/" are both the root, with no keys.
func SplitPointer(p string) []string {
	if p == "" || p == "/" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = UnescapeToken(t)
	}
	return toks
}
