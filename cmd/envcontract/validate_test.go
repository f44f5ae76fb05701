package main

import (
	"encoding/json"
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
			code: exitOK,
		},
		"helmrelease-duplicate-key": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-duplicate.yaml"},
			code: exitFindings,
		},
		"helmrelease-same-regions": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-same-regions.yaml"},
			code: exitFindings,
		},
		"helmrelease-unset-variable": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-unset.yaml"},
			code: exitFindings,
		},
		"helmrelease-enabled-integer": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-enabled-int.yaml"},
			code: exitFindings,
		},
		"helmrelease-var-overrides-kustomization": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--kustomization", fixtureKS + "-same-regions.yaml",
				"--var", "CNPG_REPLICA_REGION=eu-north"},
			code: exitOK,
		},
		"helmrelease-non-strict": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR, "--var", "SANDBOX_ENABLED=true", "--strict=false"},
			code: exitFindings,
		},
		"helmrelease-no-variables": {
			args: []string{fixtureChart, "--helmrelease", fixtureHR},
			code: exitFindings,
		},
		"values-files-and-set": {
			args: []string{fixtureChart, "-f", vdata + "each/bad-fqdn.yaml", "--set", "replicas=-1", "--set-string", "enabled=true"},
			code: exitFindings,
		},
		"each": {
			args: []string{"--chart", fixtureChart, "--each", vdata + "each/good.yaml", vdata + "each/bad-enabled.yaml", vdata + "each/bad-fqdn.yaml"},
			code: exitFindings,
		},
		"chart-schemas-like-helm": {
			args: []string{vdata + "schemachart", "--schema", vdata + "custom.schema.json",
				"--set", "port=70000,host=not_a_host,db.size=0,regions.a=x,regions.b=x,url=rel"},
			code: exitFindings,
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
			assert.Equal(t, exitFindings, code)
			assert.Contains(t, stdout, "KEYCLOAK_ADMIN_TOKEN is a secret env")
			assert.NotContains(t, strings.ToLower(stdout), "do-not-print-me")
		})
	}
}

func TestValidateJSON(t *testing.T) {
	stdout, _, code := execute(t, "", "validate", fixtureChart, "-o", "json", "--helmrelease", fixtureHR,
		"--kustomization", fixtureKS+"-duplicate.yaml")
	require.Equal(t, exitFindings, code)
	var got []validateFinding
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	require.Len(t, got, 1, "the values are still checked, with the last duplicate as Kubernetes reads it: they are valid")
	assert.Equal(t, validateFinding{File: fixtureKS + "-duplicate.yaml", Line: 23, Column: 7,
		Pointer: "/spec/postBuild/substitute/CLUSTER_NAME", Severity: "error",
		Message: `duplicate key "CLUSTER_NAME" (first at line 15): readers disagree on which one counts (the API server keeps the last); keep one`}, got[0])
}

func TestValidateUsage(t *testing.T) {
	cases := map[string]struct {
		args []string
		want string
	}{
		"bad output":          {[]string{"-o", "sarif"}, `-o "sarif": use text or json`},
		"two charts":          {[]string{"a", "b"}, "validate takes one CHART (got 2 arguments)"},
		"chart twice":         {[]string{"a", "--chart", "b"}, "give the chart once"},
		"each without files":  {[]string{"--each"}, "--each needs at least one values FILE"},
		"missing values file": {[]string{"-f", "nope.yaml"}, "nope.yaml"},
		"missing chart":       {[]string{"nochart"}, `loading chart "nochart"`},
		"missing helmrelease": {[]string{"--helmrelease", "nope.yaml"}, "reading the HelmRelease"},
		"not a helmrelease":   {[]string{"--helmrelease", fixtureKS + ".yaml"}, "no HelmRelease in the file"},
		"bad var":             {[]string{"--helmrelease", fixtureHR, "--var", "NOVALUE"}, `--var "NOVALUE": expected NAME=VALUE`},
		"duplicate in -f":     {[]string{"-f", vdata + "dup.yaml"}, `duplicate mapping key "enabled"`},
		"bad schema":          {[]string{"--schema", vdata + "each/good.yaml"}, "good.yaml:1: not JSON"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := execute(t, "", append([]string{"validate"}, tc.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.want)
		})
	}
}
