package main

import (
	"github.com/openova/envcontract/internal/exitcode"

	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenderFixtures(t *testing.T) {
	tests := map[string]struct {
		input string
		args  []string
	}{
		"mcp-drifted":         {input: "fixtures/streams/mcp-drifted.yaml", args: []string{"-c", "bp-sandbox-b4"}},
		"mcp-drifted-overlay": {input: "fixtures/streams/mcp-drifted.yaml", args: []string{"-c", "bp-sandbox-b4", "-f", "../../fixtures/values/overlay.yaml"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in := readFixture(t, tc.input)
			out, stderr, code := execute(t, in, append([]string{"render"}, tc.args...)...)
			require.Equal(t, exitcode.OK, code, stderr)
			golden(t, filepath.Join("render", name+".yaml"), out)

			again, _, code := execute(t, out, append([]string{"render"}, tc.args...)...)
			require.Equal(t, exitcode.OK, code)
			assert.Equal(t, out, again, "render is idempotent")

			_, _, code = execute(t, out, append([]string{"check"}, tc.args...)...)
			assert.Equal(t, exitcode.OK, code, "check passes what render wrote")
		})
	}
}

func TestRenderLeavesTheFixedShapeAlone(t *testing.T) {
	in := readFixture(t, "fixtures/streams/mcp-fixed.yaml")
	out, stderr, code := execute(t, in, "render", "-c", "bp-sandbox-b4")
	require.Equal(t, exitcode.OK, code, stderr)
	assert.Equal(t, in, out, "byte-identical")
}

func TestRenderEmptyStream(t *testing.T) {
	for name, in := range map[string]string{"empty": "", "comment-only": "---\n# Source: x/templates/off.yaml\n"} {
		t.Run(name, func(t *testing.T) {
			out, _, code := execute(t, in, "render")
			require.Equal(t, exitcode.OK, code)
			assert.NotEmpty(t, strings.TrimSpace(out), "Helm 4 refuses empty post-renderer output")
			if in != "" {
				assert.Equal(t, in, out)
			}
		})
	}
}

func TestRenderFailureWritesNothing(t *testing.T) {
	in := strings.Replace(readFixture(t, "fixtures/streams/mcp-drifted.yaml"),
		"- name: ORG_ID", "- name: SANDBOX_GITEA_TOKEN\n          value: canary-9f8e7d\n        - name: ORG_ID", 1)
	require.Contains(t, in, "canary-9f8e7d", "the fixture changed; adjust the replacement")
	logFile := filepath.Join(t.TempDir(), "logs", "render.log")
	out, stderr, code := execute(t, in, "render", "-c", "bp-sandbox-b4", "--log-file", logFile)
	assert.Equal(t, exitcode.Findings, code)
	assert.Empty(t, out, "a failing post-renderer prints nothing on stdout")
	assert.Contains(t, stderr, "SANDBOX_GITEA_TOKEN is a secret and carries a literal value (not shown)")
	log, err := os.ReadFile(logFile)
	require.NoError(t, err)
	assert.Contains(t, string(log), "SANDBOX_GITEA_TOKEN is a secret")
	for _, s := range []string{stderr, string(log)} {
		assert.NotContains(t, s, "canary-9f8e7d")
	}
}

func TestRenderBadInput(t *testing.T) {
	tests := map[string]struct {
		in   string
		args []string
		want string
	}{
		"content on a separator": {in: "a: 1\n--- b: 2\n", want: "line 2"},
		"duplicate key":          {in: "kind: Pod\nkind: Deployment\n", want: "duplicate"},
		"over the size limit":    {in: "kind: Pod\n", args: []string{"--max-input-bytes", "4"}, want: "--max-input-bytes"},
		"unknown contract":       {in: "", args: []string{"-c", "nope"}, want: `unknown built-in contract "nope"`},
		"missing values file":    {in: "", args: []string{"-f", "does-not-exist.yaml"}, want: "does-not-exist.yaml"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := execute(t, tc.in, append([]string{"render"}, tc.args...)...)
			assert.Equal(t, exitcode.Usage, code)
			assert.Empty(t, out)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

func TestCheckReports(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			out, _, code := execute(t, "", "check", "-c", "bp-sandbox-b4", "../../fixtures/streams/mcp-drifted.yaml", "-o", format)
			assert.Equal(t, exitcode.Findings, code)
			golden(t, filepath.Join("check", "mcp-drifted."+format), out)
		})
	}
	_, _, code := execute(t, "", "check", "-c", "bp-sandbox-b4", "../../fixtures/streams/mcp-fixed.yaml")
	assert.Equal(t, exitcode.OK, code)
	_, _, code = execute(t, "", "check", "-c", "bp-sandbox-b4", "--fail-on", "warning", "../../fixtures/streams/mcp-fixed.yaml")
	assert.Equal(t, exitcode.Findings, code, "the controller and pty-server workloads match nothing in a controller-side stream")
	_, stderr, code := execute(t, "", "check", "no-such-file.yaml")
	assert.Equal(t, exitcode.Usage, code)
	assert.Contains(t, stderr, "no-such-file.yaml")
}

func TestContractShow(t *testing.T) {
	out, _, code := execute(t, "", "contract", "show")
	require.Equal(t, exitcode.OK, code)
	assert.Equal(t, readFixture(t, "internal/contract/builtin/bp-sandbox.yaml"), out)
	_, stderr, code := execute(t, "", "contract", "show", "nope")
	assert.Equal(t, exitcode.Usage, code)
	assert.Contains(t, stderr, "known: bp-sandbox")
}

func TestCheckConsumerContract(t *testing.T) {
	for _, format := range []string{"text", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			out, _, code := execute(t, "", "check", "-c", "../../fixtures/contracts/mcp-consumer.yaml",
				"../../fixtures/streams/mcp-drifted.yaml", "-o", format)
			assert.Equal(t, exitcode.Findings, code)
			golden(t, filepath.Join("check", "mcp-consumer."+format), out)
		})
	}
}

func TestCheckTwoProgramsInOneContainer(t *testing.T) {
	// Today's pty-server container runs the pty-server and the MCP server:
	// the three names the MCP reads and nothing sets, and no false warning.
	out, _, code := execute(t, "", "check", "-c", "../../fixtures/contracts/pty-server-two-programs.yaml",
		"../../fixtures/streams/pty-server-today.yaml", "-o", "text")
	assert.Equal(t, exitcode.Findings, code)
	golden(t, filepath.Join("check", "pty-server-two-programs.text"), out)
}
