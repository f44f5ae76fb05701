package finding

import (
	"strconv"
	"strings"
	"unicode"
)

// Clean makes s safe to print on one line of a terminal or a CI log: line
// breaks, tabs, ESC and every other control or invisible formatting
// character are shown as Go escapes (\n, \x1b, \u202e), so that input can
// neither forge a line of output (a GitHub "::error::" annotation) nor drive
// the terminal. Clean(Clean(s)) == Clean(s).
func Clean(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !unsafeRune(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r) // '\n', '\x1b', '\u202e'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// CleanLines is Clean for a message of several lines of envcontract's own
// (an error listing findings): it keeps the line breaks and escapes the
// rest. Input that must not break a line is Cleaned where it is embedded:
// Finding.String and Line do so.
func CleanLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
	}
	return strings.Join(lines, "\n")
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar
}
