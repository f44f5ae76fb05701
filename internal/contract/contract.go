package contract

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// The only apiVersion and kind a contract file may declare.
const (
	APIVersion = "envcontract.dev/v1alpha1"
	Kind       = "EnvContract"
)

// Contract is a loaded, validated contract file.
type Contract struct {
	Name   string // metadata.name
	Source string // the file it was loaded from, or "builtin:NAME"
	Dir    string // directory of the file, for consumer paths; "" for built-ins and Parse
	// ChartVersions is the semver range of chart versions the contract
	// fits (spec.chartVersions); "" fits every version.
	ChartVersions string
	Workloads     []Workload
}

// Workload selects objects and holds the rules for their containers.
type Workload struct {
	Name string `json:"name"`
	Line int    `json:"-"` // where the workload is declared in the contract file

	Match Match `json:"match"`
	// Containers the rules apply to; empty means every container and
	// initContainer.
	Containers []string   `json:"containers,omitempty"`
	Rename     []Rename   `json:"rename,omitempty"`
	Forbid     []string   `json:"forbid,omitempty"`
	Env        []Env      `json:"env,omitempty"`
	Require    []string   `json:"require,omitempty"`
	Optional   []Optional `json:"optional,omitempty"`
	Consumer   *Consumer  `json:"consumer,omitempty"`
	// Required makes a selector that matches nothing an error, not a warning.
	Required bool `json:"required,omitempty"`
}

// Match selects objects; every non-empty criterion must hold. Kinds is never
// empty in a loaded contract.
type Match struct {
	Kinds  []string          `json:"kinds"`
	Names  []string          `json:"names,omitempty"`  // any one of them
	Labels map[string]string `json:"labels,omitempty"` // all of them
}

// Rename renames an env entry in place, keeping its position and value.
type Rename struct {
	From string `json:"from"`
	To   string `json:"to"`
	Line int    `json:"-"`
}

// Env is an entry to ensure. At most one of Value, FieldRef and SecretKeyRef
// is set; when none is, the value must come from chart values (FromValues).
type Env struct {
	Name string `json:"name"`
	Line int    `json:"-"`

	Value        *string       `json:"value,omitempty"`    // literal default; may hold $(VAR) references
	FieldRef     string        `json:"fieldRef,omitempty"` // downward API fieldPath
	SecretKeyRef *SecretKeyRef `json:"secretKeyRef,omitempty"`
	// FromValues names the chart values that override the default: Path for
	// value entries, Name and Key for secretKeyRef entries.
	FromValues *ValuesRef `json:"fromValues,omitempty"`
}

// SecretKeyRef is a key of a Secret. An empty Name means the entry is not
// injected unless chart values name the Secret.
type SecretKeyRef struct {
	Name string `json:"name"`
	Key  string `json:"key"`
}

// ValuesRef holds dotted chart value paths ("mcp.giteaBaseURL"). In the file
// it is a string (Path) for value entries and {name, key} for secretKeyRef
// entries; either of Name and Key may be empty.
type ValuesRef struct {
	Path string
	Name string
	Key  string
}

// Optional is a name the consumer reads that the contract deliberately
// leaves unset.
type Optional struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
	Line   int    `json:"-"`
}

// Consumer is the program that reads the workload's env.
type Consumer struct {
	// GoSource names the programs the container runs, as written in the
	// contract (one directory or pattern written alone is a list of one).
	GoSource []string `json:"goSource"`
	list     bool     // written as a list
	dir      string
}

// MarshalJSON writes the file form: goSource as a string when the contract
// wrote one directory alone, else as a list.
func (c Consumer) MarshalJSON() ([]byte, error) {
	if len(c.GoSource) == 1 && !c.list {
		return json.Marshal(struct {
			GoSource string `json:"goSource"`
		}{c.GoSource[0]})
	}
	return json.Marshal(struct {
		GoSource []string `json:"goSource"`
	}{c.GoSource})
}

// IsSecret reports whether the entry is wired from a Secret.
func (e Env) IsSecret() bool { return e.SecretKeyRef != nil }

// RequiresValues reports whether the entry has no default, so that chart
// values must supply it.
func (e Env) RequiresValues() bool {
	return e.Value == nil && e.FieldRef == "" && e.SecretKeyRef == nil
}

// SecretNames returns the env names any workload wires from a Secret, sorted
// and without repeats. Values validation refuses these names in extraEnv.
func (c *Contract) SecretNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, w := range c.Workloads {
		for _, e := range w.Env {
			if e.IsSecret() && !seen[e.Name] {
				seen[e.Name] = true
				names = append(names, e.Name)
			}
		}
	}
	sort.Strings(names)
	return names
}

// ResolvedGoSources returns each GoSource relative to the directory of the
// contract file (the working directory for built-in and parsed contracts).
// A trailing /... stays.
func (c *Consumer) ResolvedGoSources() []string {
	out := make([]string, len(c.GoSource))
	for i, src := range c.GoSource {
		dir, pattern := strings.CutSuffix(src, "/...")
		p := filepath.FromSlash(dir)
		if !filepath.IsAbs(p) && c.dir != "" {
			p = filepath.Join(c.dir, p)
		}
		p = filepath.Clean(p)
		if pattern {
			p = filepath.Join(p, "...")
		}
		out[i] = p
	}
	return out
}

// MarshalJSON writes the file form: a string, or {name, key}.
func (r ValuesRef) MarshalJSON() ([]byte, error) {
	if r.Path != "" {
		return json.Marshal(r.Path)
	}
	return json.Marshal(struct {
		Name string `json:"name,omitempty"`
		Key  string `json:"key,omitempty"`
	}{r.Name, r.Key})
}

// UnmarshalJSON reads the file form: a string, or {name, key}.
func (r *ValuesRef) UnmarshalJSON(data []byte) error {
	var path string
	if err := json.Unmarshal(data, &path); err == nil {
		*r = ValuesRef{Path: path}
		return nil
	}
	var pair struct {
		Name string `json:"name"`
		Key  string `json:"key"`
	}
	if err := json.Unmarshal(data, &pair); err != nil {
		return fmt.Errorf("fromValues: want a value path or {name, key}: %w", err)
	}
	*r = ValuesRef{Name: pair.Name, Key: pair.Key}
	return nil
}
