package kustomize_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// functionConfig is envcontract as a kustomize exec transformer, with the
// chart values the contract reads.
func functionConfig(bin, values string) string {
	return `apiVersion: envcontract.dev/v1alpha1
kind: EnvContractFunction
metadata:
  name: envcontract
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: ` + bin + `
spec:
  contract: bp-sandbox-b4
` + values
}

// TestExecTransformer runs envcontract as a KRM exec function under real
// kustomize: the MCP Deployment and the controller come out as render makes
// them, the pty-server and every other object as kustomize alone leaves
// them, and no function annotation reaches the output.
func TestExecTransformer(t *testing.T) {
	tl := requireTools(t)
	dir := t.TempDir()
	enabled, err := os.ReadFile(tl.fixture("values", "enabled.yaml"))
	require.NoError(t, err)
	manifests := mustRun(t, dir, nil, tl.helm4, "template", "sandbox", tl.fixture("charts", "bp-sandbox-drifted"),
		"--namespace", "sandbox-system", "-f", tl.fixture("values", "enabled.yaml"))

	build := func(name, resource, transformer string) string {
		d := filepath.Join(dir, name)
		writeFile(t, filepath.Join(d, "in.yaml"), resource)
		k := "resources: [in.yaml]\n"
		if transformer != "" {
			writeFile(t, filepath.Join(d, "envcontract.yaml"), transformer)
			k += "transformers: [envcontract.yaml]\n"
		}
		writeFile(t, filepath.Join(d, "kustomization.yaml"), k)
		return mustRun(t, dir, nil, tl.kustomize, "build", "--enable-alpha-plugins", "--enable-exec", d)
	}
	values := "  values:\n" + indent(string(enabled), "    ")
	got := build("fn", manifests, functionConfig(tl.bin, values))
	plain := objects(t, build("plain", manifests, ""))
	rendered := mustRun(t, dir, []byte(manifests), tl.bin, "render", "-c", "bp-sandbox-b4", "-f", tl.fixture("values", "enabled.yaml"))
	want := objects(t, build("rendered", rendered, ""))

	gotObjs := objects(t, got)
	require.Len(t, gotObjs, len(want))
	for key, w := range want {
		assert.JSONEq(t, objectJSON(t, w), objectJSON(t, gotObjs[key]), "%s is what render makes of it", key)
	}
	assert.JSONEq(t, objectJSON(t, plain["StatefulSet/pty-server"]), objectJSON(t, gotObjs["StatefulSet/pty-server"]),
		"the pty-server keeps its bare names")
	assert.NotEqual(t, envJSON(t, plain["Deployment/openova-sandbox-mcp"]), envJSON(t, gotObjs["Deployment/openova-sandbox-mcp"]),
		"the MCP Deployment is fixed")
	assert.Contains(t, envJSON(t, gotObjs["Deployment/openova-sandbox-mcp"]), `"SANDBOX_ORG_ID"`)
	assert.NotContains(t, got, "config.kubernetes.io/", "no function annotation leaks into the output")

	res := run(t, dir, nil, tl.kustomize, "build", "--enable-alpha-plugins", "--enable-exec", func() string {
		d := filepath.Join(dir, "novalues")
		writeFile(t, filepath.Join(d, "in.yaml"), manifests)
		writeFile(t, filepath.Join(d, "envcontract.yaml"), functionConfig(tl.bin, ""))
		writeFile(t, filepath.Join(d, "kustomization.yaml"), "resources: [in.yaml]\ntransformers: [envcontract.yaml]\n")
		return d
	}())
	assert.NotZero(t, res.code, "without runtime.mcpImage the contract cannot be met")
	assert.Contains(t, res.stderr, "SANDBOX_MCP_IMAGE")
}

func indent(s, pad string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString(pad)
		}
		b.WriteString(l)
	}
	return b.String()
}
