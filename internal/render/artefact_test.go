package render

import (
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// printedMap is the controller of a chart whose template printed
// runtime.llmGatewayTokenSecret, given as a {name, key} map, into a value;
// no contract workload selects it. Lines are the stream's: it follows
// configMap (15 lines), so the value is at line 29.
const printedMap = `---
# Source: bp-sandbox/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sandbox-controller
spec:
  template:
    spec:
      containers:
        - name: controller
          env:
            - name: SANDBOX_LLM_GATEWAY_TOKEN_SECRET
              value: "map[key:llm-gateway-token name:sandbox-tokens]"
`

func TestFormatArtefacts(t *testing.T) {
	want := finding.Finding{
		Code: finding.FormatArtefact, Severity: finding.SeverityError,
		Container: "controller", Env: "SANDBOX_LLM_GATEWAY_TOKEN_SECRET",
		Pos: finding.Pos{File: "bp-sandbox/templates/deployment.yaml", Line: 29, Doc: 1, Object: "Deployment/sandbox-controller"},
		Message: "env SANDBOX_LLM_GATEWAY_TOKEN_SECRET: value holds a map printed as text (map[…]) (value not shown): " +
			"the chart printed a value of another shape than the template expects; fix the chart value's shape, or the template (toYaml, .name)",
	}
	in := configMap + printedMap

	t.Run("render refuses", func(t *testing.T) {
		res, err := Run(Options{Contracts: builtin(t)}, Input{Data: []byte(in)})
		require.ErrorIs(t, err, ErrViolations)
		assert.Contains(t, err.Error(), "bp-sandbox/templates/deployment.yaml:29")
		assert.Contains(t, res.Findings, want)
	})
	t.Run("check names the file and the template", func(t *testing.T) {
		res, err := Run(Options{Contracts: builtin(t), Check: true}, Input{File: "rendered.yaml", Data: []byte(in)})
		require.NoError(t, err)
		w := want
		w.Pos.File = "rendered.yaml"
		w.Message += "; it came from bp-sandbox/templates/deployment.yaml"
		assert.Contains(t, res.Findings, w)
	})
	t.Run("Helm 4's annotation names the template", func(t *testing.T) {
		h4 := strings.Replace(strings.Replace(printedMap, "# Source: bp-sandbox/templates/deployment.yaml\n", "", 1),
			"  name: sandbox-controller\n", "  name: sandbox-controller\n  annotations:\n    postrenderer.helm.sh/postrender-filename: bp-sandbox/templates/deployment.yaml\n", 1)
		res, err := Run(Options{Contracts: builtin(t)}, Input{Data: []byte(h4)})
		require.ErrorIs(t, err, ErrViolations)
		require.NotEmpty(t, res.Findings)
		assert.Equal(t, "bp-sandbox/templates/deployment.yaml", res.Findings[0].Pos.File)
		for _, f := range res.Findings {
			assert.NotContains(t, f.Text(), "sandbox-tokens", "the value is never shown")
		}
	})
}
