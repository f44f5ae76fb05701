package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/openova/envcontract/internal/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// load reads a test chart: its templates and its values.schema.json.
func load(t testing.TB, dir string) Options {
	t.Helper()
	o := Options{SchemaFile: filepath.Join(dir, "values.schema.json")}
	var err error
	o.Schema, err = os.ReadFile(o.SchemaFile)
	require.NoError(t, err)
	entries, err := os.ReadDir(filepath.Join(dir, "templates"))
	require.NoError(t, err)
	for _, e := range entries {
		name := "templates/" + e.Name()
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		o.Templates = append(o.Templates, Template{Name: name, File: filepath.Join(dir, name), Data: data})
	}
	return o
}

func TestRealShapedChartHasNoFindings(t *testing.T) {
	fs, err := Run(load(t, "testdata/realshape"))
	require.NoError(t, err)
	for _, f := range fs {
		t.Errorf("unexpected: %s %s", f.Code, f.Line())
	}
}

func TestFaultsOneFindingEach(t *testing.T) {
	fs, err := Run(load(t, "testdata/faults"))
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		got = append(got, f.Line())
	}
	assert.Equal(t, []string{
		"testdata/faults/templates/deployment.yaml:11:31: /image/pullPolicy: reads .Values.image.pullPolicy, which the schema does not declare and .Values.image refuses (additionalProperties: false): the schema is stale or the key misspelt; declare it in testdata/faults/values.schema.json, or fix the template",
		"testdata/faults/templates/deployment.yaml:13:33: /extraEnv: ranges over .Values.extraEnv, which the schema says is a string: range needs a map or a list (the template fails)",
		"testdata/faults/values.schema.json:15:5: /oldFlag: warning: declares .Values.oldFlag, which no template reads: a dead value; remove it from the schema and the values, or use it in a template",
	}, got)
}

func TestLibraryTemplates(t *testing.T) {
	o := Options{Schema: []byte(tableSchema), SchemaFile: "schema.json", Templates: []Template{
		{Name: "templates/t.yaml", File: "t.yaml", Data: []byte(`{{ include "lib.name" . }}`)},
		{Name: "charts/lib/templates/_names.tpl", File: "lib/_names.tpl", Library: true,
			Data: []byte(`{{ define "lib.name" }}{{ .Values.name }}{{ .Values.nope }}{{ end }}`)},
		{Name: "charts/lib/templates/cm.yaml", File: "lib/cm.yaml", Library: true,
			Data: []byte(`{{ .Values.onlyTheSubchartsOwn }}`)},
	}}
	fs, err := Run(o)
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		if f.Code != finding.DeadValue {
			got = append(got, f.Line())
		}
	}
	assert.Equal(t, []string{"lib/_names.tpl:1:45: /nope: reads .Values.nope, which the schema does not declare and the schema's top level refuses (additionalProperties: false): the schema is stale or the key misspelt; declare it in schema.json, or fix the template"}, got,
		"a library's define is followed with the chart's values; the subchart's own templates are not linted")
}
