package contract

import (
	"github.com/openova/envcontract/internal/finding"

	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
	"github.com/openova/envcontract/schema"
)

// The shape check is schema/envcontract.schema.json written out in Go. The
// tests here hold it to the schema itself, compiled with jsonschema/v6 as
// the contract package did before: the same verdict on every input, and
// the same JSON pointers wherever the two report a problem.

// schemaURL is the $id of schema/envcontract.schema.json.
const schemaURL = "https://envcontract.dev/schema/envcontract.schema.json"

// compiledSchema is the oracle, compiled once per test binary as the
// package compiled it before: Go's regexp for patterns, and no
// AssertFormat, which changes nothing since the schema has no format.
var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	data, err := schema.Read(schema.EnvContract)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(schemaURL)
})

// schemaPointers validates doc with the schema and returns the pointers of
// its leaf errors: the missing or unknown property itself for
// additionalProperties, the later item of a uniqueItems pair.
func schemaPointers(t testing.TB, doc any) []string {
	t.Helper()
	sch, err := compiledSchema()
	require.NoError(t, err)
	err = sch.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	require.True(t, errors.As(err, &ve), "validate: %v", err)
	var out []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		for _, c := range e.Causes {
			walk(c)
		}
		if len(e.Causes) > 0 {
			return
		}
		ptr := yamlnode.JoinPointer(e.InstanceLocation...)
		switch k := e.ErrorKind.(type) {
		case *kind.AdditionalProperties:
			for _, p := range k.Properties {
				out = append(out, ptr+yamlnode.JoinPointer(p))
			}
		case *kind.UniqueItems:
			out = append(out, fmt.Sprintf("%s/%d", ptr, k.Duplicates[1]))
		default:
			out = append(out, ptr)
		}
	}
	walk(ve)
	for i, ptr := range out {
		if ptr == "" {
			out[i] = "/" // as Problem writes it; the pointer of key "" reads the same
		}
	}
	return dedupe(out)
}

func dedupe(s []string) []string {
	sort.Strings(s)
	return slices.Compact(s)
}

// shapeResult is what checkShape says about data, or ok=false when data
// stops before the shape check (YAML errors, aliases out of bounds).
type shapeResult struct {
	root     *yaml.Node
	doc      any
	pointers []string
	problems []finding.Finding
}

func checkShapeOf(data []byte) (shapeResult, bool) {
	root, err := yamlnode.Decode(data)
	if err != nil || root == nil || aliasCycle(root, map[*yaml.Node]bool{}) != nil {
		return shapeResult{}, false
	}
	doc, err := yamlnode.ToJSON(root)
	if err != nil {
		return shapeResult{}, false
	}
	ps := &problems{file: "f"}
	checkShape(root, ps)
	r := shapeResult{root: root, doc: doc, problems: ps.list}
	for _, p := range ps.list {
		r.pointers = append(r.pointers, p.Pos.Pointer)
	}
	r.pointers = dedupe(r.pointers)
	return r, true
}

// assertAgrees checks data with both and compares: the same verdict, and
// the same pointers except that the shape check reports every repeated
// item of a list where the schema reports the first. It returns the
// verdict, and false for ok when data never reaches the shape check.
func assertAgrees(t testing.TB, data []byte) (valid, ok bool) {
	t.Helper()
	got, ok := checkShapeOf(data)
	if !ok {
		return false, false
	}
	want := schemaPointers(t, got.doc)
	if (len(want) == 0) != (len(got.problems) == 0) {
		t.Fatalf("verdicts differ on\n%s\nschema: %q\nshape: %v", data, want, got.problems)
	}
	repeats := map[string]bool{}
	for _, p := range got.problems {
		if strings.Contains(p.Message, " is listed twice ") {
			repeats[p.Pos.Pointer] = true
		}
	}
	for _, ptr := range got.pointers {
		if !slices.Contains(want, ptr) && !repeats[ptr] {
			t.Errorf("only the shape check reports %q in\n%s\nschema: %q\nshape: %v", ptr, data, want, got.problems)
		}
	}
	for _, ptr := range want {
		if !slices.Contains(got.pointers, ptr) {
			t.Errorf("only the schema reports %q in\n%s\nshape: %v", ptr, data, got.problems)
		}
	}
	if len(want) == 0 {
		assertDecodes(t, got.root, got.doc)
	}
	return len(want) == 0, true
}

// assertDecodes checks that decode reads all of a valid contract: written
// back in the form of the file, the Contract is the document, but for the
// "required: false" that omitempty drops.
func assertDecodes(t testing.TB, root *yaml.Node, doc any) {
	t.Helper()
	c := decode(root)
	spec := map[string]any{"workloads": c.Workloads}
	if c.ChartVersions != "" {
		spec["chartVersions"] = c.ChartVersions
	}
	got, err := json.Marshal(map[string]any{
		"apiVersion": APIVersion, "kind": Kind,
		"metadata": map[string]any{"name": c.Name},
		"spec":     spec,
	})
	require.NoError(t, err)
	for _, w := range doc.(map[string]any)["spec"].(map[string]any)["workloads"].([]any) {
		if w := w.(map[string]any); w["required"] == false {
			delete(w, "required")
		}
	}
	want, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got), "decoded")
}

// schemaDoc is schema/envcontract.schema.json as plain JSON.
func schemaDoc(t testing.TB) map[string]any {
	t.Helper()
	data, err := schema.Read(schema.EnvContract)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc
}

// schemaAt returns the part of the schema at a JSON pointer.
func schemaAt(t testing.TB, doc map[string]any, ptr string) any {
	t.Helper()
	var n any = doc
	if ptr == "" {
		return n
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		m, ok := n.(map[string]any)
		require.True(t, ok, "%s: %s is not an object", ptr, tok)
		n, ok = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
		require.True(t, ok, "%s: no %s", ptr, tok)
	}
	return n
}

// texts are the strings of the shape check by their place in the schema.
var texts = map[string]text{
	"/$defs/envName":                            envName,
	"/$defs/dnsLabel":                           dnsLabel,
	"/$defs/valuePath":                          valuePath,
	"/$defs/match/properties/names/items":       objectName,
	"/$defs/labelValue":                         labelValue,
	"/$defs/envEntry/properties/fieldRef":       fieldRef,
	"/$defs/secretKeyRef/properties/name":       secretName,
	"/$defs/secretKeyRef/properties/key":        secretKey,
	"/$defs/optionalEntry/properties/reason":    reason,
	"/$defs/consumer/properties/goSource/items": goSource,
	"/$defs/envEntry/properties/value":          anyText,
}

// TestShapeUsesTheSchemaKeywords reads the lengths, fields, enum and
// constants of the shape check back from the schema file, so that a change
// to one without the other fails here first. Patterns are compared in
// patterns_test.go.
func TestShapeUsesTheSchemaKeywords(t *testing.T) {
	doc := schemaDoc(t)
	at := func(ptr string) any { return schemaAt(t, doc, ptr) }
	num := func(v any) int { f, _ := v.(float64); return int(f) }

	for ptr, tx := range texts {
		t.Run(ptr, func(t *testing.T) {
			m := at(ptr).(map[string]any)
			assert.Equal(t, "string", m["type"])
			_, hasPattern := m["pattern"]
			assert.Equal(t, hasPattern, tx.valid != nil, "pattern")
			assert.Equal(t, num(m["maxLength"]), tx.max, "maxLength")
			assert.Equal(t, num(m["minLength"]), tx.min, "minLength")
			assert.Equal(t, tx.min > 0, tx.empty != "", "a message for minLength")
			assert.Equal(t, tx.max > 0, tx.what != "", "a message for maxLength")
		})
	}

	objects := map[string]object{
		"":                       contractObject,
		"/properties/metadata":   metadataObject,
		"/properties/spec":       specObject,
		"/$defs/workload":        workloadObject,
		"/$defs/match":           matchObject,
		"/$defs/rename":          renameObject,
		"/$defs/envEntry":        envEntryObject,
		"/$defs/secretKeyRef":    secretKeyObject,
		"/$defs/secretValuesRef": valuesRefObject,
		"/$defs/optionalEntry":   optionalObject,
		"/$defs/consumer":        consumerObject,
	}
	for ptr, o := range objects {
		t.Run("object "+ptr, func(t *testing.T) {
			m := at(ptr).(map[string]any)
			assert.Equal(t, "object", m["type"])
			assert.Equal(t, false, m["additionalProperties"])
			var fields []string
			for f := range m["properties"].(map[string]any) {
				fields = append(fields, f)
			}
			sort.Strings(fields)
			assert.Equal(t, fields, o.fields)
			var required []string
			if r, ok := m["required"].([]any); ok {
				for _, f := range r {
					required = append(required, f.(string))
				}
			}
			assert.Equal(t, required, o.required)
		})
	}

	var enum []string
	for _, k := range at("/$defs/match/properties/kinds/items/enum").([]any) {
		enum = append(enum, k.(string))
	}
	assert.Equal(t, enum, kinds)
	assert.Equal(t, APIVersion, at("/properties/apiVersion/const"))
	assert.Equal(t, Kind, at("/properties/kind/const"))
}

// contractFiles returns every contract file of the repository: YAML files
// that name the contract apiVersion, valid or not.
func contractFiles(t testing.TB) []string {
	t.Helper()
	root := filepath.Join("..", "..")
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(path); ext != ".yaml" && ext != ".yml" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte("kind: EnvContract")) || bytes.Contains(data, []byte("apiVersion: "+APIVersion)) {
			files = append(files, path)
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

func TestContractFilesAgreeWithSchema(t *testing.T) {
	files := contractFiles(t)
	require.GreaterOrEqual(t, len(files), 10, "the built-in contract, fixtures and bad cases")
	checked := 0
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			if _, ok := assertAgrees(t, data); ok {
				checked++
			}
		})
	}
	assert.GreaterOrEqual(t, checked, 8, "files that reach the shape check")
}

func TestBuiltinsAgreeWithSchema(t *testing.T) {
	for _, name := range BuiltinNames() {
		src, err := BuiltinSource(name)
		require.NoError(t, err)
		valid, ok := assertAgrees(t, src)
		assert.True(t, ok && valid, "builtin/%s.yaml against schema/envcontract.schema.json", name)
	}
}

func FuzzShapeAgreesWithSchema(f *testing.F) {
	for _, path := range contractFiles(f) {
		data, err := os.ReadFile(path)
		require.NoError(f, err)
		f.Add(data)
	}
	for _, tc := range agreementCases {
		f.Add([]byte(tc.in))
	}
	for _, tc := range shapeProblemCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if root, err := yamlnode.Decode(data); err != nil || root == nil || aliasCycle(root, map[*yaml.Node]bool{}) != nil ||
			expandedSize(root, map[*yaml.Node]int{}) > 20_000 {
			return // no shape check, or aliases that take the fuzzer seconds to expand
		}
		assertAgrees(t, data)
	})
}

// expandedSize counts the nodes yamlnode.ToJSON makes of n, without
// expanding its aliases. n holds no alias cycle.
func expandedSize(n *yaml.Node, memo map[*yaml.Node]int) int {
	if n.Kind == yaml.AliasNode {
		return expandedSize(n.Alias, memo)
	}
	if size, ok := memo[n]; ok {
		return size
	}
	size := 1
	for _, c := range n.Content {
		size += expandedSize(c, memo)
	}
	memo[n] = size
	return size
}
