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

const (
	driftedChart  = "../../fixtures/charts/bp-sandbox-drifted"
	fluxRelease   = "../../fixtures/flux/helmrelease.yaml"
	fluxVariables = "../../fixtures/flux/kustomization.yaml"
)

func TestFluxPrintsTheBlock(t *testing.T) {
	out, stderr, code := execute(t, "", "flux", "-c", "bp-sandbox-b4", driftedChart, "--helmrelease", fluxRelease, "--kustomization", fluxVariables, "--verify")
	require.Equal(t, exitcode.OK, code, stderr)
	golden(t, filepath.Join("flux", "drifted.yaml"), out)
	assert.Contains(t, stderr, "verified: kustomize with 2 patches gives render's output for all 8 objects")

	plain, _, code := execute(t, "", "flux", "-c", "bp-sandbox-b4", driftedChart, "--helmrelease", fluxRelease)
	require.Equal(t, exitcode.OK, code)
	assert.Equal(t, out, plain, "the substitution checks the patches; it does not change them")
}

// TestFluxWriteRoundTrip: --write puts exactly the printed block into the
// HelmRelease, and writing again changes nothing.
func TestFluxWriteRoundTrip(t *testing.T) {
	orig := readFixture(t, "fixtures/flux/helmrelease.yaml")
	hr := filepath.Join(t.TempDir(), "helmrelease.yaml")
	require.NoError(t, os.WriteFile(hr, []byte(orig), 0o644))

	printed, _, code := execute(t, "", "flux", "-c", "bp-sandbox-b4", driftedChart, "--helmrelease", hr)
	require.Equal(t, exitcode.OK, code)
	out, stderr, code := execute(t, "", "flux", "-c", "bp-sandbox-b4", driftedChart, "--helmrelease", hr, "--write")
	require.Equal(t, exitcode.OK, code, stderr)
	assert.Empty(t, out, "--write prints no block")
	assert.Contains(t, stderr, "wrote spec.postRenderers (2 patches) to "+hr)

	written, err := os.ReadFile(hr)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(written), orig), "every line of the HelmRelease stays")
	var region strings.Builder
	for _, l := range strings.SplitAfter(strings.TrimPrefix(string(written), orig), "\n") {
		region.WriteString(strings.TrimPrefix(l, "  "))
	}
	assert.Equal(t, printed, region.String(), "the block in the file is the printed block")

	_, stderr, code = execute(t, "", "flux", "-c", "bp-sandbox-b4", driftedChart, "--helmrelease", hr, "--write", "--verify")
	require.Equal(t, exitcode.OK, code, stderr)
	again, err := os.ReadFile(hr)
	require.NoError(t, err)
	assert.Equal(t, string(written), string(again))

	reprinted, _, code := execute(t, "", "flux", "-c", "bp-sandbox-b4", driftedChart, "--helmrelease", hr)
	require.Equal(t, exitcode.OK, code)
	assert.Equal(t, printed, reprinted, "the block in the file is not read back as values or patches")
}

func TestFluxErrors(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.yaml")
	require.NoError(t, os.WriteFile(foreign, []byte(readFixture(t, "fixtures/flux/helmrelease.yaml")+
		"  postRenderers:\n    - kustomize:\n        images: [{name: x, newTag: \"1\"}]\n"), 0o644))
	dup := filepath.Join(dir, "dup.yaml")
	require.NoError(t, os.WriteFile(dup, []byte(readFixture(t, "fixtures/flux/helmrelease.yaml")+
		"    extraEnv:\n      HOST_CLUSTER: twice\n"), 0o644))

	tests := map[string]struct {
		args     []string
		code     int
		wantText string
	}{
		"no --helmrelease":        {args: []string{driftedChart}, code: exitcode.Usage, wantText: "--helmrelease FILE is required"},
		"no chart":                {args: []string{"--helmrelease", fluxRelease}, code: exitcode.Usage, wantText: "accepts 1 arg"},
		"a missing HelmRelease":   {args: []string{driftedChart, "--helmrelease", filepath.Join(dir, "none.yaml")}, code: exitcode.Usage, wantText: "none.yaml"},
		"a missing chart":         {args: []string{filepath.Join(dir, "nochart"), "--helmrelease", fluxRelease}, code: exitcode.Usage, wantText: "nochart"},
		"a block of someone else": {args: []string{driftedChart, "--helmrelease", foreign, "--write"}, code: exitcode.Usage, wantText: "was not written by envcontract flux"},
		"a violation render cannot fix": {args: []string{driftedChart, "--helmrelease", dup}, code: exitcode.Findings,
			wantText: "env HOST_CLUSTER is set twice"},
		"an unset variable": {args: []string{driftedChart, "--helmrelease", fluxRelease, "--var", "ORG_ID=acme"}, code: exitcode.Findings,
			wantText: "helmrelease.yaml:28:22: /spec/values/env/sovereignFQDN: variable SOVEREIGN_FQDN is not set"},
		"a bad --var": {args: []string{driftedChart, "--helmrelease", fluxRelease, "--var", "NOEQUALS"}, code: exitcode.Usage, wantText: "NAME=VALUE"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before, _ := os.ReadFile(foreign)
			out, stderr, code := execute(t, "", append([]string{"flux", "-c", "bp-sandbox-b4"}, tc.args...)...)
			assert.Equal(t, tc.code, code, stderr)
			assert.Empty(t, out)
			assert.Contains(t, stderr, tc.wantText)
			after, _ := os.ReadFile(foreign)
			assert.Equal(t, string(before), string(after), "a failed --write leaves the file alone")
		})
	}
}

const sandboxesKustomization = "../../fixtures/flux/sandboxes-kustomization.yaml"

// TestFluxKustomizationPatches: without --helmrelease, flux prints the
// spec.patches of the Flux Kustomization that applies the controller's
// per-Sandbox manifests, proven by kustomize's engine.
func TestFluxKustomizationPatches(t *testing.T) {
	out, stderr, code := execute(t, "", "flux", "--kustomization", sandboxesKustomization,
		"../../fixtures/streams/sandbox-today-no-org-id.yaml", "--verify")
	require.Equal(t, exitcode.OK, code, stderr)
	golden(t, filepath.Join("flux", "kustomization-today.yaml"), out)
	assert.Contains(t, stderr, "verified: kustomize with 1 patches gives render's output for all 11 objects")

	in := readFixture(t, "fixtures/streams/sandbox-today-no-org-id.yaml")
	stdin, _, code := execute(t, in, "flux", "--kustomization", sandboxesKustomization, "-")
	require.Equal(t, exitcode.OK, code)
	assert.Equal(t, out, stdin, "a manifest stream on standard input")

	out, _, code = execute(t, "", "flux", "--kustomization", sandboxesKustomization, "-c", "bp-sandbox-b4",
		"../../fixtures/streams/sandbox-today-no-org-id.yaml")
	require.Equal(t, exitcode.OK, code)
	assert.Contains(t, out, "patches: []", "the B4 contract asks nothing more of today's pty-server")
}

func TestFluxKustomizationErrors(t *testing.T) {
	stream := "../../fixtures/streams/sandbox-today.yaml"
	tests := map[string]struct {
		args     []string
		code     int
		wantText string
	}{
		"no manifests":        {args: []string{"--kustomization", sandboxesKustomization}, code: exitcode.Usage, wantText: "requires at least 1 arg"},
		"--write":             {args: []string{"--kustomization", sandboxesKustomization, stream, "--write"}, code: exitcode.Usage, wantText: "put the printed entries under spec.patches"},
		"--var":               {args: []string{"--kustomization", sandboxesKustomization, stream, "--var", "A=b"}, code: exitcode.Usage, wantText: "substitutes after spec.patches"},
		"not a Kustomization": {args: []string{"--kustomization", fluxRelease, stream}, code: exitcode.Usage, wantText: "want exactly one Flux Kustomization"},
		"a missing manifest":  {args: []string{"--kustomization", sandboxesKustomization, "none.yaml"}, code: exitcode.Usage, wantText: "none.yaml"},
		"a pre-fix stream": {args: []string{"--kustomization", sandboxesKustomization, "../../fixtures/streams/mcp-drifted.yaml"},
			code: exitcode.Findings, wantText: "env ORG_ID must not be set"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := execute(t, "", append([]string{"flux"}, tc.args...)...)
			assert.Equal(t, tc.code, code, stderr)
			assert.Empty(t, out)
			assert.Contains(t, stderr, tc.wantText)
		})
	}
}
