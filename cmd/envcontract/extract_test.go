package main

import (
	"github.com/openova/envcontract/internal/finding"

	"github.com/openova/envcontract/internal/exitcode"

	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/consumer"
)

const extractFixture = "../../fixtures/consumer"

func TestExtractGolden(t *testing.T) {
	for _, format := range []string{"text", "json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := execute(t, "", "extract", extractFixture, "-o", format)
			require.Equal(t, exitcode.OK, code, stderr)
			assert.Empty(t, stderr)
			golden(t, filepath.Join("extract", format+".golden"), stdout)
		})
	}
}

func TestExtractFailures(t *testing.T) {
	broken := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(broken, "main.go"), []byte("package main\n\nfunc main() {\n"), 0o600))
	tests := map[string]struct {
		args []string
		want string
	}{
		"no directory":        {args: []string{"extract"}, want: "requires at least 1 arg"},
		"missing directory":   {args: []string{"extract", "testdata/extract/absent"}, want: "no such file or directory"},
		"no Go files":         {args: []string{"extract", "testdata/extract"}, want: `read Go source "testdata/extract": no Go files`},
		"syntax error":        {args: []string{"extract", broken}, want: filepath.Join(broken, "main.go") + ":3:15: expected '}', found 'EOF'"},
		"unknown format":      {args: []string{"extract", extractFixture, "-o", "xml"}, want: `unknown output format "xml": use one of text, json, sarif, github`},
		"one bad of two dirs": {args: []string{"extract", extractFixture, broken}, want: "main.go:3:15: expected '}'"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := execute(t, "", tc.args...)
			assert.Equal(t, exitcode.Usage, code)
			assert.Empty(t, stdout, "nothing is printed when the input cannot be read")
			assert.Contains(t, stderr, tc.want)
		})
	}
}

// TestExtractYAMLReadsBack checks the skeleton is YAML that gives back the
// names as they are, however odd, and keeps dynamic reads in comments.
func TestExtractYAMLReadsBack(t *testing.T) {
	loc := []finding.Pos{{File: "main.go", Line: 3, Col: 9, Doc: -1}}
	tests := map[string]struct {
		names   []string
		dynamic []finding.Pos
		want    []string
	}{
		"plain names": {names: []string{"A", "SANDBOX_ORG_ID"}, want: []string{"A", "SANDBOX_ORG_ID"}},
		"names YAML would retype or misread": {
			names: []string{"yes", "1.0", "null", "a: b", "#x", " padded", "-", "x\ny", "tab\there", `quote"`},
			want:  []string{"yes", "1.0", "null", "a: b", "#x", " padded", "-", "x\ny", "tab\there", `quote"`},
		},
		"nothing read": {want: []string{}},
		"only dynamic": {dynamic: loc, want: []string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res := &consumer.Result{Dynamic: tc.dynamic}
			for _, n := range tc.names {
				res.Reads = append(res.Reads, consumer.Read{Name: n, Locations: loc})
			}
			var out bytes.Buffer
			require.NoError(t, writeExtractYAML(&out, res, []string{"./svc"}))
			var doc struct {
				Require []string `yaml:"require"`
			}
			require.NoError(t, yaml.Unmarshal(out.Bytes(), &doc), out.String())
			if len(tc.want) == 0 {
				assert.Empty(t, doc.Require)
			} else {
				assert.Equal(t, tc.want, doc.Require)
			}
			assert.Equal(t, len(tc.dynamic) > 0, bytes.Contains(out.Bytes(), []byte("#   main.go:3")), out.String())
		})
	}
}

func TestExtractTextNothingFound(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, writeExtractText(&out, &consumer.Result{}, nil))
	assert.Equal(t, "no env reads found\n", out.String())
}
