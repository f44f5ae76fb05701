package main

import (
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"

	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const extractFixture = "../../fixtures/consumer"

func TestExtractGolden(t *testing.T) {
	programs := map[string]string{
		"":            extractFixture + "/...",                                    // every package of the module
		"controller-": "../../fixtures/sandbox-controller/cmd/sandbox-controller", // wrappers: required, defaults
		"libraries-":  "../../internal/consumer/testdata/libraries",               // struct tags, viper, prefixes
	}
	for prefix, dir := range programs {
		for _, format := range []string{"text", "json", "yaml"} {
			t.Run(prefix+format, func(t *testing.T) {
				stdout, stderr, code := execute(t, "", "extract", dir, "-o", format)
				require.Equal(t, exitcode.OK, code, stderr)
				assert.Empty(t, stderr)
				golden(t, filepath.Join("extract", prefix+format+".golden"), stdout)
			})
		}
	}
}

func TestExtractGOOS(t *testing.T) {
	dir := "../../internal/consumer/testdata/constraints"
	stdout, stderr, code := execute(t, "", "extract", dir, "--goos", "windows", "--goarch", "arm64")
	require.Equal(t, exitcode.OK, code, stderr)
	assert.Contains(t, stdout, "WINDOWS_ONLY")
	assert.NotContains(t, stdout, "LINUX_AMD64_ONLY")
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

func TestExtractYAMLPastesIntoAContract(t *testing.T) {
	stdout, stderr, code := execute(t, "", "extract", "../../fixtures/sandbox-controller/cmd/sandbox-controller", "-o", "yaml")
	require.Equal(t, exitcode.OK, code, stderr)
	doc := "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: pasted}\nspec:\n  workloads:\n" +
		"    - name: controller\n      match: {kinds: [Deployment]}\n"
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		doc += "      " + line + "\n"
	}
	c, err := contract.Parse([]byte(doc), "pasted.yaml")
	require.NoError(t, err, doc)
	w := c.Workloads[0]
	assert.Len(t, w.Require, 11, "7 required by mustEnv, 4 with no default known")
	assert.Len(t, w.Optional, 25, "the names with a default")
	for _, o := range w.Optional {
		assert.Contains(t, o.Reason, "defaults to ")
	}
}
