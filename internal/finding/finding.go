// Package finding defines the one record every check and edit reports: a
// Finding names the workload, object, container and env entry it is about, how
// serious it is, and where in the input it was found.
//
// Findings flow one way: internal/envedit and internal/render produce them,
// internal/consumer adds its own kinds, internal/report prints them.
package finding

import (
	"fmt"
	"sort"
)

// Severity orders findings; only SeverityError fails a render.
type Severity int

const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	default:
		return "error"
	}
}

// MarshalText makes a Severity print as its name in JSON reports.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Kind names what a finding is about. Each kind is one rule in SARIF output,
// so the names are stable and documented in the README.
type Kind string

const (
	// Changes made by render (severity info); in check mode the same
	// situations are reported as violations with the kinds below them.
	KindRenamed  Kind = "renamed"         // an entry was renamed in place
	KindInjected Kind = "injected"        // a canonical entry was appended
	KindOptional Kind = "optional-forced" // a secretKeyRef got optional: true

	// Violations.
	KindMissing           Kind = "missing"              // an env entry or required name is absent
	KindNotRenamed        Kind = "not-renamed"          // a rename source is still present (check mode)
	KindForbidden         Kind = "forbidden"            // a forbidden name is present
	KindDuplicate         Kind = "duplicate"            // the same env name twice in one container
	KindSecretLiteral     Kind = "secret-literal"       // a secret entry carries a literal value
	KindSecretNotOptional Kind = "secret-not-optional"  // a secretKeyRef without optional: true (check mode)
	KindNoValue           Kind = "no-value"             // an entry with no default and no chart value
	KindRenameConflict    Kind = "rename-conflict"      // rename target existed; the old entry was dropped
	KindNotConfigured     Kind = "not-configured"       // a secret whose name resolves empty: not injected
	KindUnmatched         Kind = "unmatched"            // a workload selector matched no object
	KindBadObject         Kind = "bad-object"           // a matched object is not shaped like a workload
	KindUnresolved        Kind = "unresolved-reference" // a $(VAR) no earlier entry defines

	// Consumer checks (internal/consumer).
	KindReadNotSet  Kind = "read-not-set" // the program reads a name nothing sets
	KindSetNotRead  Kind = "set-not-read" // a name is set that the program never reads
	KindDynamicRead Kind = "dynamic-read" // the program reads a name not known statically
)

// Location points into the input: a file (a manifest path, Helm's
// "# Source:" path or the post-render filename annotation) and a 1-based
// line. Document is the 0-based index of the document in its stream.
type Location struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Document int    `json:"document"`
}

func (l Location) String() string {
	switch {
	case l.File != "" && l.Line > 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	case l.File != "":
		return l.File
	case l.Line > 0:
		return fmt.Sprintf("document %d, line %d", l.Document, l.Line)
	default:
		return fmt.Sprintf("document %d", l.Document)
	}
}

// Finding is one change or violation.
type Finding struct {
	Kind      Kind     `json:"kind"`
	Severity  Severity `json:"severity"`
	Workload  string   `json:"workload,omitempty"`  // the contract's workload name
	Object    string   `json:"object,omitempty"`    // "Deployment/name" or "Deployment/ns/name"
	Container string   `json:"container,omitempty"` // container (or initContainer) name
	Env       string   `json:"env,omitempty"`       // the env name concerned
	Message   string   `json:"message"`             // one line; never contains a secret value
	Location  Location `json:"location"`
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s: %s", f.Location, f.Severity)
	if f.Workload != "" {
		s += " [" + f.Workload + "]"
	}
	if f.Object != "" {
		s += " " + f.Object
	}
	if f.Container != "" {
		s += " container " + f.Container
	}
	return s + ": " + f.Message
}

// Sort orders findings by document, line, workload, container, env and kind,
// so reports are stable run to run.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Location.File != b.Location.File {
			return a.Location.File < b.Location.File
		}
		if a.Location.Document != b.Location.Document {
			return a.Location.Document < b.Location.Document
		}
		if a.Location.Line != b.Location.Line {
			return a.Location.Line < b.Location.Line
		}
		if a.Container != b.Container {
			return a.Container < b.Container
		}
		if a.Env != b.Env {
			return a.Env < b.Env
		}
		return a.Kind < b.Kind
	})
}

// Worst returns the highest severity among fs, and false when fs is empty.
func Worst(fs []Finding) (Severity, bool) {
	if len(fs) == 0 {
		return SeverityInfo, false
	}
	w := SeverityInfo
	for _, f := range fs {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w, true
}
