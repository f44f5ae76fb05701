package valueschema

import (
	"encoding/json"
	"strings"
)

// maxDefaultsDepth bounds the walk of a schema's properties, so that a
// schema whose $refs loop cannot make Defaults recurse without end.
const maxDefaultsDepth = 32

// defaults collects the "default" of every property of the schema document
// doc, nested as the properties are: the chart values a schema describes
// when no chart is at hand. A property with a default contributes it whole;
// one without a default but with properties (directly or through a local
// "#/$defs/…" $ref) contributes the defaults of those. The result is nil
// when the schema gives no default at all.
func defaults(doc any) map[string]any {
	root, _ := doc.(map[string]any)
	out, _ := collectDefaults(root, root, 0).(map[string]any)
	return out
}

func collectDefaults(root, sch map[string]any, depth int) any {
	if sch == nil || depth > maxDefaultsDepth {
		return nil
	}
	props := properties(root, sch, depth)
	if props == nil {
		return nil
	}
	var out map[string]any
	for name, p := range props {
		ps, _ := p.(map[string]any)
		var v any
		if d, ok := lookupDefault(root, ps, depth); ok {
			v = d
		} else {
			v = collectDefaults(root, ps, depth+1)
		}
		if v == nil {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		out[name] = v
	}
	if out == nil {
		return nil
	}
	return out
}

// lookupDefault returns the default of sch, or of the local schema its
// $ref names.
func lookupDefault(root, sch map[string]any, depth int) (any, bool) {
	for ; sch != nil && depth <= maxDefaultsDepth; depth++ {
		if d, ok := sch["default"]; ok {
			return deepCopyJSON(d), true
		}
		sch = resolveRef(root, sch)
	}
	return nil, false
}

// properties returns the "properties" of sch, following local $refs.
func properties(root, sch map[string]any, depth int) map[string]any {
	for ; sch != nil && depth <= maxDefaultsDepth; depth++ {
		if p, ok := sch["properties"].(map[string]any); ok {
			return p
		}
		sch = resolveRef(root, sch)
	}
	return nil
}

// resolveRef returns the schema a local "#/…" $ref of sch points at, or nil.
func resolveRef(root, sch map[string]any) map[string]any {
	ref, _ := sch["$ref"].(string)
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var cur any = root
	for _, tok := range strings.Split(path, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, _ := cur.(map[string]any)
		if cur = m[tok]; cur == nil {
			return nil
		}
	}
	out, _ := cur.(map[string]any)
	return out
}

// deepCopyJSON copies the maps and lists of a decoded JSON value, so that
// merging values over the defaults never changes the compiled schema's.
// Numbers become float64, as in values Helm reads from YAML.
func deepCopyJSON(v any) any {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return v.String()
		}
		return f
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = deepCopyJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = deepCopyJSON(e)
		}
		return out
	default:
		return v
	}
}
