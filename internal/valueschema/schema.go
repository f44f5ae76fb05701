package valueschema

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"helm.sh/helm/v3/pkg/chart"

	"github.com/openova/envcontract/schema"
)

// BuiltinSchemaFile is the embedded bp-sandbox values schema (chart 0.2.0
// and later); BuiltinSchemaFile01 the one of the 0.1.x chart.
const (
	BuiltinSchemaFile   = schema.BPSandbox
	BuiltinSchemaFile01 = schema.BPSandbox01
)

// ErrRemoteRef is returned for a schema that $refs an http(s) URL: Helm
// would fetch it, envcontract never reads the network.
var ErrRemoteRef = errors.New("remote $ref is not fetched")

// CompileOptions choose how a schema is compiled.
type CompileOptions struct {
	// Helm compiles like Helm does a chart's values.schema.json: draft
	// 2020-12 by default, format only an annotation, no envcontract
	// vocabulary, unresolved urn: references accepted as "true".
	Helm bool
	// SecretEnv are the env names the contract wires as secrets; they feed
	// the notSecretEnv keyword and the redaction of findings.
	SecretEnv []string
}

// Schema is a compiled JSON Schema and the part of the values it governs.
type Schema struct {
	Name      string   // shown in reports: "bp-sandbox", a chart name or a file
	Prefix    []string // pointer tokens of the values it checks; nil for all
	sch       *jsonschema.Schema
	secretEnv []string
	defaults  map[string]any
}

// Defaults returns the values the schema's "default"s describe, nested as
// its properties are (a copy; nil when it has none): the chart's values
// when no chart is at hand.
func (s *Schema) Defaults() map[string]any {
	if s.defaults == nil {
		return nil
	}
	out, _ := deepCopyJSON(s.defaults).(map[string]any)
	return out
}

// Compile compiles a schema document once per process: the same bytes with
// the same options return the same *Schema.
func Compile(name string, data []byte, o CompileOptions) (*Schema, error) {
	secrets := slices.Clone(o.SecretEnv)
	slices.Sort(secrets)
	sum := sha256.Sum256(data)
	key := fmt.Sprintf("%x|%t|%s", sum, o.Helm, strings.Join(secrets, ","))

	cache.Lock()
	defer cache.Unlock()
	if s, ok := cache.m[key]; ok {
		return &Schema{Name: name, sch: s.sch, secretEnv: s.secretEnv, defaults: s.defaults}, nil
	}
	sch, dflt, err := compile(data, o.Helm, secrets)
	if err != nil {
		return nil, compileError(name, data, err)
	}
	s := &Schema{Name: name, sch: sch, secretEnv: secrets, defaults: dflt}
	cache.m[key] = s
	return &Schema{Name: name, sch: sch, secretEnv: secrets, defaults: dflt}, nil
}

var cache = struct {
	sync.Mutex
	m map[string]*Schema
}{m: map[string]*Schema{}}

func compile(data []byte, helm bool, secrets []string) (*jsonschema.Schema, map[string]any, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			err = fmt.Errorf("%w: %w", errNotJSON, err)
		}
		return nil, nil, fmt.Errorf("reading JSON: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	loaders := jsonschema.SchemeURLLoader{
		"file":  jsonschema.FileLoader{},
		"http":  remoteLoader{},
		"https": remoteLoader{},
	}
	if helm {
		loaders["urn"] = permissiveLoader{}
	} else {
		// Helm leaves format as an annotation; the bp-sandbox rules rely on
		// hostname and uri being checked.
		c.AssertFormat()
		vocab, err := vocabulary(secrets)
		if err != nil {
			return nil, nil, err
		}
		c.RegisterVocabulary(vocab)
		c.AssertVocabs()
	}
	c.UseLoader(loaders)
	const url = "file:///values.schema.json" // Helm's resource name
	dflt := defaults(doc)                    // before the compiler holds doc
	if err := c.AddResource(url, doc); err != nil {
		return nil, nil, err
	}
	sch, err := c.Compile(url)
	return sch, dflt, err
}

type remoteLoader struct{}

func (remoteLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("%w: %s; vendor it next to the schema", ErrRemoteRef, url)
}

// permissiveLoader answers urn: references with the schema "true", which is
// what Helm does when no URN resolver is configured.
type permissiveLoader struct{}

func (permissiveLoader) Load(string) (any, error) { return true, nil }

// Builtin returns the embedded bp-sandbox schema of today's chart (0.2.0
// and later), compiled once per process for a given list of secret env
// names.
func Builtin(secretEnv []string) (*Schema, error) {
	return builtin(BuiltinSchemaFile, "bp-sandbox", secretEnv)
}

// BuiltinFor returns the embedded bp-sandbox schema for a chart of version
// chartVersion (Chart.yaml's version): the 0.1.x layout's for 0.1.x,
// today's for any other (and for ""). Layout says which, for a note.
func BuiltinFor(chartVersion string, secretEnv []string) (s *Schema, layout string, err error) {
	if BuiltinFileFor(chartVersion) == BuiltinSchemaFile01 {
		s, err = builtin(BuiltinSchemaFile01, "bp-sandbox-0.1", secretEnv)
		return s, "the chart 0.1.x layout", err
	}
	s, err = builtin(BuiltinSchemaFile, "bp-sandbox", secretEnv)
	return s, "today's layout (chart 0.2.0 and later)", err
}

// BuiltinFileFor names the embedded schema file for a chart of version
// chartVersion, as BuiltinFor picks it.
func BuiltinFileFor(chartVersion string) string {
	if is01(chartVersion) {
		return BuiltinSchemaFile01
	}
	return BuiltinSchemaFile
}

// is01 reports whether a chart version (semver, an optional leading v) is
// 0.1.x, pre-releases included.
func is01(version string) bool {
	v := strings.TrimPrefix(strings.TrimSpace(version), "v")
	return v == "0.1" || strings.HasPrefix(v, "0.1.") || strings.HasPrefix(v, "0.1-") || strings.HasPrefix(v, "0.1+")
}

func builtin(file, name string, secretEnv []string) (*Schema, error) {
	data, err := schema.Read(file)
	if err != nil {
		return nil, fmt.Errorf("reading built-in schema: %w", err)
	}
	return Compile(name, data, CompileOptions{SecretEnv: secretEnv})
}

// ChartSchemas returns the values.schema.json of chrt and of each of its
// subcharts (each applying to the subchart's key), compiled as Helm does.
// Call it after values.Load, which drops the subcharts whose condition is false.
func ChartSchemas(chrt *chart.Chart) ([]*Schema, error) {
	var out []*Schema
	var walk func(c *chart.Chart, prefix []string, dir string) error
	walk = func(c *chart.Chart, prefix []string, dir string) error {
		if c.Schema != nil {
			name := path.Join(dir, "values.schema.json")
			s, err := Compile(name, c.Schema, CompileOptions{Helm: true})
			if err != nil {
				return err
			}
			s.Prefix = prefix
			out = append(out, s)
		}
		for _, sub := range c.Dependencies() {
			if err := walk(sub, append(slices.Clone(prefix), sub.Name()), path.Join(dir, "charts", sub.Name())); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(chrt, nil, chrt.Name()); err != nil {
		return nil, err
	}
	return out, nil
}
