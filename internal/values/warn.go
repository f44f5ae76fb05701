package values

import (
	"fmt"
	"slices"
	"strings"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/yamlnode"
)

// WarningKind is what Helm's coalesce warns about.
type WarningKind int

const (
	// MapOverScalar: the user's value is a map where the chart's default
	// is a scalar or a list; Helm keeps the map ("destination for … is a
	// table", "skipped value for …: Not a table"), and a template that
	// quotes it renders "map[…]".
	MapOverScalar WarningKind = iota + 1
	// ScalarOverMap: the user's value is a scalar or a list where the
	// chart's default is a map; Helm keeps the user's value ("cannot
	// overwrite table with non table"), and reads of keys under it see
	// nothing.
	ScalarOverMap
	// Other is any other line Helm logged while coalescing; Text holds it
	// without the value Helm quotes.
	Other
)

// Warning is one warning of Helm's coalesce, about the value at Path
// (pointer tokens into the values; nil when unknown).
type Warning struct {
	Kind WarningKind
	Path []string
	Text string // Other only
}

// CoalesceFindings returns the coalesce warnings as findings (severity
// warning, code coalesce), at the position of the user's value. They never
// show a value.
func (l *Loaded) CoalesceFindings() []finding.Finding {
	if l == nil {
		return nil
	}
	var out []finding.Finding
	for _, w := range l.Warnings {
		ptr := yamlnode.JoinPointer(w.Path...)
		pos, _ := l.Origin(ptr)
		pos.Pointer = ptr
		var msg string
		switch w.Kind {
		case MapOverScalar:
			msg = "a map where the chart's default is not one: Helm ignores the default and keeps the map, which a template that prints the value renders as the text map[…]; give the value the default's shape"
		case ScalarOverMap:
			msg = "not a map, where the chart's default is one: Helm keeps this value and drops the default's keys, so the templates that read keys under it see none; give the value the default's shape"
		default:
			msg = "Helm, coalescing the values: " + w.Text
		}
		out = append(out, finding.Finding{Code: finding.Coalesce, Severity: finding.SeverityWarning, Pos: pos, Message: msg})
	}
	return out
}

// SortWarnings puts warnings in path order, so that the random order in
// which Helm walks a map never shows.
func SortWarnings(ws []Warning) {
	slices.SortStableFunc(ws, func(a, b Warning) int {
		if c := slices.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return strings.Compare(a.Text, b.Text)
	})
}

func (w Warning) String() string {
	return fmt.Sprintf("%d %s %s", w.Kind, strings.Join(w.Path, "."), w.Text)
}

func isMap(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}
