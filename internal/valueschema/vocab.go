package valueschema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/message"
)

// VocabURL identifies envcontract's JSON Schema vocabulary. Its keywords:
//
//   - distinctProperties: [a, b, …] — the named properties of an object,
//     where present and non-empty, hold pairwise different values (the
//     hot-standby regions). Plain JSON Schema cannot compare two properties.
//   - notSecretEnv: true — a string that is an env name the contract wires
//     as a secret is refused. The names come from the contract when the
//     schema is compiled (CompileOptions.SecretEnv), so the schema file
//     stays the same for every contract.
const VocabURL = "https://envcontract.dev/vocab/values"

const vocabMetaSchema = `{
	"properties": {
		"distinctProperties": {"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": true},
		"notSecretEnv": {"type": "boolean"}
	}
}`

func vocabulary(secretEnv []string) (*jsonschema.Vocabulary, error) {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(vocabMetaSchema))
	if err != nil {
		return nil, fmt.Errorf("vocabulary meta-schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(VocabURL, doc); err != nil {
		return nil, fmt.Errorf("vocabulary meta-schema: %w", err)
	}
	meta, err := c.Compile(VocabURL)
	if err != nil {
		return nil, fmt.Errorf("vocabulary meta-schema: %w", err)
	}
	secrets := slices.Clone(secretEnv)
	slices.Sort(secrets)
	return &jsonschema.Vocabulary{
		URL:    VocabURL,
		Schema: meta,
		Compile: func(_ *jsonschema.CompilerContext, obj map[string]any) (jsonschema.SchemaExt, error) {
			var exts multiExt
			if v, ok := obj["distinctProperties"].([]any); ok {
				d := distinctProperties{}
				for _, p := range v {
					d = append(d, p.(string)) // the meta-schema checked the type
				}
				exts = append(exts, d)
			}
			if v, ok := obj["notSecretEnv"].(bool); ok && v {
				exts = append(exts, notSecretEnv(secrets))
			}
			if len(exts) == 0 {
				return nil, nil
			}
			return exts, nil
		},
	}, nil
}

type multiExt []jsonschema.SchemaExt

func (m multiExt) Validate(ctx *jsonschema.ValidatorContext, v any) {
	for _, e := range m {
		e.Validate(ctx, v)
	}
}

type distinctProperties []string

func (d distinctProperties) Validate(ctx *jsonschema.ValidatorContext, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		return
	}
	seen := map[string]string{} // value → first property holding it
	for _, p := range d {
		s, ok := obj[p].(string)
		if !ok || s == "" {
			continue
		}
		if first, dup := seen[s]; dup {
			ctx.AddError(&NotDistinct{First: first, Second: p, Value: s})
			continue
		}
		seen[s] = p
	}
}

// NotDistinct is the error of distinctProperties: Second repeats First.
type NotDistinct struct {
	First, Second string
	Value         string
}

func (*NotDistinct) KeywordPath() []string { return []string{"distinctProperties"} }

func (k *NotDistinct) LocalizedString(p *message.Printer) string {
	return p.Sprintf("%s must differ from %s, both are %q", k.Second, k.First, k.Value)
}

type notSecretEnv []string

func (n notSecretEnv) Validate(ctx *jsonschema.ValidatorContext, v any) {
	s, ok := v.(string)
	if !ok {
		return
	}
	if _, found := slices.BinarySearch(n, s); found {
		ctx.AddError(&SecretEnv{Name: s})
	}
}

// SecretEnv is the error of notSecretEnv.
type SecretEnv struct{ Name string }

func (*SecretEnv) KeywordPath() []string { return []string{"notSecretEnv"} }

func (k *SecretEnv) LocalizedString(p *message.Printer) string {
	return p.Sprintf("%s is a secret env of the contract: it is wired only as an optional secretKeyRef from its {name, key} value, never through extraEnv", k.Name)
}
