package main

import (
	"github.com/openova/envcontract/internal/exitcode"

	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
