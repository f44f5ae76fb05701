package envedit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/openova/envcontract/internal/contract"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Values are the chart values the post-renderer was given (Helm's merge of
// the chart's values.yaml, -f files and --set flags). Only scalars are read.
type Values map[string]any

// lookup returns the value at a dotted path ("mcp.storage.s3Region") and
// whether it is set to something other than null.
func (v Values) lookup(path string) (any, bool) {
	var cur any = map[string]any(v)
	for _, key := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[key]; !ok {
			return nil, false
		}
	}
	return cur, cur != nil
}

// text returns the value at path as an env value, false when unset. A value
// that is not a scalar cannot become an env value and is an error.
func (v Values) text(path string) (string, bool, error) {
	raw, ok := v.lookup(path)
	if !ok {
		return "", false, nil
	}
	switch x := raw.(type) {
	case string:
		return x, true, nil
	case bool:
		return strconv.FormatBool(x), true, nil
	case int:
		return strconv.Itoa(x), true, nil
	case int64:
		return strconv.FormatInt(x, 10), true, nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true, nil
	default:
		return "", false, fmt.Errorf("chart value %s is a %T, not a scalar an env value can hold", path, raw)
	}
}

// resolution is a contract env entry with its value settled against values.
type resolution struct {
	entry *yaml.Node // the entry to inject; nil when there is nothing to inject
	// why the entry is not injected: notConfigured for a secret whose name is
	// empty (the program reports it as "not configured"), missing for a value
	// with no default and no chart value.
	notConfigured bool
	missing       bool
}

// resolve builds the env entry the contract wants for e.
func resolve(e contract.Env, vals Values) (resolution, error) {
	switch {
	case e.FieldRef != "":
		return resolution{entry: entryNode(e.Name, "valueFrom",
			mapOf(str("fieldRef"), mapOf(str("fieldPath"), str(e.FieldRef))))}, nil
	case e.SecretKeyRef != nil:
		name, key := e.SecretKeyRef.Name, e.SecretKeyRef.Key
		if e.FromValues != nil {
			var err error
			if name, err = override(vals, e.FromValues.Name, name); err != nil {
				return resolution{}, err
			}
			if key, err = override(vals, e.FromValues.Key, key); err != nil {
				return resolution{}, err
			}
		}
		if name == "" || key == "" {
			return resolution{notConfigured: true}, nil
		}
		return resolution{entry: entryNode(e.Name, "valueFrom", mapOf(str("secretKeyRef"),
			mapOf(str("name"), str(name), str("key"), str(key), str("optional"), boolNode(true))))}, nil
	default:
		if e.FromValues != nil && e.FromValues.Path != "" {
			v, ok, err := vals.text(e.FromValues.Path)
			if err != nil {
				return resolution{}, err
			}
			// Charts declare their knobs with "" in values.yaml; an empty
			// value means "not set here", so the contract default applies
			// and an entry without one is reported as having no value.
			if ok && v != "" {
				return resolution{entry: entryNode(e.Name, "value", str(v))}, nil
			}
		}
		if e.Value == nil {
			return resolution{missing: true}, nil
		}
		return resolution{entry: entryNode(e.Name, "value", str(*e.Value))}, nil
	}
}

// override returns the chart value at path when it is set, else def.
func override(vals Values, path, def string) (string, error) {
	if path == "" {
		return def, nil
	}
	v, ok, err := vals.text(path)
	if err != nil || !ok {
		return def, err
	}
	return v, nil
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Value: s}
}

// mapOf builds a mapping from alternating keys and values.
func mapOf(kv ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: yaml.NodeTagMap, Content: kv}
}

func entryNode(name, field string, value *yaml.Node) *yaml.Node {
	return mapOf(str("name"), str(name), str(field), value)
}
