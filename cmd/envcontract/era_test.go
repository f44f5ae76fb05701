package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/exitcode"
)

// errorsOf runs check -o json and returns the env names of its error
// findings by code, and the exit status.
func errorsOf(t *testing.T, args ...string) (map[string][]string, int) {
	t.Helper()
	out, stderr, code := execute(t, "", append([]string{"check", "-o", "json"}, args...)...)
	require.Less(t, code, exitcode.Usage, stderr)
	var rep struct {
		Findings []struct {
			Code, Severity, Env string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	got := map[string][]string{}
	for _, f := range rep.Findings {
		if f.Severity == "error" {
			got[f.Code] = append(got[f.Code], f.Env)
		}
	}
	return got, code
}

// The built-in contracts by era against the streams of each era.
func TestCheckByEra(t *testing.T) {
	tests := map[string]struct {
		args       []string
		wantCode   int
		wantErrors map[string][]string
	}{
		// Today (chart 0.3.4+), the default contract.
		"today's per-Sandbox stream: only the real drift": {
			args:       []string{"../../fixtures/streams/sandbox-today.yaml"},
			wantCode:   exitcode.Findings,
			wantErrors: map[string][]string{"missing": {"SANDBOX_TENANT_API_URL"}},
		},
		"today's stream without SANDBOX_ORG_ID": {
			args:       []string{"../../fixtures/streams/sandbox-today-no-org-id.yaml"},
			wantCode:   exitcode.Findings,
			wantErrors: map[string][]string{"missing": {"SANDBOX_ORG_ID", "SANDBOX_TENANT_API_URL"}},
		},
		"today's chart: the controller Deployment": {
			args:       []string{"../../fixtures/streams/sandbox-chart-today.yaml"},
			wantCode:   exitcode.OK,
			wantErrors: map[string][]string{},
		},
		"the pre-fix stream: an MCP Deployment with the bare names": {
			args:       []string{"../../fixtures/streams/mcp-drifted.yaml"},
			wantCode:   exitcode.Findings,
			wantErrors: map[string][]string{"forbidden": {"ORG_ID", "SOVEREIGN_FQDN"}},
		},
		// The B4 era (chart 0.3.0-0.3.3).
		"bp-sandbox-b4 on the B4-era stream": {
			args:       []string{"-c", "bp-sandbox-b4", "../../fixtures/streams/mcp-fixed.yaml"},
			wantCode:   exitcode.OK,
			wantErrors: map[string][]string{},
		},
		"bp-sandbox-b4 on the pre-fix stream": {
			args:     []string{"-c", "bp-sandbox-b4", "../../fixtures/streams/mcp-drifted.yaml"},
			wantCode: exitcode.Findings,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, code := errorsOf(t, tc.args...)
			assert.Equal(t, tc.wantCode, code)
			if tc.wantErrors != nil {
				assert.Equal(t, tc.wantErrors, got)
			}
		})
	}
}

// render -c bp-sandbox-b4 still fixes the pre-fix stream, and render with
// today's contract wires a deleted SANDBOX_ORG_ID from the bare name.
func TestRenderByEra(t *testing.T) {
	fixed, stderr, code := execute(t, readFixture(t, "fixtures/streams/mcp-drifted.yaml"), "render", "-c", "bp-sandbox-b4")
	require.Equal(t, exitcode.OK, code, stderr)
	_, _, code = execute(t, fixed, "check", "-c", "bp-sandbox-b4")
	assert.Equal(t, exitcode.OK, code)

	out, stderr, code := execute(t, readFixture(t, "fixtures/streams/sandbox-today-no-org-id.yaml"), "render")
	require.Equal(t, exitcode.OK, code, stderr)
	assert.Contains(t, out, "            - name: SANDBOX_ORG_ID\n              value: $(ORG_ID)\n")
	_, _, code = execute(t, out, "check")
	assert.Equal(t, exitcode.OK, code, "check passes what render wrote")

	_, stderr, code = execute(t, readFixture(t, "fixtures/streams/mcp-drifted.yaml"), "render")
	assert.Equal(t, exitcode.Findings, code, "today's contract does not fix a pre-fix MCP Deployment")
	assert.Contains(t, stderr, "env ORG_ID must not be set")
}

func TestContractList(t *testing.T) {
	out, _, code := execute(t, "", "contract", "list")
	require.Equal(t, exitcode.OK, code)
	assert.Equal(t, "NAME                  CHART VERSIONS  WORKLOADS\n"+
		"bp-sandbox (default)  >=0.3.4         controller, pty-server, mcp-deployment\n"+
		"bp-sandbox-b4         >=0.3.0 <0.3.4  mcp, controller, pty-server\n", out)
}

func TestCheckWarnsOfAChartOfAnotherEra(t *testing.T) {
	chart := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(chart, "Chart.yaml"),
		[]byte("apiVersion: v2\nname: sandbox\nversion: 0.3.5\n"), 0o644))
	out, _, code := execute(t, "", "check", "-c", "bp-sandbox-b4", "--chart", chart, "../../fixtures/streams/mcp-fixed.yaml")
	assert.Equal(t, exitcode.OK, code, "a warning")
	assert.Contains(t, out, filepath.Join(chart, "Chart.yaml")+":3  warning")
	assert.Contains(t, out, "chart sandbox 0.3.5 is outside the versions contract bp-sandbox-b4 fits (>=0.3.0 <0.3.4); for this version use -c bp-sandbox")

	out, _, _ = execute(t, "", "check", "--chart", chart, "../../fixtures/streams/sandbox-chart-today.yaml")
	assert.NotContains(t, out, "chart-version", "bp-sandbox fits 0.3.5")
	assert.NotContains(t, out, "is outside the versions")

	hr := filepath.Join(t.TempDir(), "hr.yaml")
	require.NoError(t, os.WriteFile(hr, []byte(strings.Replace(readFixture(t, "fixtures/flux/helmrelease.yaml"),
		"      version: ", "      version: 0.3.1 # was ", 1)), 0o644))
	_, stderr, _ := execute(t, "", "flux", driftedChart, "--helmrelease", hr)
	assert.Contains(t, stderr, "hr.yaml:16: /spec/chart/spec/version: warning: chart bp-sandbox 0.3.1 is outside the versions contract bp-sandbox fits (>=0.3.4); for this version use -c bp-sandbox-b4")
}

// TestTodaysChartIsClean: the fixture chart of today's layout validates
// against the schema its version picks, and lint finds nothing in it: every
// value it declares is read, every value read is declared.
func TestTodaysChartIsClean(t *testing.T) {
	const chart = "../../fixtures/charts/bp-sandbox-today"
	out, stderr, code := execute(t, "", "validate", chart)
	assert.Equal(t, exitcode.OK, code, "stdout: %s\nstderr: %s", out, stderr)
	assert.Contains(t, stderr, "chart bp-sandbox 0.3.4")

	out, stderr, code = execute(t, "", "lint", chart, "--fail-on", "warning", "-o", "json")
	assert.Equal(t, exitcode.OK, code, "stdout: %s\nstderr: %s", out, stderr)
	assert.Contains(t, out, `"total": 0`)
}
