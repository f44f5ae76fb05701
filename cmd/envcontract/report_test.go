package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The commands that report findings write the same envelope and SARIF:
// every one is held to schema/report.schema.json and the SARIF 2.1.0 schema.
func TestEveryCommandWritesTheSameReport(t *testing.T) {
	commands := map[string][]string{
		"check":    {"check", "-c", "bp-sandbox-b4", "../../fixtures/streams/mcp-drifted.yaml"},
		"validate": {"validate", fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-same-regions.yaml"},
		"flux":     {"flux", "-c", "bp-sandbox-b4", "../../fixtures/charts/bp-sandbox-drifted", "--helmrelease", "../../fixtures/flux/helmrelease.yaml"},
		"extract":  {"extract", extractFixture},
	}
	reportSchema := compileSchema(t, filepath.Join("..", "..", "schema", "report.schema.json"), "")
	sarifSchema := compileSchema(t, filepath.Join("..", "..", "schema", "sarif-2.1.0.json"),
		"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
	for name, args := range commands {
		for format, sch := range map[string]*jsonschema.Schema{"json": reportSchema, "sarif": sarifSchema} {
			t.Run(name+"/"+format, func(t *testing.T) {
				stdout, stderr, code := execute(t, "", append(args, "-o", format)...)
				require.Less(t, code, 2, stderr)
				doc := stdout
				if name == "flux" { // stdout carries the block; the report goes to stderr
					doc = stderr
				}
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
				require.NoError(t, err, doc)
				assert.NoError(t, sch.Validate(inst))
				if format == "json" {
					assert.Contains(t, doc, `"command": "`+name+`"`)
				}
			})
		}
	}
}

func compileSchema(t *testing.T, path, id string) *jsonschema.Schema {
	t.Helper()
	if id == "" {
		sch, err := jsonschema.NewCompiler().Compile(path)
		require.NoError(t, err)
		return sch
	}
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource(id, doc))
	sch, err := c.Compile(id)
	require.NoError(t, err)
	return sch
}
