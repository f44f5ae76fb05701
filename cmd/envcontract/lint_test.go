package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/exitcode"
)

const lintData = "../../internal/lint/testdata/"

// TestLintGolden runs lint in-process and compares stdout with
// testdata/lint/<case> (go test ./cmd/envcontract -update rewrites).
func TestLintGolden(t *testing.T) {
	cases := map[string]struct {
		args []string
		code int
		note string // on stderr: which schema ran
	}{
		"real-shape.txt": {
			args: []string{lintData + "realshape"}, code: exitcode.OK,
			note: "lint: 7 templates of chart bp-sandbox against ../../internal/lint/testdata/realshape/values.schema.json",
		},
		"old-shape-schema.txt": {
			args: []string{lintData + "realshape", "--schema", lintData + "oldshape.schema.json"}, code: exitcode.Findings,
			note: "against ../../internal/lint/testdata/oldshape.schema.json",
		},
		"faults.txt":        {args: []string{lintData + "faults"}, code: exitcode.Findings},
		"warnings.txt":      {args: []string{lintData + "warnings", "--fail-on", "warning"}, code: exitcode.Findings},
		"warnings-pass.txt": {args: []string{lintData + "warnings"}, code: exitcode.OK},
		"faults.github":     {args: []string{lintData + "faults", "-o", "github"}, code: exitcode.Findings},
		"faults.sarif":      {args: []string{lintData + "faults", "-o", "sarif"}, code: exitcode.Findings},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := execute(t, "", append([]string{"lint"}, tc.args...)...)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr)
			assert.Contains(t, stderr, tc.note)
			golden(t, "lint/"+name, stdout)
		})
	}
}

func TestLintJSON(t *testing.T) {
	stdout, _, code := execute(t, "", "lint", lintData+"faults", "-o", "json")
	require.Equal(t, exitcode.Findings, code)
	var got struct {
		Command  string
		Findings []struct {
			Code, Severity string
			Position       struct {
				File         string
				Line, Column int
				Pointer      string
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	assert.Equal(t, "lint", got.Command)
	var codes []string
	for _, f := range got.Findings {
		codes = append(codes, f.Code+" "+f.Severity+" "+f.Position.Pointer)
	}
	assert.Equal(t, []string{"undeclared-value error /image/pullPolicy", "shape-clash error /extraEnv", "dead-value warning /oldFlag"}, codes)
	assert.Equal(t, lintData+"faults/templates/deployment.yaml", got.Findings[0].Position.File)
	assert.Equal(t, 11, got.Findings[0].Position.Line)
	assert.Equal(t, 31, got.Findings[0].Position.Column)
}

func TestLintUsage(t *testing.T) {
	cases := map[string]struct {
		args []string
		want string
	}{
		"no chart":      {nil, "accepts 1 arg"},
		"missing chart": {[]string{"nochart"}, `loading chart "nochart"`},
		"bad output":    {[]string{lintData + "faults", "-o", "xml"}, `unknown output format "xml"`},
		"bad schema":    {[]string{lintData + "faults", "--schema", lintData + "faults/values.yaml"}, "faults/values.yaml"},
		"bad fail-on":   {[]string{lintData + "faults", "--fail-on", "info"}, `--fail-on must be error or warning, not "info"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := execute(t, "", append([]string{"lint"}, tc.args...)...)
			assert.Equal(t, exitcode.Usage, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.want)
		})
	}
}
