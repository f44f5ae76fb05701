package fluxpatch

import "strings"

// HasPlaceholders reports whether v holds a Flux variable reference
// ("${VAR}") in any string.
func HasPlaceholders(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, "${")
	case map[string]any:
		for _, e := range x {
			if HasPlaceholders(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if HasPlaceholders(e) {
				return true
			}
		}
	}
	return false
}
