package main

import (
	"github.com/openova/envcontract/internal/exitcode"

	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func execute(t *testing.T, in string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(in), &out, &errOut)
	return out.String(), errOut.String(), code
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(path))
	require.NoError(t, err)
	return string(data)
}

// TestRenderLikeEnvcontractRender holds the post-renderer binary to the
// golden files of `envcontract render`: the same bytes for the same input.
func TestRenderLikeEnvcontractRender(t *testing.T) {
	tests := map[string][]string{
		"mcp-drifted":         {"-c", "bp-sandbox-b4"},
		"mcp-drifted-overlay": {"-c", "bp-sandbox-b4", "-f", "../../fixtures/values/overlay.yaml"},
	}
	in := readFile(t, "../../fixtures/streams/mcp-drifted.yaml")
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := execute(t, in, args...)
			require.Equal(t, 0, code, stderr)
			assert.Equal(t, readFile(t, "../envcontract/testdata/render/"+name+".yaml"), out)
		})
	}
}

func TestRenderWithChartValues(t *testing.T) {
	in := readFile(t, "../../fixtures/streams/mcp-drifted.yaml")
	out, stderr, code := execute(t, in, "-c", "bp-sandbox-b4", "--chart", "../../fixtures/charts/bp-sandbox-drifted", "-f", "../../fixtures/values/enabled.yaml")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "- name: SANDBOX_ORG_ID")
	fixed := readFile(t, "../../fixtures/streams/mcp-fixed.yaml")
	out, _, code = execute(t, fixed, "-c", "bp-sandbox-b4", "--chart", "../../fixtures/charts/bp-sandbox", "-f", "../../fixtures/values/enabled.yaml")
	require.Equal(t, 0, code)
	assert.Equal(t, fixed, out, "a stream that keeps the contract passes byte for byte")
}

func TestFailures(t *testing.T) {
	drifted := readFile(t, "../../fixtures/streams/mcp-drifted.yaml")
	secret := strings.Replace(drifted, "- name: ORG_ID",
		"- name: SANDBOX_GITEA_TOKEN\n          value: canary-9f8e7d\n        - name: ORG_ID", 1)
	require.Contains(t, secret, "canary-9f8e7d", "the fixture changed; adjust the replacement")
	tests := map[string]struct {
		in   string
		args []string
		code int
		want string
	}{
		"a literal secret":    {in: secret, args: []string{"-c", "bp-sandbox-b4"}, code: exitcode.Findings, want: "SANDBOX_GITEA_TOKEN is a secret and carries a literal value (not shown)"},
		"malformed input":     {in: "kind: Pod\nkind: Deployment\n", code: exitcode.Usage, want: "duplicate"},
		"unknown contract":    {args: []string{"-c", "nope"}, code: exitcode.Usage, want: `unknown built-in contract "nope"`},
		"missing values":      {args: []string{"-f", "does-not-exist.yaml"}, code: exitcode.Usage, want: "does-not-exist.yaml"},
		"an unknown flag":     {args: []string{"--nope"}, code: exitcode.Usage, want: "unknown flag: --nope"},
		"a stray argument":    {args: []string{"render"}, code: exitcode.Usage, want: `unexpected argument "render"`},
		"over the size limit": {in: "kind: Pod\n", args: []string{"--max-input-bytes", "4"}, code: exitcode.Usage, want: "--max-input-bytes"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			logFile := filepath.Join(t.TempDir(), "logs", "render.log")
			out, stderr, code := execute(t, tc.in, append([]string{"--log-file", logFile}, tc.args...)...)
			assert.Equal(t, tc.code, code)
			assert.Empty(t, out, "a failing post-renderer prints nothing on stdout")
			assert.Contains(t, stderr, tc.want)
			log, err := os.ReadFile(logFile)
			require.NoError(t, err, "Helm 4 drops stderr: the reason must reach the log file")
			assert.Contains(t, string(log), tc.want)
			for _, s := range []string{stderr, string(log)} {
				assert.NotContains(t, s, "canary-9f8e7d")
			}
		})
	}
}

func TestHelp(t *testing.T) {
	out, stderr, code := execute(t, "", "--help")
	assert.Equal(t, 0, code)
	assert.Empty(t, out)
	assert.Contains(t, stderr, "--post-renderer envcontract-render")
	assert.Contains(t, stderr, "--contract")
}
