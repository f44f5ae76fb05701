package contract

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
	"github.com/openova/envcontract/schema"
)

// schemaURL is the $id of schema/envcontract.schema.json.
const schemaURL = "https://envcontract.dev/schema/envcontract.schema.json"

// printer formats the validator's messages, in English as Helm shows them.
var printer = message.NewPrinter(language.English)

type compiled struct {
	schema *jsonschema.Schema
	doc    any // the schema itself, to list the fields an object allows
}

// compileSchema compiles the embedded schema once per process.
var compileSchema = sync.OnceValues(func() (*compiled, error) {
	data, err := schema.Read(schema.EnvContract)
	if err != nil {
		return nil, fmt.Errorf("read contract schema: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse contract schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("add contract schema: %w", err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("compile contract schema: %w", err)
	}
	return &compiled{schema: sch, doc: doc}, nil
})

// validateSchema adds one problem per leaf schema error. The error it
// returns is a broken embedded schema, not a broken contract.
func validateSchema(doc any, root *yaml.Node, ps *problems) error {
	c, err := compileSchema()
	if err != nil {
		return err
	}
	err = c.schema.Validate(doc)
	var ve *jsonschema.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return err
	}
	for _, leaf := range leaves(ve) {
		c.report(leaf, root, ps)
	}
	return nil
}

// leaves flattens the error tree: v6 nests the errors of $ref, allOf and
// if/then under group errors whose own message says nothing.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

var escapeToken = strings.NewReplacer("~", "~0", "/", "~1")

func pointerOf(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/" + escapeToken.Replace(t))
	}
	return b.String()
}

// report turns one leaf error into problems with short messages; the
// validator's wording is kept where it is already plain.
func (c *compiled) report(e *jsonschema.ValidationError, root *yaml.Node, ps *problems) {
	ptr := pointerOf(e.InstanceLocation)
	at := func(ptr, format string, args ...any) {
		line, col := position(root, ptr)
		if ptr == "" {
			ptr = "/"
		}
		ps.add(line, col, ptr, format, args...)
	}
	loc := e.SchemaURL[strings.Index(e.SchemaURL, "#")+1:]
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		// Label keys are checked with patternProperties, not propertyNames:
		// v6.0.3 gives a propertyNames error an instance location that later
		// validation overwrites.
		if hint, ok := patternHints[loc]; ok {
			for _, p := range k.Properties {
				at(ptr+"/"+escapeToken.Replace(p), "%q %s", p, hint)
			}
			return
		}
		allowed := c.fields(loc)
		for _, p := range k.Properties {
			at(ptr+"/"+escapeToken.Replace(p), "unknown field %q (allowed: %s)", p, strings.Join(allowed, ", "))
		}
	case *kind.Required:
		if loc == "/$defs/envEntry/allOf/1/then" {
			at(ptr, "the entry has no source: set value, fieldRef or secretKeyRef, or fromValues alone for a value that must come from chart values")
			return
		}
		if len(k.Missing) == 1 {
			at(ptr, "missing field %q", k.Missing[0])
			return
		}
		at(ptr, "missing fields %s", quoteAll(k.Missing))
	case *kind.FalseSchema:
		at(ptr, "%s", combineMessage(loc))
	case *kind.Pattern:
		if hint, ok := patternHints[loc]; ok {
			at(ptr, "%q %s", k.Got, hint)
			return
		}
		at(ptr, "%s", k.LocalizedString(printer))
	case *kind.Type:
		if hint, ok := typeHints[loc]; ok {
			at(ptr, "%s", hint)
			return
		}
		msg := e.ErrorKind.LocalizedString(printer)
		if len(k.Want) == 1 && k.Want[0] == "string" && k.Got != "object" && k.Got != "array" && k.Got != "null" {
			msg += ": quote the value"
		}
		at(ptr, "%s", msg)
	case *kind.MinItems:
		at(ptr, "must not be empty; remove the key or add an entry")
	case *kind.MinProperties:
		at(ptr, "must not be empty; remove the key or add an entry")
	case *kind.UniqueItems:
		dup := fmt.Sprintf("%s/%d", ptr, k.Duplicates[1])
		what := "an entry"
		if n := yamlnode.Locate(root, dup); n != nil && n.Kind == yaml.ScalarNode {
			what = fmt.Sprintf("%q", n.Value)
		}
		at(dup, "%s is listed twice (items %d and %d); keep one", what, k.Duplicates[0], k.Duplicates[1])
	default:
		at(ptr, "%s", e.ErrorKind.LocalizedString(printer))
	}
}

// patternHints say what a value failing a pattern should look like; keyed
// by the schema location of the pattern.
var patternHints = map[string]string{
	"/$defs/envName":   "is not a C identifier: use letters, digits and _, not starting with a digit",
	"/$defs/dnsLabel":  "is not a DNS label: use lower-case letters, digits and -",
	"/$defs/valuePath": "is not a dotted chart value path such as mcp.giteaBaseURL",
	"/$defs/envEntry/properties/fieldRef": "is not a fieldPath Kubernetes accepts in env: metadata.name, metadata.namespace, " +
		"metadata.uid, metadata.labels['KEY'], metadata.annotations['KEY'], spec.nodeName, spec.serviceAccountName, " +
		"status.hostIP, status.hostIPs, status.podIP or status.podIPs",
	"/$defs/match/properties/names/items": "is not a Kubernetes object name",
	"/$defs/match/properties/labels": "is not a label key: an optional DNS subdomain prefix and /, then letters, " +
		"digits, -, _ and .",
	"/$defs/labelValue":                   "is not a label value: use letters, digits, -, _ and ., starting and ending with a letter or digit",
	"/$defs/secretKeyRef/properties/name": "is not a Secret name",
	"/$defs/secretKeyRef/properties/key":  "is not a Secret key: use letters, digits, -, _ and .",
}

// typeHints replace "got X, want Y" where the shape depends on the entry.
var typeHints = map[string]string{
	"/$defs/secretValuesRef": "a secretKeyRef entry takes fromValues as {name: PATH, key: PATH}",
	"/$defs/valuePath":       "fromValues is a chart value path here; {name, key} is only for secretKeyRef entries",
}

// combineRule finds the two fields of a dependentSchemas exclusion in a
// schema location such as /$defs/envEntry/dependentSchemas/value/properties/fieldRef.
var combineRule = regexp.MustCompile(`/dependentSchemas/([^/]+)/properties/([^/]+)$`)

func combineMessage(loc string) string {
	m := combineRule.FindStringSubmatch(loc)
	switch {
	case m == nil:
		return "field not allowed here"
	case m[2] == "fromValues":
		return fmt.Sprintf("%s takes no fromValues: the value comes from the pod, not from chart values", m[1])
	default:
		return fmt.Sprintf("%s and %s cannot be combined: an env entry has one source (value, fieldRef or secretKeyRef)", m[1], m[2])
	}
}

// fields lists, sorted, the properties the schema object at loc declares.
func (c *compiled) fields(loc string) []string {
	var n any = c.doc
	for _, tok := range strings.Split(strings.TrimPrefix(loc, "/"), "/") {
		m, ok := n.(map[string]any)
		if !ok {
			return nil
		}
		n = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
	}
	m, _ := n.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for p := range props {
		names = append(names, p)
	}
	sort.Strings(names)
	return names
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
