package valueschema

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/values"
	"github.com/openova/envcontract/internal/yamlnode"
)

var printer = message.NewPrinter(language.English)

// ErrBrokenSchema: a schema compiled but cannot check values (a $ref
// cycle the compiler lets through). It is the schema's fault, not the
// values', so it is an error and never a finding.
var ErrBrokenSchema = errors.New("the schema cannot be used")

// Check validates l against each schema and returns every violation,
// sorted. A schema with a Prefix checks only that part of the values, and
// only when it is present, as Helm does for subcharts. The error, wrapping
// ErrBrokenSchema, names a schema that cannot check anything.
func Check(l *values.Loaded, schemas ...*Schema) ([]finding.Finding, error) {
	var out []finding.Finding
	for _, s := range schemas {
		fs, err := checkOne(l, s)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	finding.Sort(out)
	return out, nil
}

func checkOne(l *values.Loaded, s *Schema) ([]finding.Finding, error) {
	var v any = l.Values
	for _, tok := range s.Prefix {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, nil
		}
		v = m[tok]
	}
	if v == nil && len(s.Prefix) > 0 {
		return nil, nil // Helm skips a subchart that has no values
	}
	prefix := yamlnode.JoinPointer(s.Prefix...)
	if _, ok := v.(map[string]any); !ok {
		return []finding.Finding{newFinding(l, s, prefix, fmt.Sprintf("invalid type for values: expected object (map), got %s", jsonKind(v)))}, nil
	}
	err := s.sch.Validate(v)
	var ve *jsonschema.ValidationError
	if err == nil {
		return nil, nil
	}
	if !errors.As(err, &ve) {
		return nil, fmt.Errorf("%s: %w: %w", s.Name, ErrBrokenSchema, err)
	}
	red := redactor{vals: l.Values, secretEnv: s.secretEnv}
	var out []finding.Finding
	for _, lf := range leaves(ve, nil) {
		leaf := lf.err
		ptr := prefix + yamlnode.JoinPointer(lf.at...)
		switch k := leaf.ErrorKind.(type) {
		case *kind.AdditionalProperties:
			// One finding per property, at the property's own line.
			for _, p := range k.Properties {
				out = append(out, newFinding(l, s, ptr+yamlnode.JoinPointer(p), fmt.Sprintf("property %q is not allowed here", p)))
			}
			continue
		case *NotDistinct:
			ptr += yamlnode.JoinPointer(k.Second)
		case *kind.RefCycle:
			return nil, fmt.Errorf("%s: %w: %s; break the cycle of $refs", s.Name, ErrBrokenSchema, k.LocalizedString(printer))
		}
		out = append(out, newFinding(l, s, ptr, red.message(ptr, leaf.ErrorKind)))
	}
	return out, nil
}

// newFinding places a violation at the value concerned (or its nearest
// parent), in the file it came from.
func newFinding(l *values.Loaded, s *Schema, ptr, msg string) finding.Finding {
	pos, _ := l.Origin(ptr)
	pos.Pointer = ptr
	return finding.Finding{Code: finding.Schema, Severity: finding.SeverityError, Pos: pos, Message: msg, Schema: s.Name}
}

// leaf is a concrete violation and the pointer tokens of the value it is
// about.
type leaf struct {
	err *jsonschema.ValidationError
	at  []string
}

// leaves returns the errors that have no causes: the concrete violations
// below the allOf/if/then/$ref groups. The causes of a propertyNames error
// are about the property's name, which they place at the value's root: they
// are placed at the property (under base, the tokens of the object).
func leaves(e *jsonschema.ValidationError, base []string) []leaf {
	return collectLeaves(e, base, nil)
}

// collectLeaves is leaves; parent is the location of the error above e.
// jsonschema v6 gives a propertyNames error a location that later
// validation overwrites, so it takes its parent's (the same object's).
func collectLeaves(e *jsonschema.ValidationError, base, parent []string) []leaf {
	loc := e.InstanceLocation
	if pn, ok := e.ErrorKind.(*kind.PropertyNames); ok {
		at := append(slices.Clone(base), parent...)
		at = append(at, pn.Property)
		var out []leaf
		for _, c := range e.Causes {
			out = append(out, collectLeaves(c, at, nil)...)
		}
		return out
	}
	if len(e.Causes) == 0 {
		return []leaf{{e, append(slices.Clone(base), loc...)}}
	}
	var out []leaf
	for _, c := range e.Causes {
		out = append(out, collectLeaves(c, base, loc)...)
	}
	return out
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		return "number"
	}
}

// secretKey matches value keys that name secret material or a reference to it.
var secretKey = regexp.MustCompile(`(?i)(secret|passw(or)?d|token|credential|api_?key|private_?key|access_?key|cert)`)

// redactor decides whether a value may be quoted in a message.
type redactor struct {
	vals      map[string]any
	secretEnv []string
}

// sensitive reports whether the value at ptr may be secret: a key on the
// way looks like one, or it belongs to an extraEnv entry whose name is a
// contract secret or looks like one.
func (r redactor) sensitive(ptr string) bool {
	toks := yamlnode.SplitPointer(ptr)
	for _, t := range toks {
		if secretKey.MatchString(t) {
			return true
		}
	}
	if len(toks) >= 2 && toks[0] == "extraEnv" {
		name := toks[1] // the chart's shape: a map NAME → value
		if list, ok := r.vals["extraEnv"].([]any); ok {
			// The list shape of older overlays: [{name, value}].
			i, err := strconv.Atoi(toks[1])
			if err != nil || i < 0 || i >= len(list) {
				return true // cannot tell which entry: assume the worst
			}
			entry, _ := list[i].(map[string]any)
			name, _ = entry["name"].(string)
		}
		return slices.Contains(r.secretEnv, name) || secretKey.MatchString(name)
	}
	return false
}

// message renders k, leaving out the instance value for the kinds that
// quote it when the value may be secret.
func (r redactor) message(ptr string, k jsonschema.ErrorKind) string {
	if !r.sensitive(ptr) {
		return k.LocalizedString(printer)
	}
	switch k := k.(type) {
	case *kind.Pattern:
		return fmt.Sprintf("value (not shown) does not match pattern %q", k.Want)
	case *kind.Format:
		return fmt.Sprintf("value (not shown) is not valid %s", k.Want)
	case *kind.Minimum:
		return fmt.Sprintf("minimum: value (not shown) is below %v", k.Want)
	case *kind.Maximum:
		return fmt.Sprintf("maximum: value (not shown) is above %v", k.Want)
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("exclusiveMinimum: value (not shown) must be above %v", k.Want)
	case *kind.ExclusiveMaximum:
		return fmt.Sprintf("exclusiveMaximum: value (not shown) must be below %v", k.Want)
	case *kind.MultipleOf:
		return fmt.Sprintf("multipleOf: value (not shown) is not a multiple of %v", k.Want)
	case *NotDistinct:
		return fmt.Sprintf("%s must differ from %s", k.Second, k.First)
	case *SecretEnv:
		return k.LocalizedString(printer) // names an env, never its value
	case *kind.Type, *kind.Required, *kind.Enum, *kind.Const, *kind.MinLength, *kind.MaxLength,
		*kind.MinItems, *kind.MaxItems, *kind.MinProperties, *kind.MaxProperties, *kind.PropertyNames,
		*kind.Dependency, *kind.DependentRequired, *kind.UniqueItems, *kind.FalseSchema, *kind.Not:
		return k.LocalizedString(printer) // these print lengths, names or the schema's own values
	default:
		return fmt.Sprintf("value (not shown) fails %s", jsonPointerWords(k.KeywordPath()))
	}
}

func jsonPointerWords(p []string) string {
	if len(p) == 0 {
		return "the schema"
	}
	return yamlnode.JoinPointer(p...)[1:]
}
