package main

import (
	"github.com/openova/envcontract/internal/finding"

	"github.com/openova/envcontract/internal/exitcode"

	"bytes"
	"encoding/json"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	fixtureChart = "../../fixtures/validate/bp-sandbox"
	fixtureHR    = "../../fixtures/validate/helmrelease.yaml"
	fixtureKS    = "../../fixtures/validate/kustomization"
	vdata        = "testdata/validate/"

	fixtureChart01 = "../../fixtures/validate/bp-sandbox-0.1"
	fixtureHR19a   = "../../fixtures/validate/helmrelease-19a.yaml"
	fixtureKSKit   = "../../fixtures/validate/kustomization-bootstrap-kit.yaml"
	fixtureHR61    = "../../fixtures/validate/helmrelease-61.yaml"
	oldShapes      = "../../fixtures/values/old-shapes.yaml"
)

// TestValidateGolden runs validate in-process and compares stdout with
// testdata/validate/<case>.txt (go test ./cmd/envcontract -update rewrites).
func TestValidateGolden(t *testing.T) {
	cases := map[string]struct {
		args []string
		code int
	}{
		"helmrelease-clean": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + ".yaml"},
			code: exitcode.OK,
		},
		"helmrelease-duplicate-key": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-duplicate.yaml"},
			code: exitcode.Findings,
		},
		"helmrelease-same-regions": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-same-regions.yaml"},
			code: exitcode.Findings,
		},
		"helmrelease-unset-variable": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-unset.yaml"},
			code: exitcode.Findings,
		},
		"helmrelease-enabled-integer": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-enabled-int.yaml"},
			code: exitcode.Findings,
		},
		"helmrelease-var-overrides-kustomization": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-same-regions.yaml",
				"--var", "CNPG_REPLICA_REGION=eu-north"},
			code: exitcode.OK,
		},
		"helmrelease-non-strict": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--var", "SANDBOX_ENABLED=true", "--strict=false"},
			code: exitcode.Findings,
		},
		"helmrelease-no-variables": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR},
			code: exitcode.Findings,
		},
		"values-files-and-set": {
			args: []string{fixtureChart, "-f", vdata + "each/bad-fqdn.yaml", "--set", "replicas=-1", "--set-string", "enabled=true"},
			code: exitcode.Findings,
		},
		"each": {
			args: []string{"--chart", fixtureChart, "--each", vdata + "each/good.yaml", vdata + "each/bad-enabled.yaml", vdata + "each/bad-fqdn.yaml"},
			code: exitcode.Findings,
		},
		"real-chart-defaults":     {args: []string{fixtureChart}, code: exitcode.OK},
		"real-chart-0.1-defaults": {args: []string{fixtureChart01}, code: exitcode.OK},
		"real-chart-0.1-enabled": {
			args: []string{fixtureChart01, "--set", "enabled=true,env.hostCluster=hz-fsn-rtz-prod,env.sovereignFQDN=omantel.omani.works,image.tag=abc1234"},
			code: exitcode.OK,
		},
		"old-shapes":          {args: []string{fixtureChart, "-f", oldShapes}, code: exitcode.Findings},
		"old-shapes-no-chart": {args: []string{"-f", oldShapes}, code: exitcode.Findings},
		"old-shapes-0.1":      {args: []string{fixtureChart01, "-f", oldShapes}, code: exitcode.Findings},
		"helmrelease-19a": {
			args: []string{"--helmrelease", fixtureHR19a, "--kustomization", fixtureKSKit},
			code: exitcode.OK,
		},
		"helmrelease-19a-chart": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR19a, "--kustomization", fixtureKSKit},
			code: exitcode.OK,
		},
		"helmrelease-61": {
			args: []string{"--helmrelease", fixtureHR61, "--kustomization", fixtureKSKit},
			code: exitcode.OK,
		},
		"helmrelease-61-enabled": {
			args: []string{"--helmrelease", fixtureHR61, "--kustomization", fixtureKSKit, "--var", "SANDBOX_ENABLED=true"},
			code: exitcode.Findings,
		},
		"helmrelease-19a-hot-standby": {
			args: []string{"--helmrelease", fixtureHR19a, "--kustomization", fixtureKSKit,
				"--var", "SOVEREIGN_ENABLE_HOT_STANDBY=true", "--var", "SOVEREIGN_PRIMARY_REGION=hz-fsn-rtz-prod"},
			code: exitcode.Findings,
		},
		"null-deletes-a-default": {
			args: []string{"--set", "enabled=true,env.hostCluster=h,env.sovereignFQDN=a.example,runtime.newapiURL=https://n.example",
				"--set", "cnpg.activeHotStandby.enabled=null,runtime.ptyServerImage=null"},
			code: exitcode.Findings,
		},
		"chart-schemas-like-helm": {
			args: []string{vdata + "schemachart", "--schema", vdata + "custom.schema.json",
				"--set", "port=70000,host=not_a_host,db.size=0,regions.a=x,regions.b=x,url=rel"},
			code: exitcode.Findings,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := execute(t, "", append([]string{"validate"}, tc.args...)...)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr)
			golden(t, "validate/"+name+".txt", stdout)
		})
	}
}

func TestValidateNeverPrintsSecrets(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			stdout, _, code := execute(t, "", "validate", "-o", format, "-f", vdata+"each/bad-fqdn.yaml",
				"--set-string", "sso.apiToken.name=Do-Not-Print-Me-Either")
			assert.Equal(t, exitcode.Findings, code)
			assert.Contains(t, stdout, "KEYCLOAK_ADMIN_TOKEN is a secret env")
			assert.NotContains(t, strings.ToLower(stdout), "do-not-print-me")
		})
	}
}

func TestValidateJSON(t *testing.T) {
	stdout, _, code := execute(t, "", "validate", fixtureChart, "-o", "json", "--helmrelease", fixtureHR,
		"--kustomization", fixtureKS+"-duplicate.yaml")
	require.Equal(t, exitcode.Findings, code)
	var got struct {
		APIVersion, Command string
		Findings            []struct {
			Code, Severity, Message string
			Position                finding.Pos
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	assert.Equal(t, "envcontract.dev/report/v1", got.APIVersion)
	assert.Equal(t, "validate", got.Command)
	require.Len(t, got.Findings, 1, "the values are still checked, with the last duplicate as Kubernetes reads it: they are valid")
	f := got.Findings[0]
	assert.Equal(t, "duplicate-key", f.Code)
	assert.Equal(t, "error", f.Severity)
	assert.Equal(t, finding.Pos{File: fixtureKS + "-duplicate.yaml", Line: 23, Col: 7,
		Pointer: "/spec/postBuild/substitute/CLUSTER_NAME"}, f.Position)
	assert.Equal(t, `duplicate key "CLUSTER_NAME" (first at line 15): readers disagree on which one counts (the API server keeps the last); keep one`, f.Message)
}

func TestValidateUsage(t *testing.T) {
	cases := map[string]struct {
		args []string
		want string
	}{
		"bad output":          {[]string{"-o", "xml"}, `unknown output format "xml": use one of text, json, sarif, github`},
		"two charts":          {[]string{"a", "b"}, "validate takes one CHART (got 2 arguments)"},
		"chart twice":         {[]string{"a", "--chart", "b"}, "give the chart once"},
		"each without files":  {[]string{"--each"}, "--each needs at least one values FILE"},
		"missing values file": {[]string{"-f", "nope.yaml"}, "nope.yaml"},
		"missing chart":       {[]string{"nochart"}, `loading chart "nochart"`},
		"missing helmrelease": {[]string{"--helmrelease", "nope.yaml"}, "reading the HelmRelease"},
		"not a helmrelease":   {[]string{"--helmrelease", fixtureKS + ".yaml"}, "no HelmRelease in the file"},
		"bad var":             {[]string{"--helmrelease", fixtureHR, "--var", "NOVALUE"}, `--var item 1: expected NAME=VALUE (value not shown)`},
		"duplicate in -f":     {[]string{"-f", vdata + "dup.yaml"}, `duplicate mapping key "enabled"`},
		"bad schema":          {[]string{"--schema", vdata + "each/good.yaml"}, "good.yaml:1: not JSON"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := execute(t, "", append([]string{"validate"}, tc.args...)...)
			assert.Equal(t, exitcode.Usage, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

// TestValidateHelmReleaseDefaultIsNotABoolean: the 19a HelmRelease with
// ${SANDBOX_ENABLED:-yes please} gives enabled the string "yes please".
func TestValidateHelmReleaseDefaultIsNotABoolean(t *testing.T) {
	data, err := os.ReadFile(fixtureHR19a)
	require.NoError(t, err)
	hr := filepath.Join(t.TempDir(), "hr.yaml")
	changed := strings.Replace(string(data), "${SANDBOX_ENABLED:-true}", "${SANDBOX_ENABLED:-yes please}", 1)
	require.NotEqual(t, string(data), changed)
	require.NoError(t, os.WriteFile(hr, []byte(changed), 0o600))
	for _, chart := range []string{"", fixtureChart} {
		args := []string{"validate", "--helmrelease", hr, "--kustomization", fixtureKSKit}
		if chart != "" {
			args = append(args, chart)
		}
		stdout, stderr, code := execute(t, "", args...)
		assert.Equal(t, exitcode.Findings, code, "stderr: %s", stderr)
		assert.Contains(t, stdout, "hr.yaml:62:14: /enabled: got string, want boolean")
	}
}

// TestValidateNoRawHelmLog: Helm's coalesce logs its warnings through the
// standard logger; validate reports them as findings and logs nothing.
func TestValidateNoRawHelmLog(t *testing.T) {
	var logged bytes.Buffer
	w, flags := log.Writer(), log.Flags()
	log.SetOutput(&logged)
	defer func() { log.SetOutput(w); log.SetFlags(flags) }()

	for _, args := range [][]string{
		{"validate", fixtureChart, "-f", oldShapes},
		{"validate", "-f", oldShapes},
		{"validate", fixtureChart, "-o", "json", "-f", oldShapes},
	} {
		stdout, stderr, code := execute(t, "", args...)
		assert.Equal(t, exitcode.Findings, code)
		assert.Contains(t, stdout, "Helm ignores the default")
		for _, out := range []string{stdout, stderr} {
			assert.NotContains(t, out, "coalesce.go")
			assert.NotContains(t, out, "destination for")
			assert.NotContains(t, out, "LLM_GATEWAY_TOKEN", "the ignored value is never shown")
		}
	}
	assert.Empty(t, logged.String())
}

// TestValidateSaysWhichSchema: with a chart, its Chart.yaml version picks
// the built-in schema, and a note on standard error says which.
func TestValidateSaysWhichSchema(t *testing.T) {
	cases := map[string]struct {
		args []string
		want string
	}{
		"today's chart": {[]string{fixtureChart}, "envcontract: chart sandbox 0.3.9 (../../fixtures/validate/bp-sandbox/Chart.yaml): " +
			"values checked against the built-in bp-sandbox schema of today's layout (chart 0.2.0 and later)\n"},
		"0.1.x chart": {[]string{fixtureChart01, "-o", "json"}, "envcontract: chart sandbox 0.1.0 (../../fixtures/validate/bp-sandbox-0.1/Chart.yaml): " +
			"values checked against the built-in bp-sandbox schema of the chart 0.1.x layout\n"},
		"each, said once": {[]string{"--chart", fixtureChart01, "--each", vdata + "each/good.yaml", vdata + "each/good.yaml"}, "envcontract: chart sandbox 0.1.0 (../../fixtures/validate/bp-sandbox-0.1/Chart.yaml): " +
			"values checked against the built-in bp-sandbox schema of the chart 0.1.x layout\n"},
		"no chart": {[]string{"-f", vdata + "each/good.yaml"}, ""},
		"no chart, the HelmRelease's version": {[]string{"--helmrelease", fixtureHR19a, "--kustomization", fixtureKSKit},
			"envcontract: " + fixtureHR19a + " pins chart version 0.3.9: values checked against the built-in bp-sandbox schema of today's layout (chart 0.2.0 and later)\n"},
		"no chart, a 0.1.x HelmRelease": {[]string{"--helmrelease", fixtureHR61, "--kustomization", fixtureKSKit},
			"envcontract: " + fixtureHR61 + " pins chart version 0.1.0: values checked against the built-in bp-sandbox schema of the chart 0.1.x layout\n"},
		"the chart's version wins": {[]string{fixtureChart01, "--helmrelease", fixtureHR19a, "--kustomization", fixtureKSKit},
			"envcontract: chart sandbox 0.1.0 (../../fixtures/validate/bp-sandbox-0.1/Chart.yaml): values checked against the built-in bp-sandbox schema of the chart 0.1.x layout\n"},
		"--schema": {[]string{vdata + "schemachart", "--schema", vdata + "custom.schema.json"}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, stderr, _ := execute(t, "", append([]string{"validate"}, tc.args...)...)
			assert.Equal(t, tc.want, stderr)
		})
	}
}
